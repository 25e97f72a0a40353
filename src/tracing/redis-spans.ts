import { trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { tracer } from './tracing';

type Command = { name: string; promise: Promise<unknown> };

/**
 * A span per Redis command sent while a span is active (so BullMQ's own polling, outside any job or request,
 * makes none). Wraps this connection's `sendCommand`, through which ioredis sends every command, pipelines too.
 */
export function traceRedis(redis: Redis): void {
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  (redis as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    if (!trace.getActiveSpan()) return send(command, ...rest);
    const span = tracer().startSpan(`redis ${command.name}`, { attributes: { 'db.system': 'redis' } });
    const result = send(command, ...rest);
    command.promise.then(
      () => span.end(),
      (err: Error) => {
        span.setStatus({ code: 2, message: err.message });
        span.end();
      },
    );
    return result;
  };
}
