import {
  DelayedError,
  UnrecoverableError,
  Worker,
  type ConnectionOptions,
  type Job,
  type WorkerOptions,
} from 'bullmq';
import { hostname } from 'node:os';
import { moduleLogger } from '../logger';
import { inSpan, type TraceCarrier } from '../tracing/tracing';
import { PermanentJobError } from '../errors';
import { DeferJob, type Processor } from './process-job';
import type { QueueName } from './names';
import type { Clock } from '../ports/clock.port';

/**
 * A job's lock is renewed every LOCK_RENEW_MS and lapses LOCK_DURATION_MS after the last renewal, so only an
 * event-loop stall (or Redis outage) longer than 25 s loses it; the worst stall measured in a worker on a machine
 * whose both cores were held by busy loops was well under that (README, "Locks"). A worker killed mid-job has its
 * jobs taken back by another replica within LOCK_DURATION_MS + STALLED_INTERVAL_MS (40 s). A job found stalled
 * twice is failed rather than run a third time: with our idempotent processors a rerun is safe, but a job that
 * stalls its worker again and again must stop.
 */
export const LOCKS = {
  lockDuration: 30_000,
  lockRenewTime: 5_000,
  stalledInterval: 10_000,
  maxStalledCount: 2,
} satisfies Partial<WorkerOptions>;

/**
 * The one place a BullMQ Worker is created: maps our errors to BullMQ's (PermanentJobError → no retry,
 * DeferJob → same job delayed) and attaches the listeners every worker needs.
 */
export function createWorker<T>(
  name: QueueName,
  processor: Processor<T>,
  opts: {
    connection: ConnectionOptions;
    prefix: string;
    concurrency: number;
    clock: Clock;
  } & Partial<WorkerOptions>,
): Worker<T> {
  const log = moduleLogger(`worker.${name}`);
  // Jobs this worker moved to delayed itself, and when: a lock renewal already under way for such a job fails
  // (the move took the lock) without the job having lost anything.
  const deferredAt = new Map<string, number>();
  const forgetOldDeferrals = (now: number) => {
    for (const [jobId, at] of deferredAt) if (now - at > LOCKS.lockDuration) deferredAt.delete(jobId);
  };
  const worker = new Worker<T>(
    name,
    async (job: Job<T>, token?: string) => {
      deferredAt.delete(job.id ?? '');
      try {
        const carried = (job.data as { trace?: TraceCarrier }).trace;
        return await inSpan(`job ${name}`, carried, () =>
          processor(job.data, { jobId: job.id ?? '', attemptsMade: job.attemptsMade }),
        );
      } catch (err) {
        if (err instanceof DeferJob) {
          log.debug('job deferred', { jobId: job.id, until: err.until.toISOString(), reason: err.message });
          // `until` is on our clock; BullMQ delays on Redis time, so only the distance carries over.
          const delayMs = Math.max(0, err.until.getTime() - opts.clock.now().getTime());
          if (deferredAt.size >= 1000) forgetOldDeferrals(Date.now());
          deferredAt.set(job.id ?? '', Date.now());
          await job.moveToDelayed(Date.now() + delayMs, token);
          throw new DelayedError();
        }
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    {
      // Stored on each job it takes: which process ran (or runs) a job, in Bull Board and in Redis.
      name: `${hostname()}:${process.pid}`,
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      limiter: opts.limiter,
      ...LOCKS,
    },
  );
  // Renewal failures come once more as 'lockRenewalFailed', with the job ids: reported there.
  worker.on('error', (err) => {
    if (!err.message.startsWith('could not renew lock for job'))
      log.error('worker error', { error: err.message });
  });
  worker.on('lockRenewalFailed', (jobIds) => {
    forgetOldDeferrals(Date.now());
    for (const jobId of jobIds) {
      if (deferredAt.has(jobId)) log.debug('lock renewal met our own deferral of the job', { jobId });
      else log.error(`could not renew lock for job ${jobId}: another worker may take it over`, { jobId });
    }
  });
  worker.on('stalled', (jobId) =>
    log.warn('job stalled: its lock lapsed and it goes back to the queue', { jobId }),
  );
  worker.on('failed', (job, err) => {
    // A try that will be retried (e.g. waiting for a transcript) is routine; only the last one is a warning, and
    // a lost lock always is (the job ran on while another worker could take it).
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
    const lockLost = /lock/i.test(err.message);
    log.log(final || lockLost ? 'warn' : 'debug', 'job failed', {
      jobId: job?.id,
      attemptsMade: job?.attemptsMade,
      error: err.message,
    });
  });
  return worker;
}
