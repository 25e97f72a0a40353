import type { Document } from 'bson';

/**
 * A failure reported to the client the way mongod reports it, so the driver
 * raises MongoServerError with the same code/codeName a real server would give.
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly details: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.details };
  }

  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.details };
  }
}

/** mingo throws plain Errors for malformed filters/updates; mongod calls those BadValue. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  return new CommandError(2, 'BadValue', err instanceof Error ? err.message : String(err));
}
