import { isIP } from 'node:net';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { normalizeState } from '../compliance/data/us-states';
import type { ConsentMethod } from '../compliance/types';
import { normalizeZip } from '../compliance/zip';
import { CONSENT_COLUMNS, mapColumns, snakeCase, type ConsentColumn, type ContactColumn } from './columns';
import type { FieldError, LeadRowOptions, RowResult, ValidLeadRow } from './lead-rows';
import { toUsE164 } from './us-phone';
import { LANGUAGE_CODE } from '../domain/call-context';

const CONSENT_METHODS = [
  'written',
  'electronic_signature',
  'verbal',
  'implied',
] as const satisfies readonly ConsentMethod[];

const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ...['true', 'yes', 'y', '1'].map((word) => [word, true] as const),
  ...['false', 'no', 'n', '0'].map((word) => [word, false] as const),
]);

/** Long enough to recognise the value in a spreadsheet, short enough not to flood an error list. */
const SHOWN_CHARS = 60;

function shown(input: unknown): string {
  const text = typeof input === 'string' ? input : written(input);
  return JSON.stringify(text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);
}

/** A value given where text was expected, as JSON; one nested too deep to write out is named by its kind. */
function written(input: unknown): string {
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return Array.isArray(input) ? '[…]' : '{…}';
  }
}

/**
 * Longest accepted value of each text field: room for any real name, address or URL, while a multi-megabyte
 * cell cannot be stored and later sent to Twilio and ElevenLabs.
 */
export const FIELD_MAX_CHARS = {
  phone: 40,
  name: 100,
  email: 254,
  address: 200,
  sellerName: 200,
  url: 2000,
  ip: 45,
  timeZone: 64,
  code: 32,
  instant: 64,
} as const;

const atMost = (max: number) => ({
  error: (issue: { input?: unknown }) =>
    `must be at most ${max} characters, got ${typeof issue.input === 'string' ? issue.input.length : '?'}`,
});

function mustBe(what: string, input: unknown, detail?: string): string {
  return `must be ${what}, got ${shown(input)}${detail ? ` (${detail})` : ''}`;
}

function expecting(what: string, whenMissing = 'is required') {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? whenMissing : mustBe(what, issue.input),
  };
}

/** A text cell turned into T by `read`, which answers undefined for text it cannot take. */
function readAs<T>(
  what: string,
  read: (given: string) => T | undefined,
  whenMissing?: string,
  max: number = FIELD_MAX_CHARS.code,
) {
  return z
    .string(expecting(what, whenMissing))
    .max(max, atMost(max))
    .transform((given, ctx) => {
      const value = read(given);
      if (value !== undefined) return value;
      ctx.addIssue({ code: 'custom', message: mustBe(what, given) });
      return z.NEVER;
    });
}

const text = (max: number, whenMissing?: string) =>
  z.string(expecting('text', whenMissing)).max(max, atMost(max));

const usPhone = text(FIELD_MAX_CHARS.phone).transform((given, ctx) => {
  const phone = toUsE164(given);
  if (phone.ok) return phone.e164;
  ctx.addIssue({ code: 'custom', message: mustBe(phone.expected, given, phone.detail) });
  return z.NEVER;
});

/** Date-times without an offset are read as UTC: form tools export consent timestamps from UTC servers. */
export const instant = (whenMissing?: string) =>
  readAs(
    'an ISO 8601 date or date-time such as "2024-05-01T14:30:00Z"',
    (given) => {
      const parsed = DateTime.fromISO(given, { zone: 'utc' });
      return parsed.isValid ? parsed.toJSDate() : undefined;
    },
    whenMissing,
    FIELD_MAX_CHARS.instant,
  );

const contactSchema = z.object({
  phone: usPhone,
  first_name: text(FIELD_MAX_CHARS.name),
  last_name: text(FIELD_MAX_CHARS.name).optional(),
  email: z
    .email(expecting('an email address'))
    .max(FIELD_MAX_CHARS.email, atMost(FIELD_MAX_CHARS.email))
    .optional(),
  street: text(FIELD_MAX_CHARS.address).optional(),
  city: text(FIELD_MAX_CHARS.name).optional(),
  state: readAs(
    'a US state, DC or territory code such as "TX"',
    (given) => normalizeState(given) ?? undefined,
  ).optional(),
  // "2134" is read as "02134": spreadsheets drop the leading zero of New England and New Jersey ZIPs.
  zip: readAs('a 5-digit ZIP code or ZIP+4', (given) => normalizeZip(given) ?? undefined).optional(),
  time_zone: text(FIELD_MAX_CHARS.timeZone)
    .refine((zone) => IANAZone.isValidZone(zone), expecting('an IANA time zone such as "America/Chicago"'))
    .optional(),
  property_address: text(FIELD_MAX_CHARS.address).optional(),
  language: readAs('a language code such as "en", "es" or "pt-br"', (given) =>
    LANGUAGE_CODE.test(given.toLowerCase()) ? given.toLowerCase() : undefined,
  ).optional(),
} satisfies Record<ContactColumn, z.ZodType>);

const WHEN_CONSENT = 'is required when any consent column is filled in';

// The consent evidence rules the CSV/JSON upload and POST /api/consents share.
export const sellerName = (whenMissing = 'is required') =>
  z
    .string(expecting('text', whenMissing))
    .trim()
    .min(1, whenMissing)
    .max(FIELD_MAX_CHARS.sellerName, atMost(FIELD_MAX_CHARS.sellerName));
