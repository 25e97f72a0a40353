import type { ComplianceJobData, DialJobData, PostCallJobData } from '../queues/payloads';

/** Putting work on the queues, without knowing they are BullMQ (implemented by src/queues/job-queues.ts). */
export interface WorkScheduler {
  enqueueCompliance(data: ComplianceJobData, delayMs?: number): Promise<void>;
  enqueueDial(data: DialJobData): Promise<void>;
  enqueuePostCall(data: PostCallJobData): Promise<void>;
  removeLeadJobs(leadId: string, attemptNumber: number): Promise<void>;
}
