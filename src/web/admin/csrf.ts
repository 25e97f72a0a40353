import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Browsers send Basic credentials on their own, so a page elsewhere could post to the dashboard: every POST must
 * carry this token, which such a page cannot read. It is an HMAC of the user's name keyed by `secret` (derived
 * from configured secrets, so every API replica makes the same token without shared state).
 */
export function csrfTokens(secret: string) {
  const make = (user: string) => createHmac('sha256', secret).update(`csrf:${user}`).digest('base64url');
  return {
    make,
    verify(user: string, token: unknown): boolean {
      if (typeof token !== 'string') return false;
      const a = Buffer.from(make(user));
      const b = Buffer.from(token);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
