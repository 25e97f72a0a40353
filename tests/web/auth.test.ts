import { startHarness, type Harness } from '../support/harness';
import { expectError, phoneFor, request, type HttpAnswer } from './web-support';

/** API keys, admin-only routes, Bull Board's Basic auth, and that no secret ever leaves in a response. */
describe('authentication and authorisation', () => {
  let h: Harness;
  /** Every response body (and header values) seen by this file, checked for secrets at the end. */
  const seen: Array<{ what: string; text: string }> = [];

  const api = async (
    method: string,
    path: string,
    opts: {
      key?: string | null;
      body?: unknown;
      text?: string;
      type?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? h.config.API_KEYS[0]! : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.text !== undefined) {
      headers['content-type'] = opts.type ?? 'text/plain';
      body = opts.text;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await request(`${h.base}${path}`, { method, headers, body });
    seen.push({
      what: `${method} ${path} → ${res.status}`,
      text: `${res.text}\n${[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}`,
    });
    return res;
  };
  const admin = () => h.config.ADMIN_API_KEYS[0]!;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  beforeAll(async () => {
    // This file makes more failed logins than the lockout allows; the lockout has its own test (rate-limit.test.ts).
    h = await startHarness({ env: { AUTH_FAILURE_LIMIT: '1000' } });
  });
  afterAll(() => h.close());

  describe('API keys', () => {
    it('answers 401 with the error shape when Authorization is missing', async () => {
      const res = await api('GET', '/api/campaigns', { key: null });
      const body = expectError(res, 401, 'UNAUTHORIZED');
      expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
      // The request id in the body is the one in the header, so a user's report can be matched to our logs.
      expect(res.headers.get('x-request-id')).toBe(body.requestId);
    });

    it('answers 401 for a wrong key, a key of the wrong scheme, and an empty bearer', async () => {
      const wrong = `${h.config.API_KEYS[0]!.slice(0, -1)}x`;
      for (const authorization of [
        `Bearer ${wrong}`,
        `Bearer key_${'0'.repeat(32)}`,
        `Basic ${h.config.API_KEYS[0]}`,
        'Bearer ',
        h.config.API_KEYS[0]!,
      ]) {
        const res = await api('GET', '/api/campaigns', { key: null, headers: { authorization } });
        const body = expectError(res, 401, 'UNAUTHORIZED');
        expect(res.text).not.toContain(wrong);
        expect(body.error.message).not.toContain(h.config.API_KEYS[0]!);
      }
    });

    it('rejects the bad key on every kind of route, before validating the body', async () => {
      expectError(
        await api('POST', '/api/campaigns', { key: 'nope-nope-nope-nope', body: { bad: true } }),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await api('POST', '/api/admin/kill-switch', { key: 'nope-nope-nope-nope', body: { engaged: true } }),
        401,
        'UNAUTHORIZED',
      );
      expectError(await api('GET', '/api/calls/active/all', { key: null }), 401, 'UNAUTHORIZED');
      expect(await h.api.deps.killSwitch.isEngaged()).toBe(false);
    });

    it('takes the API key (bearer scheme in any case) and the admin key on ordinary routes', async () => {
      expect((await api('GET', '/api/campaigns')).status).toBe(200);
      expect(
        (
          await api('GET', '/api/campaigns', {
            key: null,
            headers: { authorization: `bearer ${h.config.API_KEYS[0]}` },
          })
        ).status,
      ).toBe(200);
      expect((await api('GET', '/api/campaigns', { key: admin() })).status).toBe(200);
    });

    it('request id: echoes a given X-Request-Id', async () => {
      const res = await api('GET', '/api/campaigns', {
        key: null,
        headers: { 'x-request-id': 'trace-abc-123' },
      });
      expect(expectError(res, 401, 'UNAUTHORIZED').requestId).toBe('trace-abc-123');
    });

    it('request id: replaces a given X-Request-Id that is too long or not plain with its own', async () => {
      for (const given of ['x'.repeat(129), 'a b', 'trace<script>']) {
        const res = await api('GET', '/api/campaigns', { key: null, headers: { 'x-request-id': given } });
        const { requestId } = expectError(res, 401, 'UNAUTHORIZED');
        expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.headers.get('x-request-id')).toBe(requestId);
      }
    });

    it('leaves /health, /metrics and the OpenAPI document open', async () => {
      expect((await api('GET', '/health', { key: null })).status).toBe(200);
      expect((await api('GET', '/metrics', { key: null })).status).toBe(200);
      expect((await api('GET', '/api/openapi.json', { key: null })).status).toBe(200);
    });
  });

  describe('admin-only routes with an ordinary key', () => {
    const phone = phoneFor(11, 1);

    it('DELETE /api/dnc/:phone → 403, and the entry stays', async () => {
      expect((await api('POST', '/api/dnc', { body: { phone, reason: 'asked by email' } })).status).toBe(201);
      const res = await api('DELETE', `/api/dnc/${encodeURIComponent(phone)}`);
      expectError(res, 403, 'FORBIDDEN');
      expect(await h.api.deps.internalDnc.contains(phone)).toBe(true);
      // The admin key may.
      expect((await api('DELETE', `/api/dnc/${encodeURIComponent(phone)}`, { key: admin() })).status).toBe(
        204,
      );
      expect(await h.api.deps.internalDnc.contains(phone)).toBe(false);
    });

    it('POST /api/campaigns with compliance.allowRegistryWithWrittenAgreement → 403; the admin key may', async () => {
      const body = { name: 'Registry option', compliance: { allowRegistryWithWrittenAgreement: true } };
      const denied = await api('POST', '/api/campaigns', { body });
      expect(expectError(denied, 403, 'FORBIDDEN').error.message).toMatch(
        /allowRegistryWithWrittenAgreement/,
      );
      const plain = await api('POST', '/api/campaigns', { body: { name: 'Strict default' } });
      expect((plain.body as { compliance: unknown }).compliance).toEqual({
        allowRegistryWithWrittenAgreement: false,
      });
      const created = await api('POST', '/api/campaigns', { body, key: admin() });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };
      const stored = (await api('GET', `/api/campaigns/${id}`)).body as { compliance: unknown };
      expect(stored.compliance).toEqual({ allowRegistryWithWrittenAgreement: true });
    });

    it('POST /api/dnc/registry → 403, and nothing is imported', async () => {
      const downloadedAt = new Date(h.clock.now().getTime() - 86_400_000).toISOString();
      const path = `/api/dnc/registry?downloadedAt=${encodeURIComponent(downloadedAt)}`;
      const res = await api('POST', path, { text: '3125550199\n' });
      expectError(res, 403, 'FORBIDDEN');
      expect(await h.api.deps.registry.downloadedAt()).toBeNull();
      const ok = await api('POST', path, { text: '3125550199\n', key: admin() });
      expect(ok.status).toBe(201);
      expect(await h.api.deps.registry.downloadedAt()).not.toBeNull();
    });

    it('GET and POST /api/admin/kill-switch → 403, and the switch does not move', async () => {
      expectError(await api('GET', '/api/admin/kill-switch'), 403, 'FORBIDDEN');
      expectError(await api('POST', '/api/admin/kill-switch', { body: { engaged: true } }), 403, 'FORBIDDEN');
      expect(await h.api.deps.killSwitch.isEngaged()).toBe(false);
      const on = await api('POST', '/api/admin/kill-switch', { body: { engaged: true }, key: admin() });
      expect([on.status, on.body]).toEqual([200, { engaged: true }]);
      expect(await h.api.deps.killSwitch.isEngaged()).toBe(true);
      const off = await api('POST', '/api/admin/kill-switch', { body: { engaged: false }, key: admin() });
      expect([off.status, off.body]).toEqual([200, { engaged: false }]);
      expect(await h.api.deps.killSwitch.isEngaged()).toBe(false);
    });

    it('POST /api/calls/initiate with overrideTCPA → 403, checked before anything else, and nothing is queued', async () => {
      const campaign = await h.client.createCampaign({
        name: 'auth override',
        voicemail: { action: 'hangup' },
      });
      const up = await api('POST', `/api/campaigns/${campaign.id}/leads`, {
        body: { leads: [{ phone: phoneFor(11, 2), first_name: 'Ada' }] },
      });
      expect(up.status).toBe(201);
      const [leadId] = (up.body as { leadIds: string[] }).leadIds;
      const body = { leadId, overrideTCPA: true, overrideReason: 'consent on paper, scanned into the CRM' };
      expectError(await api('POST', '/api/calls/initiate', { body }), 403, 'FORBIDDEN');
      // An unknown lead is 403 too: the key is checked before the lead is looked up.
      expectError(
        await api('POST', '/api/calls/initiate', { body: { ...body, leadId: 'lead_unknown' } }),
        403,
        'FORBIDDEN',
      );
      expect((await h.api.deps.leads.get(leadId!))!.status).toBe('new');
      expect(await h.api.queues.compliance.getJob(`chk-${leadId}-a1`)).toBeUndefined();
      // The admin key gets past the check (and meets the next rule: the campaign is not running).
      expectError(
        await api('POST', '/api/calls/initiate', { body, key: admin() }),
        409,
        'CONFLICT',
        'leadId',
      );
      expectError(
        await api('POST', '/api/calls/initiate', { body: { ...body, leadId: 'lead_unknown' }, key: admin() }),
        404,
        'NOT_FOUND',
      );
      // Without the override, the ordinary key is fine.
      expectError(await api('POST', '/api/calls/initiate', { body: { leadId } }), 409, 'CONFLICT', 'leadId');
    });
  });

  describe('Bull Board (/admin/queues)', () => {
    it('answers 401 with a Basic challenge without credentials', async () => {
      const res = await api('GET', '/admin/queues', { key: null });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((res.body as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    });

    it('answers 401 for a wrong password, a wrong user, a bearer API key, and garbage', async () => {
      for (const authorization of [
        basic(h.config.ADMIN_USER, `${h.config.ADMIN_PASSWORD}x`),
        basic(`${h.config.ADMIN_USER}x`, h.config.ADMIN_PASSWORD),
        basic(h.config.ADMIN_USER, ''),
        `Bearer ${admin()}`,
        'Basic !!!not-base64!!!',
      ]) {
        const res = await api('GET', '/admin/queues', { key: null, headers: { authorization } });
        expect([authorization, res.status]).toEqual([authorization, 401]);
      }
      // Bull Board's JSON API under the same prefix is guarded too.
      expect((await api('GET', '/admin/queues/api/queues', { key: null })).status).toBe(401);
    });

    it('serves the dashboard and its API with the right credentials', async () => {
      const auth = basic(h.config.ADMIN_USER, h.config.ADMIN_PASSWORD);
      const page = await api('GET', '/admin/queues', { key: null, headers: { authorization: auth } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const queues = await api('GET', '/admin/queues/api/queues', {
        key: null,
        headers: { authorization: auth },
      });
      expect(queues.status).toBe(200);
      const names = (queues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
      expect(names).toEqual(
        h.api.queues
          .all()
          .map((q) => q.name)
          .sort(),
      );
    });
  });

  it('never puts a secret in a response body or header', async () => {
    // A few more answers for the collection: listings, the outbox, a 404, a 400.
    await api('GET', '/api/campaigns');
    await api('GET', '/api/dnc');
    await api('GET', '/api/dnc/registry');
    await api('GET', '/api/events?limit=1000');
    await api('GET', '/api/admin/kill-switch', { key: admin() });
    await api('GET', '/api/calls/active/all');
    await api('GET', '/api/nope');
    await api('POST', '/api/campaigns', { body: { name: '' } });
    await api('POST', '/api/campaigns', { text: '{"name":', type: 'application/json' });
    expect(seen.length).toBeGreaterThan(30);
    const c = h.config;
    const secrets: Record<string, string> = {
      API_KEYS: c.API_KEYS[0]!,
      ADMIN_API_KEYS: c.ADMIN_API_KEYS[0]!,
      ADMIN_PASSWORD: c.ADMIN_PASSWORD,
      TWILIO_AUTH_TOKEN: c.TWILIO_AUTH_TOKEN,
      ELEVENLABS_API_KEY: c.ELEVENLABS_API_KEY,
      ELEVENLABS_WEBHOOK_SECRET: c.ELEVENLABS_WEBHOOK_SECRET,
    };
    const leaks = seen.flatMap(({ what, text }) =>
      Object.entries(secrets)
        .filter(([, s]) => text.includes(s))
        .map(([name]) => `${name} in ${what}`),
    );
    expect(leaks).toEqual([]);
  });
});
