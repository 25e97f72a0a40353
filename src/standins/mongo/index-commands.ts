import type { Document } from 'bson';
import { CommandError } from './command-error';
import { targetCollection, type CommandContext, type CommandHandler } from './command-context';
import { canonicalKey } from './key-values';
import { ID_INDEX, type Collection } from './store';
import type { IndexSpec } from './unique-index';

function existingCollection(command: Document, commandName: string, context: CommandContext): Collection {
  const name = targetCollection(command, commandName);
  const collection = context.store.collection(context.db, name);
  if (!collection)
    throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${context.db}.${name}`);
  return collection;
}

/** The driver always names indexes, but mongod falls back to `field_direction` joined names. */
function toIndexSpec(requested: Document): IndexSpec {
  const key: Record<string, number | string> = requested.key;
  const name =
    requested.name ??
    Object.entries(key)
      .map(([field, direction]) => `${field}_${direction}`)
      .join('_');
  return { v: 2, ...requested, key, name };
}

const createIndexes: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'createIndexes');
  const createdCollectionAutomatically = context.store.collection(context.db, name) === undefined;
  const collection = context.store.ensureCollection(context.db, name);
  const numIndexesBefore = collection.indexes.length;
  for (const requested of command.indexes ?? []) collection.createIndex(toIndexSpec(requested));
  return { createdCollectionAutomatically, numIndexesBefore, numIndexesAfter: collection.indexes.length };
};

const dropIndexes: CommandHandler = (command, context) => {
  const collection = existingCollection(command, 'dropIndexes', context);
  const nIndexesWas = collection.indexes.length;
  const names = requestedIndexNames(collection, command.index);
  for (const name of names) collection.dropIndex(name);
  return { nIndexesWas };
};

/** dropIndexes accepts '*', a name, a list of names, or a key pattern. */
function requestedIndexNames(collection: Collection, requested: unknown): string[] {
  if (requested === '*')
    return collection.indexes.map((spec) => spec.name).filter((name) => name !== ID_INDEX.name);
  if (typeof requested === 'string') return [requested];
  if (Array.isArray(requested)) return requested.map(String);
  const spec = collection.indexes.find(
    (candidate) => canonicalKey(candidate.key) === canonicalKey(requested),
  );
  if (!spec)
    throw new CommandError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(requested)}`);
  return [spec.name];
}

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes: (command, context) => {
    const collection = existingCollection(command, 'listIndexes', context);
    return context.cursors.start(collection.namespace, collection.indexes, {
      batchSize: command.cursor?.batchSize,
    });
  },
  dropIndexes,
};
