import { Kafka, logLevel, type Producer } from 'kafkajs';
import { eventMessage, type DomainEvent } from '../../domain/events';
import type { EventPublisher } from '../../ports/event-publisher.port';

/**
 * Publishes to one topic keyed by lead id, so one lead's events stay in order on one partition.
 * Idempotent producer: a retried send after a lost ack does not write the batch twice.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(
    brokers: string[],
    clientId: string,
    private readonly topic: string,
  ) {
    const kafka = new Kafka({
      brokers,
      clientId,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 2, initialRetryTime: 200 },
    });
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
    });
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (!events.length) return;
    // A failed connect is forgotten so the next relay pass tries again.
    this.connected ??= this.producer.connect().catch((err) => {
      this.connected = null;
      throw err;
    });
    await this.connected;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events.map((e) => ({
        key: e.leadId,
        value: JSON.stringify(eventMessage(e)),
        headers: { eventId: e.eventId, type: e.type },
      })),
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}
