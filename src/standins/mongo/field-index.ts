import { ObjectId, type Document } from 'bson';
import { indexKey, isPlainObject, sameAtPath, valuesAtPath } from './key-values';

/**
 * The documents holding each value of one field (any field some declared index starts with, and `_id`), so an
 * equality or `$in` in a filter hands mingo those documents instead of the whole collection. A document whose
 * field is not a single scalar (an array, several values along a dotted path) is kept aside and handed over for
 * every lookup: the narrowing only ever keeps more documents than match, and mingo still applies the filter.
 */
export class FieldIndex {
  /** One document per value, or a Set once several share it: most values (ids, phone numbers) are unique, and a
   * Set for each would cost more memory than the document it holds. */
  private readonly byKey = new Map<string, Document | Set<Document>>();
  private readonly unkeyed = new Set<Document>();

  constructor(readonly field: string) {}

  add(doc: Document): void {
    this.addAt(this.keyOf(doc), doc);
  }

  remove(doc: Document): void {
    this.removeAt(this.keyOf(doc), doc);
  }

  /** `next` in place of `current`: each key is worked out once (once in all when the field's value is the same
   * one, as for most fields of an update), and an unchanged one is only repointed. */
  replace(current: Document, next: Document): void {
    const before = this.keyOf(current);
    const after = sameAtPath(current, next, this.field) ? before : this.keyOf(next);
    const held = before === undefined ? undefined : this.byKey.get(before);
    if (before !== undefined && before === after && held === current) {
      this.byKey.set(before, next);
      return;
    }
    this.removeAt(before, current);
    this.addAt(after, next);
  }

  private addAt(key: string | undefined, doc: Document): void {
    if (key === undefined) {
      this.unkeyed.add(doc);
      return;
    }
    const held = this.byKey.get(key);
    if (held === undefined) this.byKey.set(key, doc);
    else if (held instanceof Set) held.add(doc);
    else if (held !== doc) this.byKey.set(key, new Set([held, doc]));
  }

  private removeAt(key: string | undefined, doc: Document): void {
    if (key === undefined) {
      this.unkeyed.delete(doc);
      return;
    }
    const held = this.byKey.get(key);
    if (held === doc) this.byKey.delete(key);
    else if (held instanceof Set) {
      held.delete(doc);
      if (held.size === 0) this.byKey.delete(key);
    }
  }

  /** The documents that may equal one of `values` (scalars only), in no particular order, each once. */
  lookup(values: readonly unknown[]): Document[] {
    const out: Document[] = [...this.unkeyed];
    for (const held of this.held(values)) {
      if (held instanceof Set) for (const doc of held) out.push(doc);
      else out.push(held);
    }
    return out;
  }

  /** Whether some document's field is not a single scalar (see the class comment): a lookup then also holds
   * documents that need not match. */
  get hasUnkeyed(): boolean {
    return this.unkeyed.size > 0;
  }

  /** How many documents lookup(values) would return, without gathering them. */
  count(values: readonly unknown[]): number {
    let n = this.unkeyed.size;
    for (const held of this.held(values)) n += held instanceof Set ? held.size : 1;
    return n;
  }

  private held(values: readonly unknown[]): Array<Document | Set<Document>> {
    const keys = new Set(values.map(indexKey));
    return [...keys].flatMap((key) => this.byKey.get(key) ?? []);
  }

  private keyOf(doc: Document): string | undefined {
    const values = valuesAtPath(doc, this.field);
    if (values.length !== 1 || !isScalar(values[0])) return undefined;
    return indexKey(values[0]);
  }
}

/** Values whose equality is their canonical key (numbers by value, dates by instant, ObjectIds by bytes). */
export function isScalar(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    ['string', 'number', 'boolean'].includes(typeof value) ||
    value instanceof Date ||
    value instanceof ObjectId
  );
}

/**
 * The scalar values a filter pins `field` to (`{ f: v }`, `{ f: { $eq: v } }`, `{ f: { $in: [...] } }`, also
 * inside a top-level `$and`), or undefined when the filter does not pin it. A document can only match if its
 * field equals one of them.
 */
export function pinnedValues(filter: Document, field: string): unknown[] | undefined {
  const clauses: Document[] = [filter, ...(Array.isArray(filter.$and) ? (filter.$and as Document[]) : [])];
  for (const clause of clauses) {
    if (!isPlainObject(clause) || !(field in clause)) continue;
    const condition: unknown = clause[field];
    if (isScalar(condition)) return [condition];
    if (!isPlainObject(condition)) continue;
    if ('$eq' in condition && isScalar(condition.$eq)) return [condition.$eq];
    const list: unknown = condition.$in;
    if (Array.isArray(list) && list.every(isScalar)) return list;
  }
  return undefined;
}

/**
 * Whether a document holding one of the values pinnedValues found, as a single scalar, matches `filter`'s clause on
 * `field` with nothing left to check: the clause is top-level, on a top-level field, and only an equality or an
 * `$in` (a dotted path through arrays and scalars is left to mingo, as is any other operator beside them).
 */
export function pinsExactly(filter: Document, field: string): boolean {
  if (field.includes('.') || !(field in filter)) return false;
  const condition: unknown = filter[field];
  if (isScalar(condition)) return true;
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1) return false;
  if ('$eq' in condition) return isScalar(condition.$eq);
  const list: unknown = condition.$in;
  return Array.isArray(list) && list.every(isScalar);
}
