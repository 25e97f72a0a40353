import type { ComplianceRecord } from '../../domain/compliance-record';

const COLUMNS = [
  'checkedAt',
  'leadId',
  'attemptId',
  'phone',
  'stage',
  'result',
  'violations',
  'fineEstimateMaxUsd',
  'notBefore',
  'zones',
  'consentId',
  'registryDownloadedAt',
  'ruleSetVersion',
  'override',
  'error',
];

/** A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection)... */
const FORMULA_START = /^[=+\-@\t\r]/;
/** ...but a plain number such as an E.164 phone number is no formula, and stays as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function cell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  // A leading apostrophe makes the spreadsheet show the text as text; the evidence itself is unchanged.
  const s = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Evidence export for a campaign, one decision a line, streamed. Full numbers: this is the legal record. */
export async function* complianceCsv(records: AsyncIterable<ComplianceRecord>): AsyncIterable<string> {
  yield `${COLUMNS.join(',')}\n`;
  for await (const r of records) {
    const e = r.evidence;
    yield `${[
      r.checkedAt,
      r.leadId,
      r.attemptId,
      r.phone,
      r.stage,
      r.result,
      r.violations.map((v) => v.code).join(' '),
      r.violations.reduce((sum, v) => sum + v.fineEstimateUsd.max, 0),
      r.notBefore,
      e?.zones.map((z) => `${z.zone}(${z.source})`).join(' '),
      e?.consentId,
      e?.registryDownloadedAt,
      e?.ruleSetVersion,
      e?.override ? `${e.override.by}: ${e.override.reason}` : '',
      r.error,
    ]
      .map(cell)
      .join(',')}\n`;
  }
}
