import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { moduleLogger } from '../logger';
import type { WorkScheduler } from '../ports/work-scheduler.port';
import { QUEUE_NAMES } from './names';
import { jobIds, type ComplianceJobData, type DialJobData, type PostCallJobData } from './payloads';

const log = moduleLogger('queues');

/** Completed job ids are kept a day, so re-adding the same attempt within that time is a no-op. */
const KEEP: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 200_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const OPTIONS = {
  compliance: { ...KEEP, attempts: 6, backoff: { type: 'exponential', delay: 1000 } },
  // Transient carrier errors (429/5xx) retry here; they never count as a call attempt.
  dial: { ...KEEP, attempts: 8, backoff: { type: 'exponential', delay: 500 } },
  // Waiting for the transcript webhook (or the polling fallback) is the common retry here.
  postCall: { ...KEEP, attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
} satisfies Record<string, JobsOptions>;

/** The producers: the only way code outside src/queues puts work on a queue. */
export class JobQueues implements WorkScheduler {
  readonly compliance: Queue<ComplianceJobData>;
  readonly dial: Queue<DialJobData>;
  readonly postCall: Queue<PostCallJobData>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.compliance = new Queue(QUEUE_NAMES.compliance, { connection, prefix });
    this.dial = new Queue(QUEUE_NAMES.dial, { connection, prefix });
    this.postCall = new Queue(QUEUE_NAMES.postCall, { connection, prefix });
    for (const q of this.all())
      q.on('error', (err) => log.error('queue error', { queue: q.name, error: err.message }));
  }

  all(): Queue[] {
    return [this.compliance, this.dial, this.postCall] as Queue[];
  }

  async enqueueCompliance(data: ComplianceJobData, delayMs = 0): Promise<void> {
    const jobId = jobIds.compliance(data.leadId, data.attemptNumber);
    await this.compliance.add('check', data, { ...OPTIONS.compliance, jobId, delay: delayMs });
  }

  async enqueueDial(data: DialJobData): Promise<void> {
    const jobId = jobIds.dial(data.leadId, data.attemptNumber);
    await this.dial.add('dial', data, { ...OPTIONS.dial, jobId });
  }

  /** Both the carrier's final status and the transcript webhook ask for this; the second one wakes a waiting job. */
  async enqueuePostCall(data: PostCallJobData): Promise<void> {
    const jobId = jobIds.postCall(data.callId);
    const job = await this.postCall.add('post-call', data, { ...OPTIONS.postCall, jobId });
    if (await job.isDelayed()) await job.promote().catch(() => undefined);
  }

  /** Removes a lead's waiting jobs for its current attempt; an active job re-checks state itself. */
  async removeLeadJobs(leadId: string, attemptNumber: number): Promise<void> {
    await Promise.all([
      this.compliance.remove(jobIds.compliance(leadId, attemptNumber)),
      this.dial.remove(jobIds.dial(leadId, attemptNumber)),
    ]);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
