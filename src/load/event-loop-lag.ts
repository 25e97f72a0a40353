import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** What the event loop did over one interval, in milliseconds. */
export interface LagReading {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * How late this process's event loop runs, sampled by Node itself (perf_hooks.monitorEventLoopDelay: a timer
 * every 50 ms, the time between its firings recorded in a histogram). `take` returns the interval since the previous take
 * and starts a new one; the Prometheus gauge shows the last interval taken, or the running one if none was.
 * Every firing wakes the process: at 10 ms that alone cost an idle process about 11 CPU-ms per second on a
 * shared 2-core machine, at 50 ms about 3. A stall reads up to 50 ms short, which the governor's marks (200 and
 * 500 ms) tolerate.
 */
const RESOLUTION_MS = 50;

export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private last: LagReading = { p50Ms: 0, p99Ms: 0, maxMs: 0 };

  constructor() {
    this.histogram.enable();
  }

  take(): LagReading {
    this.last = this.peek();
    this.histogram.reset();
    return this.last;
  }

  /** The stall of the last interval taken (`take`), what the gauge reports. */
  latest(): LagReading {
    return this.last;
  }

  private peek(): LagReading {
    const h = this.histogram;
    // Every value includes the timer's own period: a loop on time reads ~50 ms, which is no lag at all.
    const ms = (ns: number) =>
      h.count === 0 || !Number.isFinite(ns) ? 0 : Math.max(0, ns / 1e6 - RESOLUTION_MS);
    return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
  }

  stop(): void {
    this.histogram.disable();
  }
}

/** `dialer_event_loop_lag_seconds{quantile}` on `registry`, read from `lag` on every scrape. */
export function registerEventLoopLag(registry: Registry, lag: EventLoopLag): void {
  new Gauge({
    name: 'dialer_event_loop_lag_seconds',
    help: 'Event-loop delay of this process over the last second (perf_hooks.monitorEventLoopDelay)',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      const r = lag.latest();
      this.set({ quantile: '0.5' }, r.p50Ms / 1000);
      this.set({ quantile: '0.99' }, r.p99Ms / 1000);
      this.set({ quantile: '1' }, r.maxMs / 1000);
    },
  });
}
