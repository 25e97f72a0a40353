import type { RowError } from '../domain/upload';

/** Rejected rows listed in an upload's answer; the rest are counted and in its errors.csv. */
export const MAX_REPORTED_ROWS = 1000;
/** Kinds of reason counted one by one; a file with more (a reason naming a date, say) counts the rest as one. */
export const MAX_REASON_KINDS = 100;
export const OTHER_REASONS = 'other reasons';

/**
 * The reason without the value that caused it, so that a thousand bad phone numbers count as one kind:
 * 'phone: must be a valid US phone number, got "555"' → 'phone: must be a valid US phone number'.
 */
export function reasonKind(field: string, reason: string): string {
  return `${field}: ${reason.replace(/, got [\s\S]*$/, '').replace(/ \([^)]*\)/g, '')}`;
}

/**
 * An upload's tally, in bounded memory whatever the number of rows: counts, the first rejected rows, counts per
 * kind of reason, and the rejected rows not yet written out (taken by `drainErrors`).
 */
export class UploadTally {
  accepted = 0;
  rejected = 0;
  readonly errorCounts: Record<string, number> = {};
  readonly firstErrors: RowError[] = [];
  readonly acceptedIds: string[] = [];
  private pending: RowError[] = [];

  accept(leadId: string): void {
    this.accepted += 1;
    if (this.acceptedIds.length < MAX_REPORTED_ROWS) this.acceptedIds.push(leadId);
  }

  reject(row: RowError): void {
    this.rejected += 1;
    if (this.firstErrors.length < MAX_REPORTED_ROWS) this.firstErrors.push(row);
    this.pending.push(row);
    for (const kind of new Set(row.errors.map((e) => reasonKind(e.field, e.reason)))) {
      const known = kind in this.errorCounts || Object.keys(this.errorCounts).length < MAX_REASON_KINDS;
      const key = known ? kind : OTHER_REASONS;
      this.errorCounts[key] = (this.errorCounts[key] ?? 0) + 1;
    }
  }

  get pendingErrors(): number {
    return this.pending.length;
  }

  drainErrors(): RowError[] {
    const rows = this.pending;
    this.pending = [];
    return rows;
  }
}
