import { z } from 'zod';
import type { EventPosition } from '../ports/repositories.port';

/** A row's place in a listing ordered by (time, id): what a cursor stands for. */
export interface ListPosition {
  at: Date;
  id: string;
}

/** Opaque to callers, so the order's keys can change without breaking them. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

/** Null when `cursor` is not one that encodeCursor made. */
export function decodeCursor(cursor: string): ListPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [time, id] = value as [unknown, unknown];
    const at = typeof time === 'string' ? new Date(time) : null;
    if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !id) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/** GET /api/events's cursor: an event's position in the listing order. */
export function encodeEventCursor(position: EventPosition): string {
  return encodeCursor({ at: position.occurredAt, id: position.eventId });
}

export function decodeEventCursor(cursor: string): EventPosition | null {
  const position = decodeCursor(cursor);
  return position && { occurredAt: position.at, eventId: position.id };
}

/** The `after` and `limit` query fields of a listing that pages by cursor; `limit` is capped at `max`. */
export function pageQueryFields<P>(decode: (cursor: string) => P | null, max: number, byDefault: number) {
  return {
    after: z
      .string()
      .transform((cursor, ctx) => {
        const position = decode(cursor);
        if (!position) ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
        return position ?? undefined;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(max).default(byDefault),
  };
}
