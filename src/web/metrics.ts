import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

/** Prometheus metrics: process defaults, HTTP answers by route and status, and queue depths read on scrape. */
export function createMetrics(queues: Queue[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Counter({
    name: 'dialer_http_responses_total',
    help: 'HTTP responses by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'dialer_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const q of queues) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
      }
    },
  });
  const countResponses: RequestHandler = (req, res, next) => {
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      http.inc({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, countResponses };
}
