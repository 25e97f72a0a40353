import type { DomainEvent } from '../domain/events';

export interface EventPublisher {
  /** Resolves once the broker acknowledged every event; rejects otherwise (the events stay in the outbox). */
  publish(events: DomainEvent[]): Promise<void>;
  close(): Promise<void>;
}
