/** Errors that reach HTTP in one place (src/web/error.middleware.ts) with their own status and code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string, details?: unknown) {
    super(400, 'VALIDATION_FAILED', message, field, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, 'NOT_FOUND', `${what} ${id} does not exist`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, 'CONFLICT', message, field);
  }
}

/** A job that can never succeed however often it is retried (BullMQ UnrecoverableError at the queue edge). */
export class PermanentJobError extends Error {}

/** A provider answered "try again later" (HTTP 429/5xx): retry with backoff, it is not a call attempt. */
export class TransientProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class WebhookSignatureError extends AppError {
  constructor(provider: string) {
    super(403, 'INVALID_SIGNATURE', `The ${provider} webhook signature does not match`);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid API key is required (Authorization: Bearer <key>)') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

/** An upload (or one row of it) larger than the limit the message names. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, field: string, details?: unknown) {
    super(413, 'PAYLOAD_TOO_LARGE', message, field, details);
  }
}
