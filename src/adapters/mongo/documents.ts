import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';

/** Our ids: a readable prefix and a random part, e.g. lead_3f9c… */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

/** Lean document → domain object: `_id` becomes the named id field; the outbox array and flag stay in storage. */
export function fromDoc<T>(doc: unknown, idField = 'id'): T {
  const { _id, pendingEvents: _pending, hasPendingEvents: _flag, ...rest } = doc as Record<string, unknown>;
  return { [idField]: _id, ...rest } as T;
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * The positions an unordered insertMany refused as duplicate keys. Any other failure is thrown on, a write
 * concern error too: beside the duplicates it means the other documents may not be stored as answered.
 */
export function duplicateKeyIndexes(err: unknown): Set<number> {
  if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
  const failed = [err.writeErrors].flat();
  if (failed.length === 0 || !failed.every(isDuplicateKey) || err.result.getWriteConcernError()) throw err;
  return new Set(failed.map((e) => e.index));
}
