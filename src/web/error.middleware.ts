import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors';
import { moduleLogger } from '../logger';

const log = moduleLogger('http');

/** A caller's id is kept only if it is short and plain: it is echoed in headers and written to every log line. */
const CALLER_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Every request gets an id that answers and logs carry, so a user's report can be matched to our logs. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  res.locals.requestId = given && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', res.locals.requestId as string);
  next();
};

/** The one place errors become HTTP: `{ error: { code, message, field? }, requestId }`; a 500 hides its cause. */
export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const rid = res.locals.requestId as string;
  if (err instanceof AppError) {
    res.status(err.status).json({
      error: { code: err.code, message: err.message, field: err.field, details: err.details },
      requestId: rid,
    });
    return;
  }
  // The body parsers' errors (http-errors): malformed JSON, too large, an unsupported charset or content encoding,
  // a corrupt gzip body, too many form parameters... all the client's doing, so its 4xx, never a 500.
  const bodyError = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (
    bodyError.expose === true &&
    typeof bodyError.status === 'number' &&
    bodyError.status >= 400 &&
    bodyError.status < 500
  ) {
    res.status(bodyError.status).json({
      error: {
        code: 'BAD_BODY',
        message: `The request body could not be read: ${bodyError.message}`,
        field: 'body',
      },
      requestId: rid,
    });
    return;
  }
  const errorId = randomUUID();
  log.error('unhandled error', {
    errorId,
    requestId: rid,
    path: req.path,
    error: (err as Error).message,
    stack: (err as Error).stack,
  });
  res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error', errorId }, requestId: rid });
};

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({
    error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` },
    requestId: res.locals.requestId,
  });
};
