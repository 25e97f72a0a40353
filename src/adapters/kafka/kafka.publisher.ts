import { Kafka, logLevel, type KafkaConfig, type Message, type Producer } from 'kafkajs';
import { eventMessage, type DomainEvent } from '../../domain/events';
import type { EventPublisher } from '../../ports/event-publisher.port';

/**
 * Publishes to one topic keyed by lead id, so one lead's events stay in order on one partition.
 * Idempotent producer: a send retried after a lost ack is written once, within one send() and across them.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;
  /**
   * The messages of the last send that failed, sent again exactly as they were before anything else. kafkajs rolls
   * a failed send's sequence numbers back, so the broker takes the next batch on those partitions for that send
   * again: if the failed one was written and only its ack lost, a batch of the same size would be acknowledged as
   * its duplicate without being written, and one of another size refused as out of order, it and every send after
   * it. Sent verbatim, it is what the broker's duplicate check expects: written once whether or not it had landed.
   */
  private unacked: Message[] | null = null;
  /**
   * The events acknowledged during a publish() that then failed: the relay, which marks nothing of a failed
   * publish, passes them again, and they are not sent twice. Cleared by a publish() that succeeds.
   */
  private readonly delivered = new Set<string>();

  constructor(
    brokers: string[],
    clientId: string,
    private readonly topic: string,
    /** The network under the client; tests put a fault proxy there. */
    network: Pick<KafkaConfig, 'socketFactory'> = {},
  ) {
    const kafka = new Kafka({
      brokers,
      clientId,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 2, initialRetryTime: 200 },
      ...network,
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
    if (this.unacked) await this.send(this.unacked);
    await this.send(events.filter((e) => !this.delivered.has(e.eventId)).map(toMessage));
    this.delivered.clear();
  }

  private async send(messages: Message[]): Promise<void> {
    if (!messages.length) return;
    try {
      await this.producer.send({ topic: this.topic, acks: -1, messages });
      this.unacked = null;
      for (const m of messages) this.delivered.add(String(m.headers!.eventId));
    } catch (err) {
      this.unacked = messages;
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}

function toMessage(e: DomainEvent): Message {
  return {
    key: e.leadId,
    value: JSON.stringify(eventMessage(e)),
    headers: { eventId: e.eventId, type: e.type },
  };
}
