import { Histogram, type Registry } from 'prom-client';
import type { RequestHandler } from 'express';
import type { AnswerTimes } from '../load/answer-times';

/**
 * Times every webhook from its arrival in Express to the end of the answer: into the load report (the dialer
 * slows when answers get slow; Twilio never retries a status callback it gave up on) and a Prometheus histogram.
 */
export function timeWebhookAnswers(registry: Registry, answers: AnswerTimes): RequestHandler {
  const histogram = new Histogram({
    name: 'dialer_webhook_answer_seconds',
    help: 'Time from a webhook request reaching the API to its answer being sent',
    labelNames: ['provider'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - start;
      answers.record(ms);
      histogram.observe({ provider: req.path.split('/')[1] ?? 'unknown' }, ms / 1000);
    });
    next();
  };
}
