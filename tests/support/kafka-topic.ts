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
 * Every record on `topic` as a consumer downstream sees it, in offset order per partition: at least every record
 * below each partition's end offset as read first (a duplicate on the topic is an extra record), and whatever
 * was appended since. A topic still being written to is read up to those offsets partition by partition: a count
 * reached by one busy partition says nothing of another the consumer has not caught up on.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  timeoutMs = 30_000,
): Promise<TopicMessage[]> {
  const ends = await endOffsets(brokers, topic);
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
    const readUpTo = (partition: number, end: number) =>
      got.some((m) => m.partition === partition && m.offset >= end - 1);
    await waitFor(
      `the records below the end offsets ${JSON.stringify(Object.fromEntries(ends))} on ${topic}`,
      async () => ([...ends].every(([p, end]) => readUpTo(p, end)) ? true : undefined),
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
  return (await partitionOffsets(brokers, topic)).reduce((total, p) => total + p.high - p.low, 0);
}

/** The end offset of each partition that holds a record. */
async function endOffsets(brokers: string[], topic: string): Promise<Map<number, number>> {
  const held = (await partitionOffsets(brokers, topic)).filter((p) => p.high > p.low);
  return new Map(held.map((p) => [p.partition, p.high]));
}

async function partitionOffsets(brokers: string[], topic: string) {
  const admin = new Kafka({ brokers, clientId: 'test-reader', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      low: Number(p.low),
      high: Number(p.high),
    }));
  } finally {
    await admin.disconnect();
  }
}
