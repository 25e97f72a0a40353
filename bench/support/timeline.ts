import type IORedis from 'ioredis';
import type { SimulatorStats, WebhookKind } from '../../src/simulator';
import type { LoadReport } from '../../src/ports/load-board.port';
import type { DialRate } from '../../src/scheduling/dial-rate';

/** One second of the run, as the carrier and the load board saw it. */
interface Row {
  atS: number;
  creates: number;
  delivered: number;
  failedTries: number;
  givenUp: Record<string, number>;
  rate: DialRate | null;
  apiAnswerMs: number | null;
  apiLagMs: number | null;
  workerLagMs: number | null;
  postCallWaiting: number;
}

const fmt = (n: number | null) => (n === null ? '-' : n.toFixed(0));

/**
 * Samples the simulator's counters, the governor's rate and every process's load report once a second, so a
 * webhook given up can be put next to what the dialer and the API were doing in that second.
 */
export function watchTimeline(
  redis: IORedis,
  prefix: string,
  simStats: () => Promise<SimulatorStats>,
  periodMs = 1000,
) {
  const rows: Row[] = [];
  const startedAt = Date.now();
  let previous: SimulatorStats | null = null;
  let busy = false;
  const sample = async () => {
    const [stats, rateJson, reportsHash, postCallWaiting] = await Promise.all([
      simStats(),
      redis.get(`${prefix}:load:dial-rate`),
      redis.hgetall(`${prefix}:load:reports`),
      redis.llen(`${prefix}:post-call:wait`),
    ]);
    const since = Date.now() - 2 * periodMs;
    const reports = Object.values(reportsHash)
      .map((json) => JSON.parse(json) as LoadReport & { at: number })
      .filter((r) => r.at >= since);
    const max = (values: Array<number | null>) => {
      const present = values.filter((v): v is number => v !== null);
      return present.length ? Math.max(...present) : null;
    };
    const api = reports.filter((r) => r.role === 'api');
    const workers = reports.filter((r) => r.role === 'worker');
    if (previous) {
      const givenUp: Record<string, number> = {};
      for (const [kind, n] of Object.entries(stats.webhookGiveUpsByKind) as Array<[WebhookKind, number]>) {
        const d = n - (previous.webhookGiveUpsByKind[kind] ?? 0);
        if (d) givenUp[kind] = d;
      }
      rows.push({
        atS: (Date.now() - startedAt) / 1000,
        creates: stats.creates - previous.creates,
        delivered: stats.webhookDeliveries - previous.webhookDeliveries,
        failedTries: stats.webhookFailures - previous.webhookFailures,
        givenUp,
        rate: rateJson ? (JSON.parse(rateJson) as DialRate) : null,
        apiAnswerMs: max(api.map((r) => r.webhookAnswerMs)),
        apiLagMs: max(api.map((r) => r.eventLoopLagMs)),
        workerLagMs: max(workers.map((r) => r.eventLoopLagMs)),
        postCallWaiting,
      });
    }
    previous = stats;
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sample().then(
      () => (busy = false),
      () => (busy = false),
    );
  }, periodMs);
  return {
    stop(): Row[] {
      clearInterval(timer);
      return rows;
    },
  };
}

/** The timeline as a table, one line a second: creates, webhooks, the rate in force and the load signals. */
export function timelineTable(rows: Row[]): string[] {
  const lines = [
    '     t  creates  delivered  failed  given up (by kind)            rate/s  reasons             api answer  api lag  worker lag  post-call',
  ];
  for (const r of rows) {
    const lost = Object.entries(r.givenUp)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(
      `${r.atS.toFixed(0).padStart(6)}  ${String(r.creates).padStart(7)}  ${String(r.delivered).padStart(9)}  ${String(r.failedTries).padStart(6)}  ${(lost || '0').padEnd(28)}  ${(r.rate?.callsPerSecond?.toFixed(1) ?? '-').padStart(6)}  ${(r.rate?.reasons.join(',') ?? '').padEnd(18)}  ${fmt(r.apiAnswerMs).padStart(10)}  ${fmt(r.apiLagMs).padStart(7)}  ${fmt(r.workerLagMs).padStart(10)}  ${String(r.postCallWaiting).padStart(9)}`,
    );
  }
  return lines;
}
