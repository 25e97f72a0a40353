import { z } from 'zod';
import { COLLECTED_FIELDS } from '../analysis/agent-analysis';
import { formUrl, instant, ipAddress, sellerName } from '../leads/lead-record';
import { decodeEventCursor } from './event-cursor';
import { decodeCursor, decodeIdCursor, pageQuery } from './page-cursor';
import type { LeadPosition } from '../ports/repositories.port';

/** Our ids (lead_…, call-…, camp_…) are short; a longer one cannot exist and is not looked up. */
export const id = z.string().min(1, 'is required').max(200);
import {
  CONTEXT_VARIABLES,
  LANGUAGE_CODE,
  LEAD_FIELD_VARIABLES,
  referencedVariables,
} from '../domain/call-context';

export const e164 = z
  .string()
  .regex(/^\+1[2-9]\d{2}[2-9]\d{6}$/, 'must be a US number in E.164 form, e.g. +13125550123');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24-hour)');

// Every object is strict, nested ones too: a misspelt setting must be a 400, not a silent default.
const retryRule = z.strictObject({
  delayMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60),
  maxAttempts: z.number().int().min(1).max(10),
});

const DEFAULT_RETRY = { delayMinutes: 60, maxAttempts: 3 };

const analysisId = z.string().trim().min(1).max(100);
/** Which of the ElevenLabs agent's data-collection ids and evaluation criteria mean what (see src/analysis). */
const analysisMapping = z.strictObject({
  dataCollection: z.partialRecord(z.enum(COLLECTED_FIELDS), analysisId).default({}),
  evaluation: z
    .partialRecord(
      z.enum([
        'qualified',
        'appointment',
        'callback',
        'not_interested',
        'dnc_request',
        'wrong_number',
        'voicemail',
      ]),
      analysisId,
    )
    .default({}),
});

const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(LANGUAGE_CODE, 'must be a language code such as "en", "es" or "pt-br"');

/** The campaign's call script (the seed's Context Builder); every text bounded, as it goes into the prompt. */
const scriptSchema = z.strictObject({
  approachStrategy: z.string().trim().max(2000).default(''),
  talkingPoints: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  objectionHandling: z
    .array(
      z.strictObject({
        objection: z.string().trim().min(1).max(300),
        response: z.string().trim().min(1).max(1000),
      }),
    )
    .max(20)
    .default([]),
  firstMessage: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .refine(
      (text) =>
        referencedVariables(text).every(
          (name) => name === 'call_id' || CONTEXT_VARIABLES.some((v) => v === name),
        ),
      { message: `may reference only these {{variables}}: ${CONTEXT_VARIABLES.join(', ')}` },
    )
    .nullable()
    .default(null),
  language: languageCode.nullable().default(null),
});

export const createCampaignSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    agentId: z.string().min(1).max(200).optional(),
    agent: z
      .strictObject({
        /** Variables the agent's prompt needs from every lead: a lead without one is refused at upload. */
        requiredVariables: z.array(z.enum(LEAD_FIELD_VARIABLES)).max(LEAD_FIELD_VARIABLES.length).default([]),
      })
      .prefault({}),
    script: scriptSchema.prefault({}),
    callerId: e164.optional(),
    limits: z
      .strictObject({
        maxConcurrentCalls: z.number().int().min(1).max(1000).default(5),
        callsPerSecond: z.number().positive().max(100).default(1),
        maxAttemptsPerLead: z.number().int().min(1).max(10).default(3),
      })
      .prefault({}),
    retry: z
      .strictObject({
        'no-answer': retryRule.default(DEFAULT_RETRY),
        busy: retryRule.default(DEFAULT_RETRY),
        failed: retryRule.default(DEFAULT_RETRY),
        voicemail: retryRule.default(DEFAULT_RETRY),
      })
      .prefault({}),
    voicemail: z
      .strictObject({
        action: z.enum(['hangup', 'leave_message']).default('hangup'),
        message: z.string().max(1000).nullable().default(null),
      })
      .refine((v) => v.action !== 'leave_message' || !!v.message, {
        message: 'a message is required when action is leave_message',
        path: ['message'],
      })
      .prefault({}),
    callingWindow: z
      .strictObject({ start: hhmm, end: hhmm })
      .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] })
      .nullable()
      .default(null),
    analysis: analysisMapping.nullable().default(null),
    compliance: z
      .strictObject({ allowRegistryWithWrittenAgreement: z.boolean().default(false) })
      .prefault({}),
  })
  .strict();

