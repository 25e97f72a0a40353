import { startHarness, type Harness } from '../support/harness';
import { buildContainer } from '../../src/container';
import { startApiServer } from '../../src/main/serve-api';
import { request, type HttpAnswer } from './web-support';

/** Rate limits in Redis, shared by API replicas; failed logins locked out sooner; trusted proxies (items 5, 13). */
describe('rate limits', () => {
  let h: Harness;
  let second: { base: string; close(): Promise<void> };

  beforeAll(async () => {
    h = await startHarness({
      env: { RATE_LIMIT_PER_MINUTE: '40', AUTH_FAILURE_LIMIT: '5', TRUST_PROXY: 'loopback' },
    });
    // A second API replica on the same Redis and prefix.
    const c = await buildContainer(h.config, 'api', h.clock);
    const server = await startApiServer(c, 0);
    second = {
      base: `http://127.0.0.1:${server.port}`,
      async close() {
        await server.close();
        await c.close();
      },
    };
  });
  afterAll(async () => {
    await second.close();
    await h.close();
  });

  const get = (client: string, authorization: string | null, base = h.base, path = '/api/campaigns') =>
    request(`${base}${path}`, {
      headers: { 'x-forwarded-for': client, ...(authorization ? { authorization } : {}) },
    });
  const bearer = (key: string) => `Bearer ${key}`;
  const wrong = bearer('wrong-key-wrong-key-wrong');

  function expect429(res: HttpAnswer, maxRetrySec: number) {
    expect(res.status).toBe(429);
    expect((res.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(maxRetrySec);
  }

  it('after 5 wrong API keys a client is refused with 429 + Retry-After, even with the right key; others are not', async () => {
    const a = '198.51.100.1';
    for (let i = 0; i < 5; i++) expect((await get(a, wrong)).status).toBe(401);
    expect429(await get(a, wrong), 900);
    expect429(await get(a, bearer(h.config.API_KEYS[0]!)), 900);
    expect((await get('198.51.100.2', bearer(h.config.API_KEYS[0]!))).status).toBe(200);
  });

  it('concurrent guesses are counted at once: of 30 in parallel, at most 5 get an answer', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => get('198.51.100.3', wrong)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  });

  it('a burst of valid requests, more than the failed-login allowance at once, is all answered', async () => {
    const key = bearer(h.config.API_KEYS[0]!);
    const answers = await Promise.all(Array.from({ length: 12 }, () => get('198.51.100.9', key)));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
  });

  it('successful requests do not use up the failed-login allowance', async () => {
    const c = '198.51.100.4';
    for (let i = 0; i < 10; i++) expect((await get(c, bearer(h.config.API_KEYS[0]!))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get(c, wrong)).status).toBe(401);
    expect429(await get(c, wrong), 900);
  });

  it('Bull Board: 5 wrong passwords, then 429', async () => {
    const basic = `Basic ${Buffer.from(`${h.config.ADMIN_USER}:not-the-password`).toString('base64')}`;
    const d = '198.51.100.5';
    for (let i = 0; i < 5; i++) expect((await get(d, basic, h.base, '/admin/queues')).status).toBe(401);
    expect429(await get(d, basic, h.base, '/admin/queues'), 900);
  });

  it('failures are counted across replicas (Redis)', async () => {
    const e = '198.51.100.6';
    for (let i = 0; i < 3; i++) expect((await get(e, wrong)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await get(e, wrong, second.base)).status).toBe(401);
    expect429(await get(e, wrong, second.base), 900);
    expect429(await get(e, wrong), 900);
  });

  it('40 requests a minute per client, counted across replicas; then 429 with Retry-After', async () => {
    const f = '198.51.100.7';
    const key = bearer(h.config.API_KEYS[0]!);
    for (let i = 0; i < 20; i++) expect((await get(f, key)).status).toBe(200);
    for (let i = 0; i < 20; i++) expect((await get(f, key, second.base)).status).toBe(200);
    expect429(await get(f, key), 60);
    expect((await get('198.51.100.8', key)).status).toBe(200);
  });

  it('webhooks, /health and /metrics are not limited', async () => {
    const g = '198.51.100.9';
    for (let i = 0; i < 45; i++) expect((await get(g, null, h.base, '/health')).status).toBe(200);
  });
});

describe('trusted proxies (TRUST_PROXY unset: none)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { AUTH_FAILURE_LIMIT: '3' } });
  });
  afterAll(() => h.close());

  it('X-Forwarded-For from an untrusted peer is ignored: changing it does not reset the count', async () => {
    const wrong = 'Bearer wrong-key-wrong-key-wrong';
    for (let i = 0; i < 3; i++) {
      const res = await request(`${h.base}/api/campaigns`, {
        headers: { authorization: wrong, 'x-forwarded-for': `203.0.113.${i}` },
      });
      expect(res.status).toBe(401);
    }
    const res = await request(`${h.base}/api/campaigns`, {
      headers: { authorization: wrong, 'x-forwarded-for': '203.0.113.99' },
    });
    expect(res.status).toBe(429);
  });
});

describe('startApiServer on a port in use', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('fails with "port N is in use" instead of starting', async () => {
    const port = Number(new URL(h.base).port);
    await expect(startApiServer(h.api, port)).rejects.toThrow(`port ${port} is in use`);
  });
});