export const formUrl = z
  .url({ protocol: /^https?$/, ...expecting('an http(s) URL') })
  .max(FIELD_MAX_CHARS.url, atMost(FIELD_MAX_CHARS.url));
export const ipAddress = text(FIELD_MAX_CHARS.ip).refine(
  (given) => isIP(given) !== 0,
  expecting('an IPv4 or IPv6 address'),
);

const consentSchema = z.object({
  consent_method: readAs(
    `one of ${CONSENT_METHODS.join(', ')}`,
    (given) => CONSENT_METHODS.find((method) => method === snakeCase(given)),
    WHEN_CONSENT,
  ),
  consent_captured_at: instant(WHEN_CONSENT),
  consent_expires_at: instant().optional(),
  consent_seller: sellerName(WHEN_CONSENT),
  consent_automated: readAs('true/false, yes/no or 1/0', (given) =>
    YES_NO.get(given.toLowerCase()),
  ).optional(),
  consent_form_url: formUrl.optional(),
  consent_ip: ipAddress.optional(),
} satisfies Record<ConsentColumn, z.ZodType>);

type ContactFields = z.output<typeof contactSchema>;
type ConsentFields = z.output<typeof consentSchema>;

/** Columns a CSV header must have; the others may be absent or blank. */
export const REQUIRED_COLUMNS = (Object.keys(contactSchema.shape) as ContactColumn[]).filter(
  (column) => !contactSchema.shape[column].isOptional(),
);

/**
 * Validates one uploaded lead, a CSV row keyed by its header or an element of a JSON upload's `leads`. Keys are
 * matched like CSV headers (firstName, "First Name" and first_name all work); unknown keys are ignored. All the
 * record's bad fields are reported together, each naming its column; the consent dates are checked against each
 * other and the clock once the consent columns themselves are valid.
 */
export function validateLeadRecord(
  record: Record<string, unknown>,
  rowNumber: number,
  options: LeadRowOptions = {},
): RowResult {
  const { cells, errors } = readCells(record);
  const contact = contactSchema.safeParse(cells);
  const hasConsent = CONSENT_COLUMNS.some((column) => cells[column] !== undefined);
  const consent = hasConsent ? consentSchema.safeParse(cells) : undefined;
  for (const parsed of [contact, consent]) {
    parsed?.error?.issues.forEach((issue) =>
      errors.push({ field: String(issue.path[0]), reason: issue.message }),
    );
  }
  if (consent?.success) {
    const { consent_captured_at: captured, consent_expires_at: expires } = consent.data;
    errors.push(...consentTimingErrors(captured, expires, options.now ?? new Date()));
  }
  if (!contact.success || errors.length > 0) return { ok: false, row: rowNumber, errors };
  return { ok: true, row: rowNumber, lead: toLead(contact.data, consent?.data) };
}

/**
 * Keys mapped to our columns, values to trimmed text (blank = absent): spreadsheet cells come padded, JSON values
 * typed (a phone or ZIP given as a number). One level of nesting is flattened, so { address: { city } } and
 * { consent: { capturedAt } } read as address_city and consent_captured_at.
 */
function readCells(record: Record<string, unknown>): {
  cells: Record<string, unknown>;
  errors: FieldError[];
} {
  const entries = Object.entries(record).flatMap(([key, value]) =>
    isPlainObject(value)
      ? Object.entries(value).map(([inner, innerValue]) => [`${key}_${inner}`, innerValue] as const)
      : [[key, value] as const],
  );
  const { columns, errors } = mapColumns(entries.map(([key]) => key));
  const cells: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    if (column) cells[column] = cellText(entries[i]?.[1]);
  });
  return { cells, errors };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function cellText(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value ?? undefined;
}

/**
 * Consent must be captured before `now` (prior consent) and expire after it was captured. `fields` names the two
 * dates as the caller's input does.
 */
export function consentTimingErrors(
  captured: Date,
  expires: Date | null | undefined,
  now: Date,
  fields: { captured: string; expires: string } = {
    captured: 'consent_captured_at',
    expires: 'consent_expires_at',
  },
): FieldError[] {
  const errors: FieldError[] = [];
  if (captured > now) {
    errors.push({
      field: fields.captured,
      reason: `must not be in the future, got ${shown(captured.toISOString())}`,
    });
  }
  if (expires && expires <= captured) {
    errors.push({
      field: fields.expires,
      reason: mustBe(`after ${fields.captured} (${captured.toISOString()})`, expires.toISOString()),
    });
  }
  return errors;
}

function toLead(contact: ContactFields, consent: ConsentFields | undefined): ValidLeadRow {
  return {
    phone: contact.phone,
    firstName: contact.first_name,
    lastName: contact.last_name ?? '',
    email: contact.email ?? null,
    address: {
      street: contact.street ?? null,
      city: contact.city ?? null,
      state: contact.state ?? null,
      zip: contact.zip ?? null,
    },
    timeZone: contact.time_zone ?? null,
    propertyAddress: contact.property_address ?? null,
    ...(contact.language !== undefined && { language: contact.language }),
    consent: consent
      ? {
          method: consent.consent_method,
          capturedAt: consent.consent_captured_at,
          expiresAt: consent.consent_expires_at ?? null,
          sellerName: consent.consent_seller,
          // Absent means no: only consent that says so covers an AI (artificial-voice) call.
          coversAutomatedCalls: consent.consent_automated ?? false,
          formUrl: consent.consent_form_url ?? null,
          ip: consent.consent_ip ?? null,
        }
      : null,
  };
}
