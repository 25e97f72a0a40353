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

export function cell(value: unknown): string {
  const s =
    value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
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
