import type { FieldError } from './lead-rows';

/** Our column names, snake_case: the names every validation error uses, whatever the uploader called them. */
export const CONTACT_COLUMNS = [
  'phone',
  'first_name',
  'last_name',
  'email',
  'street',
  'city',
  'state',
  'zip',
  'time_zone',
  'property_address',
  'language',
] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

export const CONSENT_COLUMNS = [
  'consent_method',
  'consent_captured_at',
  'consent_expires_at',
  'consent_seller',
  'consent_automated',
  'consent_form_url',
  'consent_ip',
] as const;
export type ConsentColumn = (typeof CONSENT_COLUMNS)[number];

export type LeadColumn = ContactColumn | ConsentColumn;

const COLUMNS: ReadonlySet<string> = new Set<string>([...CONTACT_COLUMNS, ...CONSENT_COLUMNS]);

/**
 * Names CRM exports use for our columns, as snakeCase() spells them. The address_* and consent_*_name forms are
 * also what a JSON lead shaped like our Lead type ({ address: { street }, consent: { sellerName } }) flattens to.
 * "mobile" and "cell" are left out on purpose: exports that have them usually have a "phone" column as well.
 */
const ALIASES: ReadonlyMap<string, LeadColumn> = new Map(
  Object.entries({
    phone_number: 'phone',
    firstname: 'first_name',
    lastname: 'last_name',
    surname: 'last_name',
    email_address: 'email',
    e_mail: 'email',
    address: 'street',
    street_address: 'street',
    address_street: 'street',
    address_city: 'city',
    address_state: 'state',
    zip_code: 'zip',
    zipcode: 'zip',
    postal_code: 'zip',
    address_zip: 'zip',
    timezone: 'time_zone',
    tz: 'time_zone',
    property: 'property_address',
    consent_seller_name: 'consent_seller',
    consent_covers_automated_calls: 'consent_automated',
  } satisfies Record<string, LeadColumn>),
);

/** "First Name", "first-name", "firstName" and "FIRST_NAME" → "first_name". */
export function snakeCase(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Our column for an uploaded column name; null for the many extra columns CRM exports carry. */
export function columnFor(name: string): LeadColumn | null {
  const key = snakeCase(name);
  if (COLUMNS.has(key)) return key as LeadColumn;
  return ALIASES.get(key) ?? null;
}

export interface ColumnMapping {
  /** Our column for each given name, by position. */
  columns: Array<LeadColumn | null>;
  /** One per column named more than once: reading either name would silently drop the other's value. */
  errors: FieldError[];
}

export function mapColumns(names: readonly string[]): ColumnMapping {
  const columns = names.map(columnFor);
  const namesByColumn = new Map<LeadColumn, string[]>();
  columns.forEach((column, i) => {
    if (column) namesByColumn.set(column, [...(namesByColumn.get(column) ?? []), names[i] ?? '']);
  });
  const errors = [...namesByColumn]
    .filter(([, given]) => given.length > 1)
    .map(([column, given]) => ({
      field: column,
      reason: `is given more than once (as ${given.map((name) => JSON.stringify(name)).join(' and ')})`,
    }));
  return { columns, errors };
}
