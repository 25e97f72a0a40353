import type { Redis } from 'ioredis';
import type { TraceCarrier } from './tracing';

/** A call's trace outlives any request: webhooks find it by call id. Kept as long as a call can last, and more. */
const KEEP_SECONDS = 6 * 3600;

/** The trace context of each call, in Redis, so every replica's webhook continues the call's trace. */
export class CallTraces {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async save(callId: string, carrier: TraceCarrier): Promise<void> {
    await this.redis.set(this.key(callId), carrier.traceparent!, 'EX', KEEP_SECONDS);
  }

  async get(callId: string): Promise<TraceCarrier | undefined> {
    const traceparent = await this.redis.get(this.key(callId));
    return traceparent ? { traceparent } : undefined;
  }

  private key(callId: string): string {
    return `${this.prefix}:trace:${callId}`;
  }
}
