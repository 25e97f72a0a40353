import type { EventPosition } from '../ports/repositories.port';

/**
 * GET /api/events's cursor: an event's position in the listing order, opaque to callers so the order's keys can
 * change without breaking them.
 */
export function encodeEventCursor(position: EventPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt.toISOString(), position.eventId])).toString(
    'base64url',
  );
}

/** Null when `cursor` is not one that encodeEventCursor made. */
export function decodeEventCursor(cursor: string): EventPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, eventId] = value as [unknown, unknown];
    const occurredAt = typeof at === 'string' ? new Date(at) : null;
    if (!occurredAt || Number.isNaN(occurredAt.getTime()) || typeof eventId !== 'string' || !eventId)
      return null;
    return { occurredAt, eventId };
  } catch {
    return null;
  }
}
