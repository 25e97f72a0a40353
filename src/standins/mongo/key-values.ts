import { EJSON, type Document } from 'bson';

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Every value a dotted path reaches, descending into arrays the way multikey
 * indexes and `distinct` do. Missing fields yield `undefined`; an empty array
 * at the end of the path yields nothing.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), out);
  return out;
}

function collect(value: unknown, parts: readonly string[], out: unknown[]): void {
  const [head, ...rest] = parts;
  if (head === undefined) {
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    if (/^\d+$/.test(head)) collect(value[Number(head)], rest, out);
    else for (const element of value) collect(element, parts, out);
    return;
  }
  collect(isPlainObject(value) ? value[head] : undefined, rest, out);
}

/**
 * Whether `path` reaches the same values in both versions of a document because its first field holds the very
 * same value: stored documents are never edited, so an updated copy that shares it shares everything under it.
 */
export function sameAtPath(a: Document, b: Document, path: string): boolean {
  const [top = path] = path.split('.', 1);
  return Object.is(a[top], b[top]);
}

/**
 * A string that is equal for two values exactly when mongod would treat them
 * as the same index key: numbers compare by value whatever their BSON width,
 * ObjectIds by bytes, Dates by instant, embedded documents field by field in order.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${value}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof RegExp) return `r:${String(value)}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`);
    return `{${fields.join(',')}}`;
  }
  // Longs too big to promote to a number still belong in the number space;
  // canonical EJSON keeps every other BSON type (ObjectId, Binary…) lossless.
  if ((value as { _bsontype?: string })._bsontype === 'Long') return `n:${String(value)}`;
  return `x:${EJSON.stringify(value, { relaxed: false })}`;
}

/** Opens every index key that is not a plain string (see indexKey); no canonicalKey starts with it. */
const MARKED = '\u0000';

/**
 * canonicalKey's equality for one value as a key of an index's map, lighter: a string is its own key, so the map
 * holds the document's own string instead of a copy of it (most keys are ids and phone numbers: some 270 bytes a
 * lead over its three such keys). Any other value, and a string that starts with the marker, is the marker and
 * its canonicalKey, so a string never meets another value's key.
 */
export function indexKey(value: unknown): string {
  if (typeof value === 'string' && !value.startsWith(MARKED)) return value;
  return MARKED + canonicalKey(value);
}
