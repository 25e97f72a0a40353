import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { moduleLogger } from '../logger';

const log = moduleLogger('rate-limit');

export interface RateLimitSettings {
  /** Requests one client may make in a minute. */
  perMinute: number;
  /** Failed logins (answers 401) one client may have in 15 minutes; then every request of it is refused. */
  authFailures: number;
}

export interface RateLimits {
  /** Every request counts; over the limit → 429 with Retry-After. */
  requests: RequestHandler;
  /**
   * A client over its failed-login limit → 429 with Retry-After. A request whose credentials `isAuthentic`
   * rejects spends a point before it is answered 401; one with valid credentials spends none.
   */
  authFailures: (isAuthentic: (req: Request) => boolean) => RequestHandler;
}

const AUTH_WINDOW_SEC = 15 * 60;

/** The client as the trusted proxies (TRUST_PROXY) tell it, else the peer address. */
function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function tooMany(res: Response, msBeforeNext: number, message: string): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
  res.status(429).json({
    error: { code: 'RATE_LIMITED', message },
    requestId: res.locals.requestId,
  });
}

/**
 * Limits kept in Redis, so every API replica counts the same requests. While Redis cannot answer, requests
 * go through (logged): the API keys still guard every route, and an outage of the limiter must not become an
 * outage of the API.
 */
export function createRateLimits(redis: Redis, prefix: string, settings: RateLimitSettings): RateLimits {
  const requests = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:rl:req`,
    points: settings.perMinute,
    duration: 60,
  });
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:rl:auth`,
    points: settings.authFailures,
    duration: AUTH_WINDOW_SEC,
  });
  /** Refused by the limiter (429), or let through when Redis cannot answer. */
  function refuse(res: Response, next: NextFunction, rejection: unknown, message: string): void {
    if (rejection instanceof RateLimiterRes) return tooMany(res, rejection.msBeforeNext, message);
    log.warn('rate limiter unavailable; request let through', { error: (rejection as Error).message });
    next();
  }

  return {
    requests: (req, res, next) => {
      requests.consume(clientOf(req)).then(
        () => next(),
        (rejection: unknown) =>
          refuse(res, next, rejection, `More than ${settings.perMinute} requests a minute from this client`),
      );
    },
    // A guess spends its point before it is answered, so concurrent guesses count at once. Valid credentials
    // are no guess: however many arrive at once they spend nothing, though a client already locked out stays so.
    authFailures: (isAuthentic) => (req, res, next) => {
      const client = clientOf(req);
      const lockedOut = 'Too many failed logins from this client; try again later';
      if (!isAuthentic(req)) {
        failures.consume(client).then(
          () => next(),
          (rejection: unknown) => refuse(res, next, rejection, lockedOut),
        );
        return;
      }
      failures.get(client).then(
        (state) =>
          state && state.consumedPoints >= settings.authFailures
            ? tooMany(res, state.msBeforeNext, lockedOut)
            : next(),
        (error: unknown) => refuse(res, next, error, lockedOut),
      );
    },
  };
}
