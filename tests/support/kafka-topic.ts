import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './wait';

export interface TopicMessage {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Every record on `topic` as a consumer downstream sees it, in offset order per partition. The count to wait
 * for is read from the partitions' end offsets first, so a duplicate on the topic shows as an extra record.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  timeoutMs = 30_000,
): Promise<TopicMessage[]> {
  const total = await countRecords(brokers, topic);
  const kafka = new Kafka({ brokers, clientId: 'test-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(4).toString('hex')}` });
  const got: TopicMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = String(v);
        got.push({
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
        });
      },
    });
    await waitFor(
      `${total} records on ${topic}`,
      async () => (got.length >= total ? true : undefined),
      timeoutMs,
      50,
    );
  } finally {
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** How many records the topic's partitions hold (end offset minus start offset, summed). */
export async function countRecords(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ brokers, clientId: 'test-reader', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    return total;
  } finally {
    await admin.disconnect();
  }
}
