import type { Document } from 'bson';
import { CommandError } from './command-error';
import { targetCollection, type CommandContext, type CommandHandler } from './command-context';
import { canonicalKey, valuesAtPath } from './key-values';
import { aggregateDocuments, findDocuments } from './query-engine';
import type { Narrowed } from './store';

function storedDocuments(context: CommandContext, name: string): readonly Document[] {
  return context.store.collection(context.db, name)?.documents ?? [];
}

/** The stored documents that may match `filter` and what of it they must still pass (see Collection.narrow). */
function narrowed(
  context: CommandContext,
  name: string,
  filter: Document | undefined,
  collation?: Document,
): Narrowed {
  return context.store.collection(context.db, name)?.narrow(filter, collation) ?? { docs: [], filter: {} };
}

const find: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'find');
  const { docs, filter } = narrowed(context, name, command.filter, command.collation);
  const results = findDocuments(docs, {
    filter,
    sort: command.sort,
    projection: command.projection,
    skip: command.skip,
    limit: command.limit,
    collation: command.collation,
  });
  return context.cursors.start(`${context.db}.${name}`, results, {
    batchSize: command.batchSize,
    singleBatch: command.singleBatch,
  });
};

/** Stages that write would bypass the stand-in's unique-index bookkeeping. */
const WRITING_STAGES = ['$out', '$merge'];

const aggregate: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'aggregate');
  if (command.explain) throw new CommandError(2, 'BadValue', 'the stand-in does not explain aggregations');
  const pipeline: Document[] = command.pipeline ?? [];
  const writing = pipeline.flatMap((stage) => Object.keys(stage)).find((op) => WRITING_STAGES.includes(op));
  if (writing) throw new CommandError(2, 'BadValue', `the stand-in does not support ${writing}`);
  // A leading $match narrows the input the way an index would, and runs only for what the index left to check.
  const [first, ...after] = pipeline;
  const leadingMatch = first?.$match as Document | undefined;
  const { docs, filter } = narrowed(context, name, leadingMatch, command.collation);
  const stages =
    leadingMatch === undefined ? pipeline : [...(isEmpty(filter) ? [] : [{ $match: filter }]), ...after];
  const results = aggregateDocuments(
    docs,
    stages,
    (other) => [...storedDocuments(context, other)],
    command.collation,
  );
  return context.cursors.start(`${context.db}.${name}`, results, { batchSize: command.cursor?.batchSize });
};

function isEmpty(doc: Document): boolean {
  return Object.keys(doc).length === 0;
}

const count: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'count');
  const { docs, filter } = narrowed(context, name, command.query, command.collation);
  const { length } = findDocuments(docs, {
    filter,
    skip: command.skip,
    limit: command.limit,
  });
  return { n: length };
};

const distinct: CommandHandler = (command, context) => {
  const name = targetCollection(command, 'distinct');
  const { docs, filter } = narrowed(context, name, command.query, command.collation);
  const matches = findDocuments(docs, {
    filter,
    collation: command.collation,
  });
  const values = new Map<string, unknown>();
  for (const doc of matches) {
    for (const value of valuesAtPath(doc, String(command.key))) {
      if (value !== undefined) values.set(canonicalKey(value), value);
    }
  }
  return { values: [...values.values()] };
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  aggregate,
  count,
  distinct,
  getMore: (command, context) => context.cursors.getMore(Number(command.getMore), command.batchSize),
  killCursors: (command, context) => context.cursors.kill((command.cursors ?? []).map(Number)),
};
