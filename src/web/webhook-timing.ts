import type { RequestHandler } from 'express';
import type { AnswerTimes } from '../load/answer-times';

/**
 * Times every webhook from its arrival in Express to the end of the answer, into the load report: the dialer
 * slows when answers get slow, since Twilio never retries a status callback it gave up on. The Prometheus
 * histogram of the same times, by route pattern, is in metrics.ts.
 */
export function timeWebhookAnswers(answers: AnswerTimes): RequestHandler {
  return (_req, res, next) => {
    const start = performance.now();
    res.on('finish', () => answers.record(performance.now() - start));
    next();
  };
}
