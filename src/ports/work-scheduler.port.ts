import type { ComplianceJobData, DialJobData, PostCallJobData } from '../queues/payloads';

/** One try of one lead: what a lead's jobs are keyed by. */
export interface LeadAttempt {
  leadId: string;
  attemptNumber: number;
}

/** A compliance or dial job held back by a pause or the kill switch, to be woken when that ends. */
export interface HeldJob extends LeadAttempt {
  queue: 'compliance' | 'dial';
}

/** The scope of the kill switch's held jobs; any other scope is a campaign's id. */
export const KILL_SWITCH_SCOPE = '*kill-switch*';

/** Putting work on the queues, without knowing they are BullMQ (implemented by src/queues/job-queues.ts). */
export interface WorkScheduler {
  enqueueCompliance(data: ComplianceJobData, delayMs?: number): Promise<void>;
  /** Many compliance jobs due now, in one round trip; the same job ids and options as enqueueCompliance. */
  enqueueComplianceBatch(data: readonly ComplianceJobData[]): Promise<void>;
  /** After `delayMs` (default now): a lead whose send cannot be near waits for its turn as a delayed job. */
  enqueueDial(data: DialJobData, delayMs?: number): Promise<void>;
  /** After `delayMs` (default now); asked for again without a delay, a job still waiting for its time runs now. */
  enqueuePostCall(data: PostCallJobData, delayMs?: number): Promise<void>;
  /**
   * Post-call work for a transcript that arrived (and is stored on the call): the call's first job woken if it
   * is waiting, which then analyses it; else a job of its own per transcript version (so one that comes after
   * the call's first job finished is still processed, and a duplicate delivery is one job).
   */
  enqueueTranscript(data: PostCallJobData, version: string): Promise<void>;
  removeLeadJobs(attempts: readonly LeadAttempt[]): Promise<void>;
  /**
   * Notes a job that is about to wait because its campaign is paused (`scope`: the campaign's id) or the kill
   * switch is engaged (KILL_SWITCH_SCOPE); answers how long it has been held, counted from its first note since the
   * last wake of that scope.
   */
  holdUntilResumed(scope: string, job: HeldJob): Promise<number>;
  /**
   * Runs the jobs held in `scope` (and `alsoTry`) now instead of at their next look, and forgets them: those that
   * were not waiting (running, gone) are returned, as a job being held right now may be one of them.
   */
  wakeHeld(scope: string, alsoTry?: readonly HeldJob[]): Promise<{ woken: number; notWaiting: HeldJob[] }>;
  /** Runs now the delayed dial jobs of these calls (their turn for a slot came); answers those not delayed. */
  wakeDialJobs(callIds: readonly string[]): Promise<string[]>;
}
