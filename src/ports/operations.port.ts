import type { CallOutcome, CallStatus } from '../domain/call';
import type { ComplianceRecord } from '../domain/compliance-record';

export interface CallSummary {
  callId: string;
  leadId: string;
  to: string;
  status: CallStatus;
  outcome: CallOutcome | null;
  sentiment: { overall: number; label: string } | null;
  durationSec: number | null;
  hasTranscript: boolean;
  createdAt: Date;
}

export interface Counted<K> {
  key: K;
  n: number;
}

/**
 * Read-only questions the operator asks across calls and compliance decisions (dashboard and /metrics):
 * aggregates in the database, never whole documents.
 */
export interface OperationsReadModel {
  /** Calls created since `since`, by status and outcome (outcome null while there is none). */
  callsByStatusAndOutcome(since: Date): Promise<Array<Counted<{ status: string; outcome: string | null }>>>;
  /** Compliance decisions since `since`, by result and violation code (code null for an allowed decision). */
  complianceDecisions(
    since: Date,
  ): Promise<Array<Counted<{ result: ComplianceRecord['result']; code: string | null }>>>;
  /** Calls handed to the carrier since `since`. */
  callsPlacedSince(since: Date): Promise<number>;
  /** Blocked decisions of a campaign by violation code. */
  complianceBlocksByCode(campaignId: string): Promise<Record<string, number>>;
  /** The earliest `notBefore` after `now` among the campaign's deferred decisions, or null. */
  nextLawfulMinute(campaignId: string, now: Date): Promise<Date | null>;
  /** Creation times of the campaign's calls since `since` (for a calls-per-minute chart). */
  callTimes(campaignId: string, since: Date): Promise<Date[]>;
  latestCalls(campaignId: string, limit: number): Promise<CallSummary[]>;
}
