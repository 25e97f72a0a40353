import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { CALL_STATUSES, CONVERSATION_OUTCOMES } from '../domain/call';
import type { Deps } from '../services/deps';
import { moduleLogger } from '../logger';
import { methodLabel } from './route-label';
import { collectProcessMetrics } from '../load/load-metrics';

const log = moduleLogger('metrics');

/** Calls and compliance decisions are counted over this window, read from MongoDB on scrape. */
const WINDOW_MS = 24 * 3600_000;
/** Completed jobs per queue whose times make the latency quantiles. */
const LATENCY_SAMPLE = 100;
const QUANTILES = [0.5, 0.95, 1] as const;

const KNOWN_OUTCOMES = new Set<string>([
  ...CONVERSATION_OUTCOMES,
  'voicemail',
  'no-answer',
  'busy',
  'failed',
]);
const KNOWN_STATUSES = new Set<string>(CALL_STATUSES);
const KNOWN_RESULTS = new Set(['allowed', 'blocked', 'deferred', 'error']);

/** A stored value as a label: only values the code can write, anything else `other` (no series from data). */
function known(value: string | null, allowed: Set<string> | RegExp): string {
  if (value === null) return 'none';
  return (allowed instanceof RegExp ? allowed.test(value) : allowed.has(value)) ? value : 'other';
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A gauge whose values are all read at scrape time; a failed read leaves it empty rather than failing /metrics. */
function scrapedGauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: (set: (labels: Record<string, string>, value: number) => void) => Promise<void>,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      await read((labels, value) => this.set(labels, value)).catch((err: Error) =>
        log.debug('metric not read', { metric: name, error: err.message }),
      );
    },
  });
}

function queueMetrics(registry: Registry, queues: Queue[]): void {
  scrapedGauge(registry, 'dialer_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (set) => {
    for (const q of queues) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      for (const [state, n] of Object.entries(counts)) set({ queue: q.name, state }, n);
    }
  });
  scrapedGauge(
    registry,
    'dialer_queue_job_seconds',
    `Job times over the last ${LATENCY_SAMPLE} completed jobs per queue: measure=run (last try's processing) ` +
      'or total (added → finished, including deliberate waits such as calling hours)',
    ['queue', 'measure', 'quantile'],
    async (set) => {
      for (const q of queues) {
        const jobs = await q.getJobs(['completed'], 0, LATENCY_SAMPLE - 1);
        const done = jobs.filter((j) => j?.finishedOn && j.processedOn);
        if (!done.length) continue;
        const run = done.map((j) => (j.finishedOn! - j.processedOn!) / 1000).sort((a, b) => a - b);
        const total = done.map((j) => (j.finishedOn! - j.timestamp) / 1000).sort((a, b) => a - b);
        for (const q2 of QUANTILES) {
          set({ queue: q.name, measure: 'run', quantile: String(q2) }, quantile(run, q2));
          set({ queue: q.name, measure: 'total', quantile: String(q2) }, quantile(total, q2));
        }
      }
    },
  );
}

function callMetrics(registry: Registry, deps: Deps): void {
  const since = () => new Date(deps.clock.now().getTime() - WINDOW_MS);
  scrapedGauge(
    registry,
    'dialer_calls',
    'Calls created in the last 24 hours, by status and outcome',
    ['status', 'outcome'],
    async (set) => {
      for (const { key, n } of await deps.operations.callsByStatusAndOutcome(since()))
        set({ status: known(key.status, KNOWN_STATUSES), outcome: known(key.outcome, KNOWN_OUTCOMES) }, n);
    },
  );
  scrapedGauge(
    registry,
    'dialer_compliance_decisions',
    'Compliance decisions of the last 24 hours (queries excluded), by result and violation code',
    ['result', 'code'],
    async (set) => {
      for (const { key, n } of await deps.operations.complianceDecisions(since()))
        set({ result: known(key.result, KNOWN_RESULTS), code: known(key.code, /^[A-Z_]{1,40}$/) }, n);
    },
  );
  scrapedGauge(
    registry,
    'dialer_calls_per_second',
    'Calls sent to the carrier over the last minute, per second',
    [],
    async (set) => {
      const n = await deps.operations.callsPlacedSince(new Date(deps.clock.now().getTime() - 60_000));
      set({}, n / 60);
    },
  );
  scrapedGauge(
    registry,
    'dialer_call_slots_in_use',
    'Call slots held (calls dialing or in progress), all campaigns',
    [],
    async (set) => {
      set({}, await deps.permits.activeCount());
    },
  );
  scrapedGauge(registry, 'dialer_limits', 'Configured global limits', ['limit'], async (set) => {
    set({ limit: 'calls_per_second' }, deps.settings.globalCallsPerSecond);
    set({ limit: 'call_slots' }, deps.settings.globalMaxConcurrentCalls);
  });
}

/**
 * Prometheus metrics: process defaults, HTTP answers and webhook answer times by route pattern, queue depths and
 * job times, calls, compliance decisions, pacing and call slots (read on scrape from Redis and MongoDB, so one
 * API replica's /metrics answers for the whole system). Add a group as one more function beside these.
 */
export function createMetrics(queues: Queue[], deps: Deps, routeOf: (path: string) => string) {
  const registry = new Registry();
  collectProcessMetrics(registry);
  const http = new Counter({
    name: 'dialer_http_responses_total',
    help: 'HTTP responses by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const webhooks = new Histogram({
    name: 'dialer_webhook_answer_seconds',
    help: 'Time to answer a provider webhook, by route pattern',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  queueMetrics(registry, queues);
  callMetrics(registry, deps);

  const countResponses: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req.originalUrl);
      http.inc({ method: methodLabel(req.method), route, status: String(res.statusCode) });
      if (route.startsWith('/webhooks/'))
        webhooks.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
  return { registry, countResponses };
}
