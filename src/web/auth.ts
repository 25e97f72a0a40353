import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors';

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1]!.trim() : null;
}

/** Which kind of key an Authorization header carries: 'admin', 'api', or null (none, or not one of ours). */
export function apiKeyKind(
  apiKeys: readonly string[],
  adminKeys: readonly string[],
  header: string | undefined,
): 'admin' | 'api' | null {
  const key = bearer(header);
  if (!key) return null;
  if (adminKeys.some((k) => safeEqual(k, key))) return 'admin';
  return apiKeys.some((k) => safeEqual(k, key)) ? 'api' : null;
}

/** API keys; an admin key is also an API key. `res.locals.admin` tells routes which one was used. */
export function requireApiKey(apiKeys: string[], adminKeys: string[]): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!bearer(header)) return next(new UnauthorizedError());
    const kind = apiKeyKind(apiKeys, adminKeys, header);
    if (!kind) return next(new UnauthorizedError('The API key is not valid'));
    const admin = kind === 'admin';
    res.locals.admin = admin;
    res.locals.actor = admin ? 'admin' : 'api';
    next();
  };
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (res.locals.admin !== true) return next(new ForbiddenError('This action needs an admin API key'));
  next();
};

/**
 * Bull Board and the dashboard: HTTP Basic checked by `verify` (src/web/admin/users.ts), which names the user's
 * role; `res.locals.role` and `res.locals.actor` tell the routes who asked.
 */
type VerifyLogin = (user: string, password: string) => { name: string; role: string } | null;

/** The user an HTTP Basic Authorization header logs in, or null. */
export function basicUser(verify: VerifyLogin, header: string | undefined) {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  const [u, p] = m ? Buffer.from(m[1]!, 'base64').toString().split(/:(.*)/s) : [];
  return u !== undefined && p !== undefined ? verify(u, p) : null;
}

export function basicAuth(verify: VerifyLogin): RequestHandler {
  return (req, res, next) => {
    const user = basicUser(verify, req.get('authorization'));
    if (user) {
      res.locals.role = user.role;
      res.locals.actor = `user:${user.name}`;
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="dialer admin"');
    res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'Admin credentials required' } });
  };
}
