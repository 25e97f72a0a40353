import Decoder from 'kafkajs/src/protocol/decoder';
import decodeRecordBatch from 'kafkajs/src/protocol/recordBatch/v0/decoder';
import type { IncomingRecord } from './topic-log';

/**
 * Decodes a Produce record_set (one or more v2 record batches) with kafkajs's own fetch-side decoder,
 * which also inflates any compression codec kafkajs has registered.
 */
export async function decodeRecordSet(recordSet: Buffer): Promise<IncomingRecord[]> {
  const decoder = new Decoder(recordSet);
  const records: IncomingRecord[] = [];

  while (decoder.offset < recordSet.length) {
    const batch = await decodeRecordBatch(decoder);
    for (const record of batch.records) {
      records.push({
        key: record.key?.toString('utf8') ?? null,
        value: record.value?.toString('utf8') ?? null,
        headers: lastHeaderValues(record.headers),
      });
    }
  }

  return records;
}

// The decoder gathers repeated keys into arrays; like Java's Headers.lastHeader, keep the last one.
// Null header values have no string form, so they are left out.
function lastHeaderValues(
  headers: Record<string, Buffer | null | Array<Buffer | null>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value) result[key] = value.toString('utf8');
  }
  return result;
}
