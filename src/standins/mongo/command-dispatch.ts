import type { Document } from 'bson';
import { adminCommands } from './admin-commands';
import { collectionCommands } from './collection-commands';
import { CommandError, toCommandError } from './command-error';
import type { CommandContext, CommandHandler } from './command-context';
import { indexCommands } from './index-commands';
import { readCommands } from './read-commands';
import { writeCommands } from './write-commands';

const HANDLERS: Record<string, CommandHandler> = {
  ...adminCommands,
  ...readCommands,
  ...writeCommands,
  ...collectionCommands,
  ...indexCommands,
};

/**
 * Runs one command and always returns a reply document: mongod reports
 * failures as `{ ok: 0 }` replies, never by dropping the connection.
 * Session fields (lsid, txnNumber, $clusterTime) are ignored; there are no transactions.
 */
export function runCommand(command: Document, context: CommandContext): Document {
  const name = Object.keys(command)[0] ?? '';
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) return new CommandError(59, 'CommandNotFound', `no such command: '${name}'`).toReply();
  try {
    return { ...handler(command, context), ok: 1 };
  } catch (err) {
    return toCommandError(err).toReply();
  }
}
