/**
 * One lead upload, recorded from its first byte: `receiving` while rows are read (the counts grow a batch at a
 * time, so they are true even if the API dies), then how it ended. Whatever the ending, the counts are the rows
 * stored: an upload that was cut short keeps the rows saved before the cut and nothing of the row being read.
 */
export const UPLOAD_STATUSES = ['receiving', 'complete', 'aborted', 'too_large'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export interface RowError {
  row: number;
  errors: Array<{ field: string; reason: string }>;
}

export interface Upload {
  id: string;
  campaignId: string;
  status: UploadStatus;
  accepted: number;
  rejected: number;
  /** Rejected rows per kind of reason ("phone: must be a valid US phone number"). */
  errorCounts: Record<string, number>;
  /** The first rejected rows (at most MAX_REPORTED_ROWS); every one is in the upload's errors.csv. */
  firstErrors: RowError[];
  startedAt: Date;
  finishedAt: Date | null;
}
