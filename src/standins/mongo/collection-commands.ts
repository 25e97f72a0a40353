import type { Document } from 'bson';
import { targetCollection, type CommandHandler } from './command-context';
import { findDocuments } from './query-engine';
import { ID_INDEX } from './store';

const listCollections: CommandHandler = (command, context) => {
  const described = context.store.collections(context.db).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: ID_INDEX,
  }));
  const matching = findDocuments(described, { filter: command.filter });
  const entries = command.nameOnly ? matching.map(({ name, type }) => ({ name, type })) : matching;
  return context.cursors.start(`${context.db}.$cmd.listCollections`, entries, {
    batchSize: command.cursor?.batchSize,
  });
};

const listDatabases: CommandHandler = (command, context) => {
  const databases: Document[] = context.store
    .databaseNames()
    .map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  const matching = findDocuments(databases, { filter: command.filter });
  return command.nameOnly
    ? { databases: matching.map(({ name }) => ({ name })) }
    : { databases: matching, totalSize: 0, totalSizeMb: 0 };
};

export const collectionCommands: Record<string, CommandHandler> = {
  // Options such as validators are accepted but not enforced.
  create: (command, context) => {
    context.store.createCollection(context.db, targetCollection(command, 'create'));
    return {};
  },
  // mongod ≥ 7 treats dropping a missing collection as success.
  drop: (command, context) => {
    const name = targetCollection(command, 'drop');
    const dropped = context.store.dropCollection(context.db, name);
    return dropped ? { ns: dropped.namespace, nIndexesWas: dropped.indexes.length } : {};
  },
  dropDatabase: (_command, context) => {
    context.store.dropDatabase(context.db);
    return { dropped: context.db };
  },
  listCollections,
  listDatabases,
};
