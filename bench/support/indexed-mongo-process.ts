/**
 * Bench-only: the in-repo MongoDB stand-in, in a process of its own, with equality lookups served from an
 * index instead of a scan of the whole collection.
 *
 * Why: the stand-in answers every query by testing each stored document with mingo, so each lookup costs time
 * proportional to the collection (a few ms at a few thousand documents) and one process serves every replica.
 * At a few thousand leads it, not the dialer, sets the pace (measured: ~500 ms queueing per query, ~20 calls/s).
 * A real MongoDB serves these queries from the indexes src/adapters/mongo/models.ts declares. This process
 * gives the stand-in the equivalent: when a filter has a scalar equality on `_id` or on a field no code of ours
 * ever changes after insert (to, phone, attemptId, leadId, campaignId), only the documents with that value are
 * handed to mingo, which still applies the whole filter, so results are the same documents as a scan finds.
 *
 * How: mingo's Query compiles a filter field by field through processOperator(field, op, value); that is where
 * the equality is noted. Query.find(collection) then narrows `collection` (the stand-in's own array, which only
 * ever grows by push, has entries swapped in place on update, and is replaced by a new array on delete) with an
 * index kept per array and field. Aggregations and non-equality filters scan, as before.
 * Prints `READY <uri>`; exits on SIGTERM.
 */
import { Query } from 'mingo';
import type { Document } from 'bson';
import { serveMongoStandin } from '../../tests/support/serve-mongo-standin';

const INDEXED_FIELDS = ['_id', 'to', 'phone', 'attemptId', 'leadId', 'campaignId'];

function keyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number') return `n:${value}`;
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { toHexString?: unknown }).toHexString === 'function'
  ) {
    return `o:${(value as { toHexString(): string }).toHexString()}`;
  }
  return undefined;
}

interface FieldIndex {
  indexed: number;
  positions: Map<string, number[]>;
}
const indexes = new WeakMap<readonly Document[], Map<string, FieldIndex>>();

function candidates(docs: readonly Document[], field: string, key: string): Document[] {
  let byField = indexes.get(docs);
  if (!byField) indexes.set(docs, (byField = new Map()));
  let index = byField.get(field);
  if (!index) byField.set(field, (index = { indexed: 0, positions: new Map() }));
  for (; index.indexed < docs.length; index.indexed++) {
    const k = keyOf(docs[index.indexed]![field]);
    if (k === undefined) continue;
    const list = index.positions.get(k);
    if (list) list.push(index.indexed);
    else index.positions.set(k, [index.indexed]);
  }
  return (index.positions.get(key) ?? []).map((p) => docs[p]!);
}

type Patched = { __eq?: { field: string; key: string } };
const proto = Query.prototype as unknown as {
  processOperator(field: string, operator: string, value: unknown): void;
  find(collection: unknown, projection?: unknown): unknown;
};
const processOperator = proto.processOperator;
proto.processOperator = function (this: Patched, field: string, operator: string, value: unknown) {
  if (operator === '$eq' && INDEXED_FIELDS.includes(field)) {
    const key = keyOf(value);
    // Prefer _id; otherwise the first indexed equality of the filter.
    if (key !== undefined && (!this.__eq || field === '_id')) this.__eq = { field, key };
  }
  return processOperator.call(this, field, operator, value);
};
const find = proto.find;
proto.find = function (this: Patched, collection: unknown, projection?: unknown) {
  if (this.__eq && Array.isArray(collection))
    collection = candidates(collection, this.__eq.field, this.__eq.key);
  return find.call(this, collection, projection);
};

serveMongoStandin('indexed mongo stand-in');
