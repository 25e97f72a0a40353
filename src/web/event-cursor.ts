import type { EventPosition } from '../ports/repositories.port';
import { decodeCursor, encodeCursor } from './page-cursor';

/** GET /api/events's cursor: an event's position in the listing order (occurredAt, eventId). */
export function encodeEventCursor(position: EventPosition): string {
  return encodeCursor([position.occurredAt.toISOString(), position.eventId]);
}

/** Null when `cursor` is not one that encodeEventCursor made. */
export function decodeEventCursor(cursor: string): EventPosition | null {
  const [at, eventId] = decodeCursor(cursor, 2) ?? [];
  const occurredAt = typeof at === 'string' ? new Date(at) : null;
  if (!occurredAt || Number.isNaN(occurredAt.getTime()) || typeof eventId !== 'string' || !eventId)
    return null;
  return { occurredAt, eventId };
}
