import { startHarness, type Harness } from '../support/harness';
import { campaignBody, jsonLead, phoneFor, request } from './web-support';
import { loadConfig } from '../../src/config';
import { dashboardUsers } from '../../src/web/admin/users';

const VIEWER = { name: 'vera', password: 'viewer-password-1' };
const ADMIN = { name: 'adam', password: 'admin-password-22' };
const basic = (u: { name: string; password: string }) =>
  `Basic ${Buffer.from(`${u.name}:${u.password}`).toString('base64')}`;

describe('dashboard users', () => {
  it('knows each configured user with its role and nobody else', () => {
    const users = dashboardUsers([
      { name: 'admin', role: 'admin', password: 'a'.repeat(12) },
      { name: 'vera', role: 'viewer', password: 'pass:with:colons' },
    ]);
    expect(users.verify('vera', 'pass:with:colons')).toEqual({ name: 'vera', role: 'viewer' });
    expect(users.verify('admin', 'a'.repeat(12))).toEqual({ name: 'admin', role: 'admin' });
    expect(users.verify('vera', 'a'.repeat(12))).toBeNull();
    expect(users.verify('VERA', 'pass:with:colons')).toBeNull();
    expect(users.verify('', '')).toBeNull();
  });

  it('reads DASHBOARD_USERS as name:role:password and names the variable when an entry is wrong', () => {
    const base = {
      MONGODB_URI: 'mongodb://x',
      API_KEYS: 'k'.repeat(16),
      ADMIN_API_KEYS: 'a'.repeat(16),
      ADMIN_USER: 'admin',
      ADMIN_PASSWORD: 'p'.repeat(12),
      TELEPHONY: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 't'.repeat(16),
      TWILIO_PHONE_NUMBER: '+13125550100',
      ELEVENLABS_API_KEY: 'x',
      ELEVENLABS_AGENT_ID: 'y',
      ELEVENLABS_WEBHOOK_SECRET: 's'.repeat(16),
    };
    expect(
      loadConfig({ ...base, DASHBOARD_USERS: 'vera:viewer:pw:with:colon, adam:admin:admin-password-22' })
        .DASHBOARD_USERS,
    ).toEqual([
      { name: 'vera', role: 'viewer', password: 'pw:with:colon' },
      { name: 'adam', role: 'admin', password: 'admin-password-22' },
    ]);
    expect(loadConfig(base).DASHBOARD_USERS).toEqual([]);
    expect(() => loadConfig({ ...base, DASHBOARD_USERS: 'vera:root:long-enough-pass' })).toThrow(
      /DASHBOARD_USERS/,
    );
    expect(() => loadConfig({ ...base, DASHBOARD_USERS: 'vera:viewer:short' })).toThrow(/DASHBOARD_USERS/);
  });
});

