import { context, propagation, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { tracer, type TraceCarrier } from './tracing';

/**
 * A server span for each request that starts or continues a call's work: API changes (POST, PUT, PATCH, DELETE
 * under /api: an upload or a start is where a lead's trace begins) and Twilio's webhooks, which continue the
 * trace stored beside their call id. The rest of the request runs inside the span.
 */
export function requestSpans(
  routeOf: (path: string) => string,
  callTrace: (callId: string) => Promise<TraceCarrier | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'GET' && !req.path.startsWith('/webhooks/')) return next();
    const route = routeOf(req.originalUrl);
    const twilio = /^\/webhooks\/twilio\/[a-z]+\/([^/?]+)/.exec(req.originalUrl);
    if (!twilio && !route.startsWith('/api/')) return next();
    const carrier = twilio ? await callTrace(twilio[1]!).catch(() => undefined) : undefined;
    const parent = carrier ? propagation.extract(context.active(), carrier) : context.active();
    const span = tracer().startSpan(
      `${req.method} ${route}`,
      { kind: 1, attributes: { 'http.route': route } },
      parent,
    );
    res.on('close', () => {
      span.setAttribute('http.status_code', res.statusCode);
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
