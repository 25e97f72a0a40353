import {
  DelayedError,
  UnrecoverableError,
  Worker,
  type ConnectionOptions,
  type Job,
  type WorkerOptions,
} from 'bullmq';
import { moduleLogger } from '../logger';
import { inSpan, type TraceCarrier } from '../tracing/tracing';
import { PermanentJobError } from '../errors';
import { DeferJob, type Processor } from './process-job';
import type { QueueName } from './names';
import type { Clock } from '../ports/clock.port';

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
  const worker = new Worker<T>(
    name,
    async (job: Job<T>, token?: string) => {
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
          await job.moveToDelayed(Date.now() + delayMs, token);
          throw new DelayedError();
        }
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      limiter: opts.limiter,
      // A worker killed mid-job: another replica takes the job back after the lock expires.
      stalledInterval: opts.stalledInterval ?? 5000,
      lockDuration: opts.lockDuration ?? 15000,
    },
  );
  worker.on('error', (err) => log.error('worker error', { error: err.message }));
  worker.on('failed', (job, err) => {
    // A try that will be retried (e.g. waiting for a transcript) is routine; only the last one is a warning.
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
    log.log(final ? 'warn' : 'debug', 'job failed', {
      jobId: job?.id,
      attemptsMade: job?.attemptsMade,
      error: err.message,
    });
  });
  return worker;
}
