import { randomUUID } from 'node:crypto';

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
