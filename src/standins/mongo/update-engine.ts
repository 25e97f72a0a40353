import { BSON, ObjectId, type Document } from 'bson';
import { update as mingoUpdate, updateMany as mingoUpdateMany } from 'mingo';
import { CommandError } from './command-error';
import { canonicalKey, isPlainObject } from './key-values';

export interface UpdateContext {
  /** The statement's filter; mingo needs it to resolve the positional `$` operator. */
  filter: Document;
  arrayFilters?: Document[];
}

/** One matched document after an update: its new version, and whether that differs from the stored one. */
export interface UpdatedCopy {
  current: Document;
  next: Document;
  changed: boolean;
}

/**
 * The updated copies of `docs`, each already matched by the statement's filter, in order. Stored documents are
 * never mutated in place, so open cursors keep the version they captured. One mingo pass updates them all: its
 * set-up (a copy of every operator table) costs more than updating a small document. If that pass fails, they
 * are updated one at a time instead, so the copies before the failing document are still yielded and the error
 * is thrown at that document, where mongod's multi-update stops too.
 */
export function* updatedCopies(
  docs: readonly Document[],
  update: unknown,
  context: UpdateContext,
): Generator<UpdatedCopy> {
  let copies: UpdatedCopy[] | undefined;
  try {
    copies = updateCopies(docs, update, context, false);
  } catch {
    for (const doc of docs) yield* updateCopies([doc], update, context, false);
    return;
  }
  yield* copies;
}

/** The document an upsert inserts: the filter's equality fields, then the update (including $setOnInsert). */
export function buildUpsertDocument(filter: Document, update: unknown, arrayFilters?: Document[]): Document {
  // `_id` bypasses mingo, which refuses to $set it.
  const { _id, ...equalities } = equalityFields(filter);
  const seed: Document = _id === undefined ? {} : { _id };
  if (Object.keys(equalities).length > 0) mingoUpdate(seed, { $set: equalities });
  return withId(updateCopies([seed], update, { filter: {}, arrayFilters }, true)[0]!.next);
}

/** Gives the document an ObjectId `_id` if it lacks one and puts `_id` first, as mongod stores it. */
export function withId(doc: Document): Document {
  const { _id, ...rest } = doc;
  return { _id: _id ?? new ObjectId(), ...rest };
}

function updateCopies(
  docs: readonly Document[],
  update: unknown,
  context: UpdateContext,
  inserting: boolean,
): UpdatedCopy[] {
  if (!isPlainObject(update)) {
    throw new CommandError(2, 'BadValue', 'the stand-in supports update documents only, not pipelines');
  }
  const set = inserting ? undefined : topLevelSet(update);
  if (set) return docs.map((current) => setCopy(current, set));
  // Each stored version is serialized once: its bytes are both the copy's source and what "changed" compares.
  const stored = docs.map(serialize);
  const keys = Object.keys(update);
  if (!keys.some((key) => key.startsWith('$'))) {
    return docs.map((current, i) => changedCopy(current, stored[i]!, replace(current, update)));
  }
  const { $setOnInsert, ...operators } = update;
  if (inserting && $setOnInsert) operators.$set = { ...operators.$set, ...$setOnInsert };
  const copies = stored.map((bytes) => BSON.deserialize(bytes));
  const assignedId = takeIdAssignment(operators);
  if (assignedId !== undefined) {
    docs.forEach((current, i) => {
      if (current._id === undefined) copies[i]!._id = assignedId;
      else if (canonicalKey(assignedId) !== canonicalKey(current._id)) throw immutableId();
    });
  }
  if (Object.keys(operators).length > 0) {
    // mingo only updates documents matching the condition it is given, and compiles it on every call: these
    // already matched the statement's filter (an upsert's seed need not, e.g. $gt), so the filter is handed over
    // only when the positional `$` needs it to find its array element. Compiling `{ _id: { $in: [500 ids] } }`
    // for each updated document made an updateMany quadratic.
    const condition = !inserting && usesPositional(operators) ? context.filter : {};
    mingoUpdateMany(copies, condition, operators, { arrayFilters: context.arrayFilters });
  }
  // BSON.deserialize builds objects in V8's slow dictionary mode, about 1.7 times the size of the same object
  // made by a spread; stored for good, they are worth the copy.
  return docs.map((current, i) => changedCopy(current, stored[i]!, { ...copies[i]! }));
}

/**
 * The fields of an update that is only a `$set` of top-level fields other than `_id` (the status updates of a
 * whole campaign's leads): such an update cannot fail, and needs neither mingo nor a copy through BSON.
 */
function topLevelSet(update: Document): Document | undefined {
  const keys = Object.keys(update);
  if (keys.length !== 1 || keys[0] !== '$set' || !isPlainObject(update.$set)) return undefined;
  const set = update.$set;
  const plain = Object.entries(set).every(
    ([field, value]) =>
      field !== '_id' && !field.includes('.') && !field.startsWith('$') && value !== undefined,
  );
  return plain ? set : undefined;
}

/** A field set to the value it has (same BSON bytes, so an int is not a double) leaves it unchanged, as in mongod. */
function setCopy(current: Document, set: Document): UpdatedCopy {
  const changed = Object.entries(set).some(
    ([field, value]) =>
      !(field in current) || !serialize({ v: current[field] }).equals(serialize({ v: value })),
  );
  // Existing fields keep their place and new ones come last, as mongod stores them.
  return { current, next: { ...current, ...set }, changed };
}

function changedCopy(current: Document, stored: Buffer, next: Document): UpdatedCopy {
  return { current, next, changed: !serialize(next).equals(stored) };
}

/** Whether some updated path has a `$` element (`'calls.$.status'`), the one form that reads the filter. */
function usesPositional(operators: Document): boolean {
  return Object.values(operators).some(
    (fields) => isPlainObject(fields) && Object.keys(fields).some((path) => path.split('.').includes('$')),
  );
}

/**
 * mingo rejects every `$set` of `_id`, but mongod accepts one that sets it on
 * insert or to its current value, so it is handled here instead. mingo still
 * rejects the remaining ways of touching `_id` ($unset, $rename, `_id.x`).
 */
function takeIdAssignment(operators: Document): unknown {
  const set: unknown = operators.$set;
  if (!isPlainObject(set) || !('_id' in set)) return undefined;
  const { _id, ...rest } = set;
  if (Object.keys(rest).length > 0) operators.$set = rest;
  else delete operators.$set;
  return _id;
}

function replace(current: Document, replacement: Document): Document {
  const next = { ...replacement };
  if (current._id !== undefined) {
    if (next._id !== undefined && canonicalKey(next._id) !== canonicalKey(current._id)) throw immutableId();
    next._id = current._id;
  }
  return withId(next);
}

function immutableId(): CommandError {
  return new CommandError(
    66,
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

function equalityFields(filter: Document): Document {
  const fields: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) Object.assign(fields, equalityFields(clause));
    } else if (!key.startsWith('$')) {
      if (!isOperatorExpression(value)) fields[key] = value;
      else if ('$eq' in value) fields[key] = value.$eq;
    }
  }
  return fields;
}

function isOperatorExpression(value: unknown): value is Document {
  return isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

function serialize(doc: Document): Buffer {
  return Buffer.from(BSON.serialize(doc, { ignoreUndefined: true }));
}
