import { startHarness, type Harness } from '../support/harness';
import { request } from './web-support';

/** helmet's headers on every answer; a policy Bull Board can live with under /admin (item 12). */
describe('security headers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const key = () => ({ authorization: `Bearer ${h.config.API_KEYS[0]}` });

  it.each([
    ['an API answer with personal data', '/api/campaigns', true],
    ['an error', '/api/nothing-here', true],
    ['an unauthenticated answer', '/api/campaigns', false],
    ['the OpenAPI document', '/api/openapi.json', false],
  ])('%s: nosniff, no framing, no-store, a policy that loads nothing', async (_what, path, auth) => {
    const res = await request(`${h.base}${path}`, { headers: auth ? key() : {} });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('Bull Board: its page loads its own scripts and styles (and Google Fonts) and is never framed', async () => {
    const auth = `Basic ${Buffer.from(`${h.config.ADMIN_USER}:${h.config.ADMIN_PASSWORD}`).toString('base64')}`;
    const page = await request(`${h.base}/admin/queues`, { headers: { authorization: auth } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain('https://fonts.googleapis.com');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // Every script the page loads is its own (relative to its <base>), so script-src 'self' lets them all run.
    const scripts = [...page.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^[a-z]+:\/\//i);
      const asset = await request(new URL(src, `${h.base}/admin/queues/`).toString(), {
        headers: { authorization: auth },
      });
      expect([src, asset.status]).toEqual([src, 200]);
    }
    // Bull Board's only inline <script> is JSON data, which a policy does not need to allow.
    for (const m of page.text.matchAll(/<script(?![^>]*src=)([^>]*)>/g))
      expect(m[1]).toContain('application/json');
  });
});
