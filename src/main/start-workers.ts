import type { Worker } from 'bullmq';
import type { Container } from '../container';
import { createWorker } from '../queues/create-worker';
import { QUEUE_NAMES } from '../queues/names';
import { createComplianceProcessor } from '../processors/compliance.processor';
import { createDialProcessor } from '../processors/dial.processor';
import { createPostCallProcessor } from '../processors/post-call.processor';
import { startEventRelay } from '../services/event-relay';
import { startCallReconciler } from '../services/call-reconciler';
import { CARRIER_CHECK } from '../scheduling/stale-calls';
import { createLeadIntake } from '../services/lead-intake';
import { startSharedPeriodic } from '../services/shared-periodic';
import { requeueStrandedLeads, STRANDED_SWEEP_MS } from '../services/stranded-leads';
import { moduleLogger } from '../logger';
import { startDialGovernor } from '../services/dial-governor';
import { wakeEarlyTurns } from '../services/early-wakes';
import { collectProcessMetrics, registerLoadMetrics } from '../load/load-metrics';
import { startMetricsServer } from '../load/metrics-server';
import { Registry } from 'prom-client';

const log = moduleLogger('worker');

/** How often one replica looks for calls asleep in a pacing line past their turn (the longest such gap). */
const EARLY_WAKE_PASS_MS = 1000;

/** Starts the processors this replica runs (WORKER_QUEUES) and, if listed, the outbox relay. */
export function startWorkers(c: Container) {
  const base = { connection: c.redis, prefix: c.config.QUEUE_PREFIX, clock: c.deps.clock };
  const wanted = new Set(c.config.WORKER_QUEUES);
  const workers: Worker[] = [];
  if (wanted.has('compliance')) {
    workers.push(
      createWorker(QUEUE_NAMES.compliance, createComplianceProcessor(c.deps), {
        ...base,
        concurrency: c.config.WORKER_CONCURRENCY,
      }) as Worker,
    );
  }
  if (wanted.has('dial')) {
    // An earlier version limited how fast dial jobs start while the rate was lowered: with a backlog, that limit
    // kept the jobs whose pacing turn had come behind jobs that had not run, and one left in Redis would stay.
    c.queues.dial
      .removeGlobalRateLimit()
      .catch((err: Error) =>
        log.warn('could not remove an old rate limit on dial jobs', { error: err.message }),
      );
    workers.push(
      createWorker(QUEUE_NAMES.dial, createDialProcessor(c.deps), {
        ...base,
        concurrency: c.config.WORKER_CONCURRENCY,
      }) as Worker,
    );
  }
  if (wanted.has('post-call')) {
    workers.push(
      createWorker(QUEUE_NAMES.postCall, createPostCallProcessor(c.deps), {
        ...base,
        concurrency: c.config.WORKER_CONCURRENCY,
      }) as Worker,
    );
  }
  const relay = wanted.has('relay')
    ? startEventRelay(c.deps.outbox, c.publisher, c.deps.clock, undefined, c.turns)
    : null;
  const reconciler = wanted.has('dial')
    ? startCallReconciler(
        c.deps,
        { ...CARRIER_CHECK, quietSec: c.config.RECONCILE_QUIET_SECONDS },
        c.config.RECONCILE_INTERVAL_SECONDS * 1000,
      )
    : null;
  const governor = wanted.has('dial')
    ? startDialGovernor({
        ...c.deps,
        postCallBacklog: () => c.queues.postCall.getWaitingCount(),
      })
    : null;
  const earlyWakes = wanted.has('dial')
    ? startSharedPeriodic(
        c.turns,
        'early-wakes',
        () => wakeEarlyTurns(c.deps, c.queues),
        { busyMs: EARLY_WAKE_PASS_MS, idleMs: EARLY_WAKE_PASS_MS, leaseMs: EARLY_WAKE_PASS_MS },
        (err) => log.warn('early-wake pass failed', { error: err.message }),
      )
    : null;
  const metrics = serveWorkerMetrics(c);
  const intake = createLeadIntake(c.deps);
  const sweeper = wanted.has('compliance')
    ? startSharedPeriodic(
        c.turns,
        'stranded-leads',
        async () => (await requeueStrandedLeads(c.deps, intake)) > 0,
        { busyMs: STRANDED_SWEEP_MS, idleMs: STRANDED_SWEEP_MS, leaseMs: STRANDED_SWEEP_MS },
        (err) => log.warn('stranded-lead pass failed', { error: err.message }),
      )
    : null;
  log.info('worker started', { queues: [...wanted] });
  return {
    workers,
    /** Stops taking jobs and waits for the ones in hand to finish their bookkeeping. */
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.close()));
      await relay?.stop();
      await reconciler?.stop();
      await governor?.stop();
      await earlyWakes?.stop();
      await sweeper?.stop();
      await (await metrics)?.close();
    },
  };
}

/** This replica's own /metrics (process defaults, event-loop lag, dial rate); a port already taken is logged. */
async function serveWorkerMetrics(c: Container) {
  const registry = new Registry();
  collectProcessMetrics(registry);
  registerLoadMetrics(registry, {
    lag: c.reporting.lag,
    board: c.deps.load,
    configuredCps: c.config.GLOBAL_CALLS_PER_SECOND,
  });
  try {
    const server = await startMetricsServer(registry, c.config.WORKER_METRICS_PORT);
    log.info('worker metrics listening', { port: server.port });
    return server;
  } catch (err) {
    log.error('worker metrics could not listen', {
      port: c.config.WORKER_METRICS_PORT,
      error: (err as Error).message,
    });
    return null;
  }
}
