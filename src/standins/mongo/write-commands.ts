import type { Document } from 'bson';
import { CommandError, toCommandError } from './command-error';
import { targetCollection, type CommandHandler } from './command-context';
import { findDocuments, projectDocument } from './query-engine';
import { buildUpsertDocument, updatedCopies, withId, type UpdatedCopy } from './update-engine';

/**
 * Runs a batch's statements the way mongod does: each failure becomes a
 * writeErrors entry (which the driver turns into MongoServerError or
 * MongoBulkWriteError) and an ordered batch stops at the first one.
 */
function runStatements(
  statements: Document[],
  ordered: boolean,
  run: (statement: Document, index: number) => void,
): Document {
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors.length > 0 ? { writeErrors } : {};
}

const insert: CommandHandler = (command, context) => {
  const collection = context.store.ensureCollection(context.db, targetCollection(command, 'insert'));
  let n = 0;
  const outcome = runStatements(command.documents ?? [], command.ordered !== false, (doc) => {
    collection.insert(withId(doc));
    n += 1;
  });
  return { n, ...outcome };
};

const update: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const outcome = runStatements(command.updates ?? [], command.ordered !== false, (statement, index) => {
    const filter: Document = statement.q ?? {};
    const collection = context.store.collection(context.db, name);
    const narrowed = collection?.narrow(filter, statement.collation);
    const matches = narrowed
      ? findDocuments(narrowed.docs, { filter: narrowed.filter, limit: statement.multi ? 0 : 1 })
      : [];
    if (!collection || matches.length === 0) {
      if (!statement.upsert) return;
      const doc = buildUpsertDocument(filter, statement.u, statement.arrayFilters);
      context.store.ensureCollection(context.db, name).insert(doc);
      n += 1;
      upserted.push({ index, _id: doc._id });
      return;
    }
    const copies = updatedCopies(matches, statement.u, { filter, arrayFilters: statement.arrayFilters });
    for (const { current, next, changed } of copies) {
      n += 1;
      if (!changed) continue;
      collection.replace(current, next);
      nModified += 1;
    }
  });
  return { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ...outcome };
};

const remove: CommandHandler = (command, context) => {
  const collection = context.store.collection(context.db, targetCollection(command, 'delete'));
  let n = 0;
  const outcome = runStatements(command.deletes ?? [], command.ordered !== false, (statement) => {
    if (!collection) return;
    const { docs, filter } = collection.narrow(statement.q, statement.collation);
    const matches = findDocuments(docs, { filter, limit: statement.limit === 1 ? 1 : 0 });
    collection.remove(matches);
    n += matches.length;
  });
  return { n, ...outcome };
};

/** Unlike batch writes, findAndModify reports failures (e.g. E11000) as a failed command. */
const findAndModify: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'findAndModify');
  const collection = context.store.collection(context.db, name);
  const filter: Document = command.query ?? {};
  const narrowed = collection?.narrow(filter, command.collation);
  const [target] = narrowed
    ? findDocuments(narrowed.docs, { filter: narrowed.filter, sort: command.sort, limit: 1 })
    : [];
  const project = (doc: Document) => projectDocument(doc, command.fields);

  if (command.remove) {
    if (collection && target) collection.remove([target]);
    return { lastErrorObject: { n: target ? 1 : 0 }, value: target ? project(target) : null };
  }
  if (command.update === undefined) {
    throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  }
  if (collection && target) {
    const [{ next, changed }] = [
      ...updatedCopies([target], command.update, { filter, arrayFilters: command.arrayFilters }),
    ] as [UpdatedCopy];
    if (changed) collection.replace(target, next);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(command.new ? next : target) };
  }
  if (command.upsert) {
    const doc = buildUpsertDocument(filter, command.update, command.arrayFilters);
    context.store.ensureCollection(context.db, name).insert(doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: command.new ? project(doc) : null,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
