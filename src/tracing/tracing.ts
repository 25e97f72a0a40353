import { context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';

export const tracer = () => trace.getTracer('dialer');

let started = false;
/** Whether startTracing turned tracing on in this process (adapters are wrapped only then). */
export const isTracing = () => started;

/** W3C trace context (`traceparent`) of a span, as stored in job data and beside a call. */
export type TraceCarrier = Record<string, string>;

/**
 * Off unless an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * or `exporter` is given; OTEL_SDK_DISABLED=true keeps it off. The exporter reads the other standard OTEL_*
 * variables (headers, protocol details); OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the process.
 * Until this runs, every span below is a no-op.
 */
export function startTracing(
  defaultService: string,
  opts: { env?: NodeJS.ProcessEnv; exporter?: SpanExporter } = {},
): { flush(): Promise<void>; shutdown(): Promise<void> } | null {
  const env = opts.env ?? process.env;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (env.OTEL_SDK_DISABLED === 'true' || (!endpoint && !opts.exporter)) return null;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': defaultService }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: opts.exporter ?? new OTLPTraceExporter() })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  started = true;
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      started = false;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The active span's context to carry along, or undefined when nothing is traced. */
export function currentTrace(ctx: Context = context.active()): TraceCarrier | undefined {
  if (!trace.getSpan(ctx)) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** Runs `fn` in a new span, child of `parent` (carried from elsewhere) or of the active span. */
export async function inSpan<T>(
  name: string,
  parent: TraceCarrier | undefined,
  fn: (span: Span) => Promise<T>,
  attributes: Record<string, string | number> = {},
): Promise<T> {
  const base = parent ? propagation.extract(context.active(), parent) : context.active();
  return tracer().startActiveSpan(name, { attributes }, base, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: 2, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
