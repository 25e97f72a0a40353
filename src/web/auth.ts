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

/** API keys; an admin key is also an API key. `res.locals.admin` tells routes which one was used. */
export function requireApiKey(apiKeys: string[], adminKeys: string[]): RequestHandler {
  return (req, res, next) => {
    const key = bearer(req.get('authorization'));
    if (!key) return next(new UnauthorizedError());
    const admin = adminKeys.some((k) => safeEqual(k, key));
    if (!admin && !apiKeys.some((k) => safeEqual(k, key)))
      return next(new UnauthorizedError('The API key is not valid'));
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
export function basicAuth(
  verify: (user: string, password: string) => { name: string; role: string } | null,
): RequestHandler {
  return (req, res, next) => {
    const m = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
    const [u, p] = m ? Buffer.from(m[1]!, 'base64').toString().split(/:(.*)/s) : [];
    const user = u !== undefined && p !== undefined ? verify(u, p) : null;
    if (user) {
      res.locals.role = user.role;
      res.locals.actor = `user:${user.name}`;
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="dialer admin"');
    res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'Admin credentials required' } });
  };
}
