import { z } from 'zod';

/** Items per page when a listing is not asked for fewer; no page is ever longer. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/**
 * A listing's cursor: the listing-order key of the last item of a page, opaque to callers so the order's keys can
 * change without breaking them. Every paged listing answers `{ <items>, nextCursor }` and reads `after` and
 * `limit`; nextCursor is null on the last page.
 */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a cursor encodeCursor made from `arity` parts, or null. */
export function decodeCursor(cursor: string, arity: number): Array<string | number> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== arity) return null;
    return value.every((part) => typeof part === 'string' || typeof part === 'number')
      ? (value as Array<string | number>)
      : null;
  } catch {
    return null;
  }
}

/** The query parameters of a paged listing; `decode` turns `after` into the listing's key (null: not ours). */
export function pageQuery<T>(decode: (cursor: string) => T | null) {
  return {
    after: z
      .string()
      .max(200)
      .transform((cursor, ctx) => {
        const key = decode(cursor);
        if (key === null) ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
        return key ?? undefined;
      })
      .optional()
      .meta({ description: 'A `nextCursor` from an earlier answer: the items after that one.' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .meta({ description: 'Items per page.' }),
  };
}

/** A cursor whose key is one string (an id). */
export function decodeIdCursor(cursor: string): string | null {
  const key = decodeCursor(cursor, 1);
  return typeof key?.[0] === 'string' && key[0] ? key[0] : null;
}

/** `{ nextCursor }` for a page: the key of its last item, or null when the page was not full (no more items). */
export function nextCursor<T>(page: readonly T[], limit: number, keyOf: (item: T) => Array<string | number>) {
  const last = page[page.length - 1];
  return { nextCursor: last && page.length === limit ? encodeCursor(keyOf(last)) : null };
}
