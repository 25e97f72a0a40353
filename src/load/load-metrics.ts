import { Gauge, collectDefaultMetrics, type Registry } from 'prom-client';
import type { LoadBoard } from '../ports/load-board.port';
import { effectiveGlobalCps } from '../scheduling/dial-rate';
import { registerEventLoopLag, type EventLoopLag } from './event-loop-lag';

/**
 * The load metrics every process exports: its own event-loop lag, and the dial rate in force across replicas
 * (read from the board on scrape, so any process's /metrics shows when and why the dialer slowed).
 */
export function registerLoadMetrics(
  registry: Registry,
  load: { lag: EventLoopLag; board: LoadBoard; configuredCps: number },
): void {
  registerEventLoopLag(registry, load.lag);
  new Gauge({
    name: 'dialer_dial_rate_calls_per_second',
    help: 'Global calls per second the dialer allows itself now: the configured rate, or lower under back-pressure',
    registers: [registry],
    async collect() {
      this.set(effectiveGlobalCps(load.configuredCps, await load.board.dialRate()));
    },
  });
  new Gauge({
    name: 'dialer_dial_throttled',
    help: '1 while back-pressure holds the dial rate below the configured one, per signal over its threshold',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      const rate = await load.board.dialRate();
      this.reset();
      this.set({ reason: 'any' }, rate.callsPerSecond === null ? 0 : 1);
      for (const reason of rate.reasons) this.set({ reason }, 1);
    },
  });
}

/**
 * prom-client's default process metrics. They sample the event loop with a timer of their own, and each firing
 * wakes the process: at prom-client's default 10 ms that timer alone cost an idle process about 11 CPU-ms per
 * second on a shared 2-core machine. The lag the dialer acts on is its own (dialer_event_loop_lag_seconds), so
 * the defaults' nodejs_eventloop_lag_* are sampled every 100 ms.
 */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
}