/** Kinds of call initiate can place: the seed also names others (e.g. a human agent's), none of which exist here. */
export const CALL_TYPES = ['agent'] as const;

export const initiateCallSchema = z
  .object({
    leadId: id,
    /** The seed's field: when given it must be the lead's own campaign. */
    campaignId: id.optional(),
    callType: z
      .enum(CALL_TYPES, { error: 'only "agent" calls (the AI agent) are supported' })
      .default('agent'),
    overrideTCPA: z.boolean().default(false),
    overrideReason: z
      .string()
      .trim()
      .min(10, 'must explain the override in at least 10 characters')
      .max(1000)
      .optional(),
  })
  .strict()
  .refine((b) => !b.overrideTCPA || !!b.overrideReason, {
    message: 'is required when overrideTCPA is true',
    path: ['overrideReason'],
  });

/** The same rules as the consent columns of an upload (src/leads/lead-record.ts). */
export const consentSchema = z
  .object({
    phone: e164,
    leadId: id.nullable().default(null),
    method: z.enum(['written', 'electronic_signature', 'verbal', 'implied']),
    capturedAt: instant(),
    expiresAt: instant().nullable().default(null),
    sellerName: sellerName(),
    coversAutomatedCalls: z.boolean(),
    source: z
      .strictObject({ formUrl: formUrl.nullable().default(null), ip: ipAddress.nullable().default(null) })
      .prefault({}),
  })
  .strict();

export const dncAddSchema = z.object({ phone: e164, reason: z.string().trim().min(1).max(500) }).strict();

export const complianceCheckQuery = z.object({
  phone: e164
    .optional()
    .meta({ description: 'A US number in E.164 form; URL-encode the `+` as `%2B` (a bare `+` is a space).' }),
  leadId: id.optional().meta({ description: 'A lead id; with both, `leadId` wins.' }),
});

export const eventsQuery = z.object({
  published: z.enum(['true', 'false']).optional().meta({
    description: '`true`: only published events; `false`: only events not yet published. Omitted: both.',
  }),
  callId: id.optional(),
  leadId: id.optional(),
  ...pageQuery(decodeEventCursor),
});

export const registryImportQuery = z.object({
  downloadedAt: z
    .string()
    .max(64)
    .pipe(z.coerce.date())
    .meta({ description: 'When the file was downloaded from the FTC (ISO 8601, not in the future).' }),
});

export const callerIdAddSchema = z
  .object({ phone: e164, note: z.string().trim().min(1).max(200).optional() })
  .strict();

export const killSwitchSchema = z.object({ engaged: z.boolean() }).strict();

/** The most leads one JSON upload may carry; more go in a CSV (streamed) or in several uploads. */
export const MAX_JSON_LEADS = 10_000;

export const leadUploadJsonSchema = z.object({
  leads: z
    .array(
      z.record(z.string(), z.unknown()).meta({
        description:
          "One lead: the CSV columns as fields (see the operation's description). Each lead is checked on its " +
          'own: a bad one is reported in the answer, not a 400.',
      }),
    )
    .min(1)
    .max(MAX_JSON_LEADS),
});

/** `GET /api/campaigns/{id}/uploads`: newest first, by id. */
export const uploadsPageQuery = z.object(pageQuery(decodeIdCursor));

/** `GET /api/campaigns/{id}/leads`: in upload order (row number, then id). */
export const leadsPageQuery = z.object(
  pageQuery((cursor): LeadPosition | null => {
    const [rowNumber, id] = decodeCursor(cursor, 2) ?? [];
    return typeof rowNumber === 'number' && typeof id === 'string' ? { rowNumber, id } : null;
  }),
);

/** A cursor of (creation time, id): the key of the listings in creation order. */
function decodeCreatedCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = decodeCursor(cursor, 2) ?? [];
  const createdAt = typeof at === 'string' ? new Date(at) : null;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !id) return null;
  return { createdAt, id };
}

/** The call listings: oldest first (createdAt, then call id). */
export const callsPageQuery = z.object(
  pageQuery((cursor) => {
    const key = decodeCreatedCursor(cursor);
    return key && { createdAt: key.createdAt, callId: key.id };
  }),
);

/** `GET /api/dnc`: in phone order. */
export const dncPageQuery = z.object(pageQuery(decodeIdCursor));

/** `GET /api/campaigns`: newest first (createdAt, then id). */
export const campaignsPageQuery = z.object(pageQuery(decodeCreatedCursor));
