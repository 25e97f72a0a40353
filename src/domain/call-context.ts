import { EMPTY_SCRIPT, type Campaign, type CallScript } from './campaign';
import type { Lead } from './lead';

/**
 * The seed's Context Builder: what the ElevenLabs agent knows before it speaks. Lead and property fields and the
 * campaign's script go in as dynamic variables (the agent's prompt references them as {{name}}); the first
 * message and the language as conversation overrides, which ElevenLabs honours only when the agent allows them.
 */

/** Variables and the lead column each comes from (the column an upload's row error names when it is missing). */
const LEAD_VARIABLES = {
  first_name: 'first_name',
  last_name: 'last_name',
  full_name: 'first_name',
  email: 'email',
  street: 'street',
  city: 'city',
  state: 'state',
  zip: 'zip',
  property_address: 'property_address',
} as const;

/** Variables the campaign's script fills in; always present, possibly empty. */
const SCRIPT_VARIABLES = ['approach_strategy', 'talking_points', 'objection_handling'] as const;

/** Every variable the context gives the agent, besides call_id (added when the call is answered). */
export const CONTEXT_VARIABLES = [
  ...(Object.keys(LEAD_VARIABLES) as Array<keyof typeof LEAD_VARIABLES>),
  ...SCRIPT_VARIABLES,
  'lead_id',
  'language',
] as const;
export type ContextVariable = (typeof CONTEXT_VARIABLES)[number];

/** The variables an agent can declare as required: those an uploaded lead may lack. */
export const LEAD_FIELD_VARIABLES = Object.keys(LEAD_VARIABLES) as ReadonlyArray<keyof typeof LEAD_VARIABLES>;

/** A variable's value is cut here: a prompt is not the place for a novel, and ElevenLabs bounds the request. */
export const MAX_VARIABLE_CHARS = 2000;

/** ElevenLabs' language codes: ISO 639-1 (or -3, "fil"), with a region for a few ("pt-br"). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z]{2})?$/;

const DEFAULT_LANGUAGE = 'en';

export interface CallContext {
  dynamicVariables: Record<ContextVariable, string>;
  /** Only what the campaign or lead set: an override the agent does not allow fails the conversation. */
  overrides: { firstMessage?: string; language?: string };
}

/** The lead fields the context reads: an uploaded row has them before it is a stored lead. */
export type LeadFields = Pick<Lead, 'firstName' | 'lastName' | 'email' | 'address' | 'propertyAddress'>;

/**
 * Everything of a lead its call's context and its post-call work need: kept on the call when it is placed (see
 * `calleeOf`). `timeZone` is absent from calls placed before it was kept.
 */
export type Callee = LeadFields & Pick<Lead, 'id' | 'language'> & { timeZone?: Lead['timeZone'] };

/**
 * The lead as its call will need it, stored with the call when it is placed: the answer to Twilio's connect
 * request (which waits on it) and the post-call job then read no lead.
 */
export function calleeOf(lead: Lead): Callee {
  const { id, firstName, lastName, email, address, propertyAddress, language, timeZone } = lead;
  return { id, firstName, lastName, email, address, propertyAddress, language: language ?? null, timeZone };
}

const cut = (value: string) =>
  value.length > MAX_VARIABLE_CHARS ? value.slice(0, MAX_VARIABLE_CHARS) : value;

function leadValues(lead: LeadFields): Record<keyof typeof LEAD_VARIABLES, string> {
  return {
    first_name: lead.firstName,
    last_name: lead.lastName,
    full_name: [lead.firstName, lead.lastName].filter(Boolean).join(' '),
    email: lead.email ?? '',
    street: lead.address.street ?? '',
    city: lead.address.city ?? '',
    state: lead.address.state ?? '',
    zip: lead.address.zip ?? '',
    property_address: lead.propertyAddress ?? '',
  };
}

function scriptValues(script: CallScript): Record<(typeof SCRIPT_VARIABLES)[number], string> {
  return {
    approach_strategy: script.approachStrategy,
    talking_points: script.talkingPoints.map((point, i) => `${i + 1}. ${point}`).join('\n'),
    objection_handling: script.objectionHandling
      .map(({ objection, response }) => `If they say "${objection}": ${response}`)
      .join('\n'),
  };
}

/** The lead's own language first (a per-lead override), then the campaign script's. */
function languageOf(lead: Pick<Lead, 'language'>, campaign: Pick<Campaign, 'script'>): string | null {
  return lead.language ?? (campaign.script ?? EMPTY_SCRIPT).language;
}

/** Pure: the same lead and campaign always give the same context. Every variable is a string, never missing. */
export function buildCallContext(lead: Callee, campaign: Pick<Campaign, 'script'>): CallContext {
  const script = campaign.script ?? EMPTY_SCRIPT;
  const language = languageOf(lead, campaign);
  const values = {
    ...leadValues(lead),
    ...scriptValues(script),
    lead_id: lead.id,
    language: language ?? DEFAULT_LANGUAGE,
  };
  const dynamicVariables = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, cut(value)]),
  ) as Record<ContextVariable, string>;
  const overrides: CallContext['overrides'] = {};
  if (script.firstMessage) overrides.firstMessage = script.firstMessage;
  if (language) overrides.language = language;
  return { dynamicVariables, overrides };
}

/** `{{name}}` references in a text (ElevenLabs' placeholder syntax), in order, without repeats. */
export function referencedVariables(text: string | null): string[] {
  return [...new Set([...(text ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))];
}

/** What the agent needs from every lead: the declared variables and those its first message references. */
export function requiredVariablesOf(campaign: Pick<Campaign, 'agent' | 'script'>): string[] {
  const declared = campaign.agent.requiredVariables ?? [];
  return [...new Set([...declared, ...referencedVariables(campaign.script?.firstMessage ?? null)])];
}

/**
 * The required variables this lead would send empty, each with the upload column it comes from: caught when the
 * lead is uploaded, so no conversation ever starts without them.
 */
export function missingVariables(
  lead: LeadFields,
  campaign: Pick<Campaign, 'agent' | 'script'>,
): Array<{ variable: string; column: string }> {
  const values: Record<string, string> = leadValues(lead);
  return requiredVariablesOf(campaign)
    .filter((name) => name in LEAD_VARIABLES && !values[name]?.trim())
    .map((variable) => ({ variable, column: LEAD_VARIABLES[variable as keyof typeof LEAD_VARIABLES] }));
}
