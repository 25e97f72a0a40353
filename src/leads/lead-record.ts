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
  const text = typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input));
  return JSON.stringify(text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);
}

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
function readAs<T>(what: string, read: (given: string) => T | undefined, whenMissing?: string) {
  return z.string(expecting(what, whenMissing)).transform((given, ctx) => {
    const value = read(given);
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: mustBe(what, given) });
    return z.NEVER;
  });
}

const text = z.string(expecting('text'));

const usPhone = text.transform((given, ctx) => {
  const phone = toUsE164(given);
  if (phone.ok) return phone.e164;
  ctx.addIssue({ code: 'custom', message: mustBe(phone.expected, given, phone.detail) });
  return z.NEVER;
});

/** Date-times without an offset are read as UTC: form tools export consent timestamps from UTC servers. */
const instant = (whenMissing?: string) =>
  readAs(
    'an ISO 8601 date or date-time such as "2024-05-01T14:30:00Z"',
    (given) => {
      const parsed = DateTime.fromISO(given, { zone: 'utc' });
      return parsed.isValid ? parsed.toJSDate() : undefined;
    },
    whenMissing,
  );

const contactSchema = z.object({
  phone: usPhone,
  first_name: text,
  last_name: text.optional(),
  email: z.email(expecting('an email address')).optional(),
  street: text.optional(),
  city: text.optional(),
  state: readAs(
    'a US state, DC or territory code such as "TX"',
    (given) => normalizeState(given) ?? undefined,
  ).optional(),
  // "2134" is read as "02134": spreadsheets drop the leading zero of New England and New Jersey ZIPs.
  zip: readAs('a 5-digit ZIP code or ZIP+4', (given) => normalizeZip(given) ?? undefined).optional(),
  time_zone: text
    .refine((zone) => IANAZone.isValidZone(zone), expecting('an IANA time zone such as "America/Chicago"'))
    .optional(),
  property_address: text.optional(),
  language: readAs('a language code such as "en", "es" or "pt-br"', (given) =>
    LANGUAGE_CODE.test(given.toLowerCase()) ? given.toLowerCase() : undefined,
  ).optional(),
} satisfies Record<ContactColumn, z.ZodType>);

const WHEN_CONSENT = 'is required when any consent column is filled in';

const consentSchema = z.object({
  consent_method: readAs(
    `one of ${CONSENT_METHODS.join(', ')}`,
    (given) => CONSENT_METHODS.find((method) => method === snakeCase(given)),
    WHEN_CONSENT,
  ),
  consent_captured_at: instant(WHEN_CONSENT),
  consent_expires_at: instant().optional(),
  consent_seller: z.string(expecting('text', WHEN_CONSENT)),
  consent_automated: readAs('true/false, yes/no or 1/0', (given) =>
    YES_NO.get(given.toLowerCase()),
  ).optional(),
  consent_form_url: z.url({ protocol: /^https?$/, ...expecting('an http(s) URL') }).optional(),
  consent_ip: text.refine((given) => isIP(given) !== 0, expecting('an IPv4 or IPv6 address')).optional(),
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
  if (consent?.success) errors.push(...consentTimingErrors(consent.data, options.now ?? new Date()));
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

function consentTimingErrors(consent: ConsentFields, now: Date): FieldError[] {
  const captured = consent.consent_captured_at;
  const expires = consent.consent_expires_at;
  const errors: FieldError[] = [];
  if (captured > now) {
    errors.push({
      field: 'consent_captured_at',
      reason: `must not be in the future, got ${shown(captured.toISOString())}`,
    });
  }
  if (expires && expires <= captured) {
    errors.push({
      field: 'consent_expires_at',
      reason: mustBe(`after consent_captured_at (${captured.toISOString()})`, expires.toISOString()),
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
