import type { Document } from 'bson';
import { Aggregator, ProcessingMode, Query } from 'mingo';
import type { CollationSpec } from 'mingo/types/types';
import { countGroups } from './group-counts';

export interface FindOptions {
  filter?: Document;
  sort?: Document;
  projection?: Document;
  skip?: number;
  limit?: number;
  collation?: Document;
}

export function matcher(filter: Document): (doc: Document) => boolean {
  const query = new Query(filter, {});
  return (doc) => query.test(doc);
}

/**
 * Runs a find against stored documents. Without a projection the results are
 * the stored objects themselves, which is what lets writers replace them by identity.
 */
export function findDocuments(docs: readonly Document[], options: FindOptions): Document[] {
  const query = new Query(options.filter ?? {}, collationOption(options.collation));
  const projection = nonEmpty(options.projection);
  const picked = projection && topLevelInclusion(projection);
  let cursor = query.find<Document>(docs, picked ? undefined : projection);
  const sort = nonEmpty(options.sort);
  if (sort) cursor = cursor.sort(sort);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit) cursor = cursor.limit(options.limit);
  const results = cursor.all();
  if (picked) return results.map((doc) => pick(doc, picked));
  return projection ? results.map(idFirst) : results;
}

/**
 * The fields of a projection that only includes top-level fields (`{ _id: 1, attempts: 1 }`, `_id` optionally
 * excluded): picked directly, which for a whole campaign's leads costs a fraction of mingo's projection.
 */
function topLevelInclusion(projection: Document): Set<string> | undefined {
  const fields = new Set<string>(['_id']);
  let included = false;
  for (const [field, value] of Object.entries(projection)) {
    if (field.includes('.') || field.startsWith('$')) return undefined;
    if (field === '_id' && (value === 0 || value === false)) fields.delete('_id');
    else if (value === 1 || value === true) {
      fields.add(field);
      included = true;
    } else return undefined;
  }
  // `{ _id: 0 }` alone excludes: every other field is returned.
  return included ? fields : undefined;
}

/** The document's fields that are in `fields`, in the document's order (mongod's, `_id` first). */
function pick(doc: Document, fields: Set<string>): Document {
  const out: Document = {};
  for (const field of Object.keys(doc)) if (fields.has(field)) out[field] = doc[field];
  return out;
}

export function projectDocument(doc: Document, projection: Document | undefined): Document {
  return nonEmpty(projection) ? (findDocuments([doc], { projection })[0] ?? {}) : doc;
}

/** Stages that build new documents (or none) without changing their input. */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$count']);

export function aggregateDocuments(
  docs: readonly Document[],
  pipeline: Document[],
  resolveCollection: (name: string) => Document[],
  collation?: Document,
): Document[] {
  const [first, ...after] = pipeline;
  const counted = first && !collation ? countGroups(docs, first) : undefined;
  if (counted) return after.length > 0 ? aggregateDocuments(counted, after, resolveCollection) : counted;
  const readOnly = pipeline.every((stage) => Object.keys(stage).every((op) => READ_ONLY_STAGES.has(op)));
  const aggregator = new Aggregator(pipeline, {
    // Stages such as $set/$unset would otherwise rewrite the stored documents; stages that only read them need no
    // copy (a count by status of a campaign's leads would copy every lead).
    processingMode: readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
    collectionResolver: resolveCollection,
    ...collationOption(collation),
  });
  return aggregator.run<Document>(docs as Document[]);
}

function collationOption(collation: Document | undefined): { collation?: CollationSpec } {
  return collation ? { collation: collation as CollationSpec } : {};
}

function nonEmpty(doc: Document | undefined): Document | undefined {
  return doc && Object.keys(doc).length > 0 ? doc : undefined;
}

/** mingo appends `_id` after projected fields; mongod always returns it first. */
function idFirst(doc: Document): Document {
  if (!('_id' in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
