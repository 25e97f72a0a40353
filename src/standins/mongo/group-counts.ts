import type { Document } from 'bson';
import { isPlainObject } from './key-values';

/** A `$group` stage that only counts: by one top-level field, every accumulator a `$sum` of an integer. */
interface CountingGroup {
  field: string;
  sums: Array<[name: string, per: number]>;
}

function countingGroup(stage: Document): CountingGroup | undefined {
  const keys = Object.keys(stage);
  if (keys.length !== 1 || !isPlainObject(stage.$group)) return undefined;
  const { _id: id, ...accumulators } = stage.$group;
  if (typeof id !== 'string' || !/^\$[^.$]+$/.test(id)) return undefined;
  const sums: CountingGroup['sums'] = [];
  for (const [name, accumulator] of Object.entries(accumulators)) {
    if (!isPlainObject(accumulator) || Object.keys(accumulator).length !== 1) return undefined;
    const per: unknown = accumulator.$sum;
    if (typeof per !== 'number' || !Number.isSafeInteger(per)) return undefined;
    sums.push([name, per]);
  }
  return { field: id.slice(1), sums };
}

/** Group keys whose equality is the JS value's (a missing field groups with null, as in mongod). */
function isPlainKey(value: unknown): value is string | boolean | null | undefined {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean';
}

/**
 * The answer of a `$group` that only counts (`{ _id: '$status', n: { $sum: 1 } }`, a campaign's leads by state,
 * polled every second) worked out in one pass over `docs`: a group per value in the order first met, `_id`
 * first, as mingo answers it. Undefined, for mingo to answer, for any other stage, or when a document's field is
 * not a string, boolean or null (numbers, dates, arrays and documents have equality rules of their own). Only
 * for a pipeline without a collation: under one, strings it holds equal share a group.
 */
export function countGroups(docs: readonly Document[], stage: Document): Document[] | undefined {
  const group = countingGroup(stage);
  if (!group) return undefined;
  const counts = new Map<string | boolean | null, number>();
  for (const doc of docs) {
    const value: unknown = doc[group.field];
    if (!isPlainKey(value)) return undefined;
    const key = value ?? null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => {
    const out: Document = { _id: key };
    for (const [name, per] of group.sums) out[name] = n * per;
    return out;
  });
}
