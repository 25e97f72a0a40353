import type { AgentAnalysis } from '../ports/voice-agent.port';
import type { AnalysedOutcome } from './outcome';

/** What a campaign can name a data-collection id for, on its ElevenLabs agent. */
export const COLLECTED_FIELDS = [
  'intent',
  'appointmentTime',
  'callbackTime',
  'timeline',
  'price',
  'condition',
  'motivation',
] as const;
export type CollectedField = (typeof COLLECTED_FIELDS)[number];

/**
 * How to read the agent's analysis: which data-collection id holds which field, and which evaluation criterion,
 * when it succeeds, means which outcome (e.g. `{ dnc_request: 'asked_not_to_be_called' }`).
 */
export interface AnalysisMapping {
  dataCollection: Partial<Record<CollectedField, string>>;
  evaluation: Partial<Record<AnalysedOutcome, string>>;
}

/** What the agent's analysis says, in our terms; null where it says nothing usable. */
export interface AgentFindings {
  outcome: AnalysedOutcome | null;
  appointmentTime: string | null;
  callbackTime: string | null;
  timeline: string | null;
  askingPrice: number | null;
  condition: string | null;
  motivation: string | null;
}

/**
 * Spellings an agent's intent field may use for each outcome, English and Spanish (lowercase, accents dropped,
 * runs of other characters as one "_").
 */
const INTENT_SYNONYMS: ReadonlyArray<readonly [AnalysedOutcome, readonly string[]]> = [
  ['dnc_request', ['dnc', 'dnc_request', 'do_not_call', 'opt_out', 'optout', 'stop_calling', 'no_llamar']],
  ['voicemail', ['voicemail', 'voice_mail', 'machine', 'answering_machine', 'buzon_de_voz', 'contestadora']],
  ['wrong_number', ['wrong_number', 'wrong_person', 'wrong', 'numero_equivocado', 'persona_equivocada']],
  [
    'appointment',
    ['appointment', 'meeting', 'booked', 'schedule_meeting', 'cita', 'cita_agendada', 'visita'],
  ],
  [
    'callback',
    ['callback', 'call_back', 'call_later', 'volver_a_llamar', 'llamar_despues', 'llamar_mas_tarde'],
  ],
  ['not_interested', ['not_interested', 'no_interest', 'declined', 'uninterested', 'no_interesado']],
  [
    'qualified',
    [
      'qualified',
      'interested',
      'selling',
      'selling_now',
      'selling_later',
      'hot',
      'warm',
      'calificado',
      'interesado',
    ],
  ],
];

/** When several criteria succeed, the first of these wins: the same precedence as the local rules. */
const OUTCOME_PRECEDENCE: readonly AnalysedOutcome[] = INTENT_SYNONYMS.map(([outcome]) => outcome);

function slug(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function outcomeOfIntentValue(value: unknown): AnalysedOutcome | null {
  if (typeof value !== 'string') return null;
  const key = slug(value);
  return INTENT_SYNONYMS.find(([, names]) => names.includes(key))?.[0] ?? null;
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || /^(?:null|none|unknown|n\/a)$/i.test(trimmed) ? null : trimmed;
}

/** "$350,000", "350k", "1.2 million", 350000 → dollars; null when no amount can be read. */
export function parsePrice(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  const raw = text(value)?.toLowerCase();
  if (!raw) return null;
  const match = /(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|mil|m|million|millones|mill[oó]n)?\b/.exec(raw);
  if (!match?.[1]) return null;
  const amount = Number(match[1].replace(/,/g, ''));
  const unit = match[2] ?? '';
  const factor = /^(?:k|thousand|mil)$/.test(unit)
    ? 1_000
    : /^(?:m|million|millones|mill[oó]n)$/.test(unit)
      ? 1_000_000
      : 1;
  const dollars = amount * factor;
  return Number.isFinite(dollars) && dollars > 0 ? dollars : null;
}

/** The agent's analysis read through the campaign's mapping; a field the mapping does not name stays null. */
export function readAgentAnalysis(analysis: AgentAnalysis, mapping: AnalysisMapping | null): AgentFindings {
  const collected = (field: CollectedField): unknown => {
    const id = mapping?.dataCollection[field];
    return id === undefined ? undefined : analysis.dataCollection[id];
  };
  const fromCriteria = OUTCOME_PRECEDENCE.find((outcome) => {
    const id = mapping?.evaluation[outcome];
    return id !== undefined && analysis.evaluation[id] === 'success';
  });
  const fromIntent = outcomeOfIntentValue(collected('intent'));
  return {
    outcome: firstByPrecedence([fromIntent, fromCriteria ?? null]),
    appointmentTime: text(collected('appointmentTime')),
    callbackTime: text(collected('callbackTime')),
    timeline: text(collected('timeline')),
    askingPrice: parsePrice(collected('price')),
    condition: text(collected('condition')),
    motivation: text(collected('motivation')),
  };
}

function firstByPrecedence(outcomes: ReadonlyArray<AnalysedOutcome | null>): AnalysedOutcome | null {
  return OUTCOME_PRECEDENCE.find((outcome) => outcomes.includes(outcome)) ?? null;
}

/** True when the mapping names anything at all: without one the local analysis decides alone. */
export function hasMapping(mapping: AnalysisMapping | null): mapping is AnalysisMapping {
  return (
    !!mapping &&
    (Object.keys(mapping.dataCollection).length > 0 || Object.keys(mapping.evaluation).length > 0)
  );
}
