import type { ComplianceJobData, DialJobData, PostCallJobData } from '../queues/payloads';

/** One try of one lead: what a lead's jobs are keyed by. */
export interface LeadAttempt {
  leadId: string;
  attemptNumber: number;
}

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
}
