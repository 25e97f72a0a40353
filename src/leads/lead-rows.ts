import type { Lead, LeadConsentInput } from '../domain/lead';

/** A lead as an upload gives it, before it is saved: no id, campaign or status yet; consent not yet stored. */
export type ValidLeadRow = Pick<
  Lead,
  'phone' | 'firstName' | 'lastName' | 'email' | 'address' | 'timeZone' | 'propertyAddress' | 'language'
> & { consent: LeadConsentInput | null };

export interface FieldError {
  /** Our column name, snake_case (phone, first_name, consent_captured_at...), or "row" for a row that cannot be read. */
  field: string;
  /** A sentence fragment that follows the field name: 'must be a valid US phone number, got "555"'. */
  reason: string;
}

/**
 * One uploaded lead, numbered as the uploader sees it. In a CSV the header is row 1 and the first lead row 2,
 * counting records, not lines (a quoted value spanning lines is still one row); row 1 also carries file-level
 * errors, such as a missing or repeated column. In a JSON upload, leads[i] is row i + 1.
 */
export type RowResult =
  { ok: true; row: number; lead: ValidLeadRow } | { ok: false; row: number; errors: FieldError[] };

export interface LeadRowOptions {
  /** Consent captured after this instant is rejected. Defaults to the time of the call (of the upload, for a CSV). */
  now?: Date;
}

export { validateLeadRecord } from './lead-record';
export { parseLeadCsv } from './lead-csv';
