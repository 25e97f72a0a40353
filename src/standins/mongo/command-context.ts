import type { Document } from 'bson';
import { CommandError } from './command-error';
import type { CursorRegistry } from './cursors';
import type { Store } from './store';

export interface CommandContext {
  /** The `$db` the command was sent to. */
  db: string;
  store: Store;
  cursors: CursorRegistry;
  connectionId: number;
}

/** Returns the fields to merge into `{ ok: 1 }`; throws CommandError to fail the command. */
export type CommandHandler = (command: Document, context: CommandContext) => Document;

/** The collection a command targets is the value of its name field, e.g. `{ find: 'leads' }`. */
export function targetCollection(command: Document, commandName: string): string {
  const name: unknown = command[commandName];
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError(
      73,
      'InvalidNamespace',
      `${commandName} requires a collection name, got ${String(name)}`,
    );
  }
  return name;
}
