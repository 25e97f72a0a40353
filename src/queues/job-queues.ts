import { Job, Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { moduleLogger } from '../logger';
import { currentTrace, type TraceCarrier } from '../tracing/tracing';
import type { CallTraces } from '../tracing/call-traces';
import type { HeldJob, LeadAttempt, WorkScheduler } from '../ports/work-scheduler.port';
import { QUEUE_NAMES } from './names';
import {
  jobIds,
  leadAttemptOfCall,
  type ComplianceJobData,
  type DialJobData,
  type PostCallJobData,
} from './payloads';

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

/** Held jobs are noted again at each look; a scope nobody holds in for a day is forgotten. */
const HELD_TTL_MS = 24 * 3600 * 1000;
/** Held jobs woken per round trip. */
const WAKE_BATCH = 500;

/** The job carries the trace it was queued in (src/tracing), so the worker that runs it continues that trace. */
function traced<T extends object>(data: T, carrier = currentTrace()): T & { trace?: TraceCarrier } {
  return carrier ? { ...data, trace: carrier } : data;
}

function complianceJob(data: ComplianceJobData, delayMs: number) {
  const jobId = jobIds.compliance(data.leadId, data.attemptNumber);
  return { name: 'check', data: traced(data), opts: { ...OPTIONS.compliance, jobId, delay: delayMs } };
}

/**
 * Runs a delayed job now, in one round trip without reading it first (it needs no name or data for that). False
 * when the job is not delayed: running, waiting already, done or removed.
 */
function promoteDelayed(queue: Queue, jobId: string): Promise<boolean> {
  return new Job(queue, 'promote', {}, {}, jobId).promote().then(
    () => true,
    () => false,
  );
}

/** The producers: the only way code outside src/queues puts work on a queue. */
export class JobQueues implements WorkScheduler {
  readonly compliance: Queue<ComplianceJobData>;
  readonly dial: Queue<DialJobData>;
  readonly postCall: Queue<PostCallJobData>;
  /** Set when tracing is on: a post-call job joins its call's trace. */
  callTraces: CallTraces | null = null;

  /**
   * `connection` is BullMQ's; `own` carries our held-job notes (the auto-pipelined connection of our own scripts).
   */
  constructor(
    connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly own: Redis,
  ) {
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
    const job = complianceJob(data, delayMs);
    await this.compliance.add(job.name, job.data, job.opts);
  }

  async enqueueComplianceBatch(data: readonly ComplianceJobData[]): Promise<void> {
    await this.compliance.addBulk(data.map((d) => complianceJob(d, 0)));
  }

  async enqueueDial(data: DialJobData, delayMs = 0): Promise<void> {
    const jobId = jobIds.dial(data.leadId, data.attemptNumber);
    await this.dial.add('dial', traced(data), { ...OPTIONS.dial, jobId, delay: delayMs });
  }

  /** Both the carrier's final status and the transcript webhook ask for this; the second one wakes a waiting job. */
  async enqueuePostCall(data: PostCallJobData, delayMs = 0): Promise<void> {
    const jobId = jobIds.postCall(data.callId);
    const job = await this.postCall.add('post-call', traced(data, await this.callTrace(data.callId)), {
      ...OPTIONS.postCall,
      jobId,
      delay: delayMs,
    });
    if (delayMs === 0 && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }

  /**
   * Called once the conversation is stored on the call. The call's post-call job, when it has yet to run or is
   * waiting for the transcript (then woken), will read it: one run analyses it. Only when that job is running,
   * done or gone does a job of this conversation's version run after it. Promoting is tried first: it is what
   * usually happens (an answered call's job waits its first look out), one round trip instead of three.
   */
  async enqueueTranscript(data: PostCallJobData, version: string): Promise<void> {
    const firstId = jobIds.postCall(data.callId);
    // Not promoted: not delayed (any more), and its state says whether it will still run.
    if (await promoteDelayed(this.postCall, firstId)) return;
    const state = await this.postCall.getJobState(firstId);
    if (state === 'waiting' || state === 'prioritized') return;
    const jobId = jobIds.transcript(data.callId, version);
    // In the call's trace too: when the transcript overtakes the final status, this job does the call's work.
    await this.postCall.add('post-call', traced(data, await this.callTrace(data.callId)), {
      ...OPTIONS.postCall,
      jobId,
    });
  }

  /** The call's own trace, whichever webhook (with or without one) asks for its post-call work first. */
  private async callTrace(callId: string): Promise<TraceCarrier | undefined> {
    return (await this.callTraces?.get(callId)) ?? currentTrace();
  }

  /**
   * Removes the waiting jobs of these attempts; an active job re-checks state itself. The removals are sent
   * together, so ioredis writes them back to back: one wait for the lot, not one per job.
   */
  async removeLeadJobs(attempts: readonly LeadAttempt[]): Promise<void> {
    await Promise.all(
      attempts.flatMap(({ leadId, attemptNumber }) => [
        this.compliance.remove(jobIds.compliance(leadId, attemptNumber)),
        this.dial.remove(jobIds.dial(leadId, attemptNumber)),
      ]),
    );
  }

  async holdUntilResumed(scope: string, job: HeldJob): Promise<number> {
    const key = this.heldKey(scope);
    const member = JSON.stringify([job.queue, job.leadId, job.attemptNumber]);
    const now = Date.now();
    const replies = await this.own
      .multi()
      .zadd(key, 'NX', now, member)
      .zscore(key, member)
      .pexpire(key, HELD_TTL_MS)
      .exec();
    const since = Number(replies?.[1]?.[1] ?? now);
    return Math.max(0, now - since);
  }

  async wakeHeld(
    scope: string,
    alsoTry: readonly HeldJob[] = [],
  ): Promise<{ woken: number; notWaiting: HeldJob[] }> {
    const key = this.heldKey(scope);
    let woken = 0;
    const notWaiting: HeldJob[] = [];
    let batch = [...alsoTry];
    for (;;) {
      const popped = await this.own.zpopmin(key, WAKE_BATCH);
      for (let i = 0; i < popped.length; i += 2) {
        const [queue, leadId, attemptNumber] = JSON.parse(popped[i]!) as [HeldJob['queue'], string, number];
        batch.push({ queue, leadId, attemptNumber });
      }
      const promoted = await Promise.all(batch.map((job) => this.promote(job)));
      promoted.forEach((ok, i) => (ok ? (woken += 1) : notWaiting.push(batch[i]!)));
      // A short batch was the end of the set: a job held again after its wake (paused again) waits for the next.
      if (popped.length < 2 * WAKE_BATCH) return { woken, notWaiting };
      batch = [];
    }
  }

  async wakeDialJobs(callIds: readonly string[]): Promise<string[]> {
    const woken = await Promise.all(
      callIds.map((callId) => {
        const attempt = leadAttemptOfCall(callId);
        return attempt ? this.promote({ queue: 'dial', ...attempt }) : false;
      }),
    );
    return callIds.filter((_, i) => !woken[i]);
  }

  private promote(held: HeldJob): Promise<boolean> {
    const queue = held.queue === 'dial' ? this.dial : this.compliance;
    return promoteDelayed(queue, jobIds[held.queue](held.leadId, held.attemptNumber));
  }

  private heldKey(scope: string): string {
    return `${this.prefix}:held:${scope}`;
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
