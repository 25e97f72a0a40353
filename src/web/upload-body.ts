import { Transform, type TransformCallback } from 'node:stream';
import type { Request } from 'express';
import { PayloadTooLargeError } from '../errors';

/** The client hung up before the whole body arrived. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client closed the connection before the upload ended');
  }
}

export function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `the upload is larger than the limit of ${maxBytes} bytes (MAX_UPLOAD_BYTES)`,
    'body',
    { maxUploadBytes: maxBytes },
  );
}

/**
 * The request body as a stream that fails with PayloadTooLargeError once more than `maxBytes` arrive and with
 * ClientAbortedError if the client hangs up. The request itself is never destroyed, so an answer can still be
 * sent (with `Connection: close`, instead of reading the rest).
 */
export function uploadBody(req: Request, maxBytes: number): Transform {
  let seen = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) done(tooLarge(maxBytes));
      else done(null, chunk);
    },
  });
  const aborted = () => {
    if (!req.complete) body.destroy(new ClientAbortedError());
  };
  req.on('error', aborted);
  req.on('close', aborted);
  req.pipe(body);
  return body;
}