describe('dashboard and roles', () => {
  let h: Harness;
  let campaignId: string;
  let leadId: string;
  const phone = phoneFor(72, 1);

  const page = (path: string, who = ADMIN, init: RequestInit = {}) =>
    request<string>(`${h.base}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { authorization: basic(who), ...(init.headers as Record<string, string>) },
    });
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const post = (path: string, who: typeof ADMIN, csrf: string | undefined) =>
    page(path, who, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: csrf === undefined ? '' : new URLSearchParams({ csrf }).toString(),
    });

  beforeAll(async () => {
    h = await startHarness({
      env: {
        DASHBOARD_USERS: `${VIEWER.name}:viewer:${VIEWER.password},${ADMIN.name}:admin:${ADMIN.password}`,
      },
    });
    const c = await h.client.createCampaign(campaignBody('<script>alert("x")</script> Spring'));
    campaignId = c.id;
    const up = await h.client.call<{ leadIds: string[] }>('POST', `/api/campaigns/${campaignId}/leads`, {
      body: { leads: [{ ...jsonLead(h, phone, '<img src=x onerror=alert(1)>'), last_name: 'Doe' }] },
    });
    leadId = up.body.leadIds[0]!;
    await h.client.control(campaignId, 'start');
  });
  afterAll(() => h.close());

  it('asks for a login, and refuses a wrong password', async () => {
    expect((await request(`${h.base}/admin`)).status).toBe(401);
    expect((await page('/admin', { ...VIEWER, password: 'wrong-password' })).status).toBe(401);
  });

  it('shows the campaign list to a viewer, escaped, without controls', async () => {
    const res = await page('/admin', VIEWER);
    expect(res.status).toBe(200);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Spring');
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).toContain('data-role="viewer"');
    expect(res.text).not.toContain('data-action=');
    const campaign = await page(`/admin/campaigns/${campaignId}`, VIEWER);
    expect(campaign.status).toBe(200);
    expect(campaign.text).not.toMatch(/data-action="pause"|id="upload"/);
  });

  it("refuses a viewer's changes, on the dashboard and on Bull Board", async () => {
    const csrf = csrfOf((await page('/admin', ADMIN)).text);
    expect((await post(`/admin/campaigns/${campaignId}/pause`, VIEWER, csrf)).status).toBe(403);
    expect((await post('/admin/kill-switch?engaged=on', VIEWER, csrf)).status).toBe(403);
    expect((await h.client.campaign(campaignId)).status).toBe('running');
    const queues = await page('/admin/queues/api/queues', VIEWER);
    expect(queues.status).toBe(200);
    const list = (JSON.parse(queues.text) as { queues: Array<{ name: string; readOnlyMode: boolean }> })
      .queues;
    expect(list.map((q) => q.readOnlyMode)).toEqual(list.map(() => true));
    const pause = await page(`/admin/queues/api/queues/${list[0]!.name}/pause`, VIEWER, { method: 'PUT' });
    expect(pause.status).toBe(403);
    const adminList = JSON.parse((await page('/admin/queues/api/queues', ADMIN)).text) as {
      queues: Array<{ readOnlyMode: boolean }>;
    };
    expect(adminList.queues.map((q) => q.readOnlyMode)).toEqual(list.map(() => false));
  });

  it('lets an admin pause and resume with the CSRF token, and only with it', async () => {
    const html = (await page(`/admin/campaigns/${campaignId}`, ADMIN)).text;
    expect(html).toContain('data-action="pause"');
    const csrf = csrfOf(html);
    expect(csrf).toBeDefined();
    expect((await post(`/admin/campaigns/${campaignId}/pause`, ADMIN, undefined)).status).toBe(403);
    expect((await post(`/admin/campaigns/${campaignId}/pause`, ADMIN, `${csrf}x`)).status).toBe(403);
    // Another user's token is not this user's.
    expect(
      (
        await post(
          `/admin/campaigns/${campaignId}/pause`,
          { ...ADMIN, name: h.config.ADMIN_USER, password: h.config.ADMIN_PASSWORD },
          csrf,
        )
      ).status,
    ).toBe(403);
    expect((await h.client.campaign(campaignId)).status).toBe('running');
    const paused = await post(`/admin/campaigns/${campaignId}/pause`, ADMIN, csrf);
    expect([paused.status, paused.headers.get('location')]).toEqual([
      303,
      `/admin/campaigns/${campaignId}?done=paused`,
    ]);
    expect((await h.client.campaign(campaignId)).status).toBe('paused');
    const again = await post(`/admin/campaigns/${campaignId}/pause`, ADMIN, csrf);
    expect(again.headers.get('location')).toBe(`/admin/campaigns/${campaignId}?refused=pause`);
    expect((await page(again.headers.get('location')!, ADMIN)).text).toContain(
      'Could not pause the campaign',
    );
    await post(`/admin/campaigns/${campaignId}/resume`, ADMIN, csrf);
    expect((await h.client.campaign(campaignId)).status).toBe('running');
  });

  it('engages and releases the kill switch for an admin', async () => {
    const csrf = csrfOf((await page('/admin', ADMIN)).text);
    expect((await post('/admin/kill-switch?engaged=on', ADMIN, csrf)).status).toBe(303);
    expect(await h.api.deps.killSwitch.isEngaged()).toBe(true);
    expect((await page('/admin', ADMIN)).text).toContain('ENGAGED');
    await post('/admin/kill-switch?engaged=off', ADMIN, csrf);
    expect(await h.api.deps.killSwitch.isEngaged()).toBe(false);
  });

  it('masks phone numbers except on the lead page, and escapes lead data there', async () => {
    const digits = phone.replace(/\D/g, '');
    const lead = await page(`/admin/leads/${leadId}`, VIEWER);
    expect(lead.status).toBe(200);
    expect(lead.text).toContain(phone);
    expect(lead.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(lead.text).not.toContain('<img');
    expect(lead.text).toMatch(/Consent[\s\S]*electronic_signature/);
    for (const path of ['/admin', `/admin/campaigns/${campaignId}`, `/admin/campaigns/${campaignId}/live`]) {
      const text = (await page(path, VIEWER)).text;
      expect([path, text.includes(digits.slice(1)) || text.includes(phone)]).toEqual([path, false]);
    }
  });

  it('uploads a CSV for an admin and lists the bad rows, escaped', async () => {
    const csrf = csrfOf((await page(`/admin/campaigns/${campaignId}`, ADMIN)).text)!;
    const csv = `phone,first_name,last_name\n${phoneFor(72, 5)},Ann,Lee\nnot-a-phone,<b>Bob</b>,Ray\n`;
    const upload = (who: typeof ADMIN, token: string) =>
      page(`/admin/campaigns/${campaignId}/leads`, who, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': token },
        body: csv,
      });
    expect((await upload(VIEWER, csrf)).status).toBe(403);
    const res = await upload(ADMIN, csrf);
    expect(res.status).toBe(201);
    expect(res.text).toContain('1 row(s) accepted, 1 rejected');
    expect(res.text.replace(/\s+/g, '')).toMatch(/<td>3<\/td><td>phone<\/td><td>[^<]+<\/td>/);
  });

  it('answers pages it does not have with a 404 page', async () => {
    expect((await page('/admin/leads/nope', VIEWER)).status).toBe(404);
    expect((await page('/admin/no-such-page', VIEWER)).status).toBe(404);
  });
});
