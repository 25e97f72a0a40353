import { startHarness, type Harness } from '../support/harness';
import { complianceCsv } from '../../src/web/routes/compliance-csv';
import type { ComplianceRecord } from '../../src/domain/compliance-record';
import { FIELD_MAX_CHARS } from '../../src/leads/lead-record';
import { consentFields, expectError, importRegistry, phoneFor, request } from './web-support';

interface UploadAnswer {
  accepted: number;
  rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
  leadIds: string[];
}

/** What the hostile review found in the API's input handling (issue 11, items 2, 6, 10, 11, 17). */
describe('input hardening', () => {
  let h: Harness;
  let campaignId: string;

  const post = (path: string, body: unknown) =>
    request(`${h.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.config.API_KEYS[0]}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const upload = (leads: unknown[]) => post(`/api/campaigns/${campaignId}/leads`, { leads });

  beforeAll(async () => {
    h = await startHarness({ env: { CALLER_IDS: '+13125550177,+12125550188' } });
    campaignId = (await h.client.createCampaign({ name: 'input hardening', voicemail: { action: 'hangup' } }))
      .id;
  });
  afterAll(() => h.close());

  describe('field length limits', () => {
    it('a 5 MB first_name is refused naming the field and the limit; the other fields too', async () => {
      const huge = 'x'.repeat(5_000_000);
      const cases: Array<[string, Record<string, unknown>, number]> = [
        ['first_name', { first_name: huge }, FIELD_MAX_CHARS.name],
        ['last_name', { last_name: 'y'.repeat(101) }, FIELD_MAX_CHARS.name],
        ['street', { street: 's'.repeat(201) }, FIELD_MAX_CHARS.address],
        ['city', { city: 'c'.repeat(101) }, FIELD_MAX_CHARS.name],
        ['property_address', { property_address: 'p'.repeat(201) }, FIELD_MAX_CHARS.address],
        ['email', { email: `${'e'.repeat(250)}@example.com` }, FIELD_MAX_CHARS.email],
        [
          'consent_seller',
          { ...consentFields(h), consent_seller: 'S'.repeat(201) },
          FIELD_MAX_CHARS.sellerName,
        ],
        [
          'consent_form_url',
          { ...consentFields(h), consent_form_url: `https://a.example/${'u'.repeat(2000)}` },
          FIELD_MAX_CHARS.url,
        ],
      ];
      for (const [field, extra, max] of cases) {
        const res = await upload([{ phone: phoneFor(71, 1), first_name: 'Ann', ...extra }]);
        expect([field, res.status]).toEqual([field, 422]);
        const errors = (res.body as UploadAnswer).rejected[0]!.errors;
        expect([field, errors]).toEqual([
          field,
          expect.arrayContaining([{ field, reason: expect.stringContaining(`at most ${max} characters`) }]),
        ]);
        expect(JSON.stringify(res.body).length).toBeLessThan(2000);
      }
      expect((await h.api.deps.leads.listByPhone(phoneFor(71, 1))).length).toBe(0);
    });

    it('values at the limit are kept', async () => {
      const res = await upload([
        { phone: phoneFor(71, 2), first_name: 'n'.repeat(100), property_address: 'p'.repeat(200) },
      ]);
      expect(res.status).toBe(201);
    });

    it('API bodies: an over-long campaign name, agent id, lead id or override reason → 400 naming it', async () => {
      expectError(await post('/api/campaigns', { name: 'n'.repeat(201) }), 400, 'VALIDATION_FAILED', 'name');
      expectError(
        await post('/api/campaigns', { name: 'ok', agentId: 'a'.repeat(201) }),
        400,
        'VALIDATION_FAILED',
        'agentId',
      );
      expectError(
        await post('/api/calls/initiate', { leadId: 'l'.repeat(201) }),
        400,
        'VALIDATION_FAILED',
        'leadId',
      );
      expectError(
        await post('/api/dnc', { phone: phoneFor(71, 3), reason: 'r'.repeat(501) }),
        400,
        'VALIDATION_FAILED',
        'reason',
      );
    });
  });

  describe('caller ids', () => {
    it('a caller id that is not one of the account numbers → 400 naming callerId, with any key', async () => {
      for (const key of [h.config.API_KEYS[0]!, h.config.ADMIN_API_KEYS[0]!]) {
        const res = await request(`${h.base}/api/campaigns`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'spoof', callerId: '+19005550100' }),
        });
        expectError(res, 400, 'VALIDATION_FAILED', 'callerId');
      }
      expect(
        (
          await h.client.call<{ campaigns: Array<{ name: string }> }>('GET', '/api/campaigns')
        ).body.campaigns.map((c) => c.name),
      ).not.toContain('spoof');
    });

    it('TWILIO_PHONE_NUMBER and the CALLER_IDS numbers are accepted', async () => {
      for (const callerId of [h.config.TWILIO_PHONE_NUMBER, '+13125550177', '+12125550188']) {
        const res = await post('/api/campaigns', { name: `from ${callerId}`, callerId });
        expect([callerId, res.status]).toEqual([callerId, 201]);
        expect((res.body as { callerId: string }).callerId).toBe(callerId);
      }
    });
  });

  describe('caller ids managed by an admin', () => {
    const added = '+14155550166';
    const call = (method: string, path: string, key: string, body?: unknown) =>
      request(`${h.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const apiKey = () => h.config.API_KEYS[0]!;
    const adminKey = () => h.config.ADMIN_API_KEYS[0]!;
    const listed = async () =>
      (await call('GET', '/api/admin/caller-ids', apiKey())).body as {
        callerIds: Array<{ phone: string; source: string; note?: string | null }>;
      };

    it('only an admin adds or removes one; a campaign may use it only while it is on the list', async () => {
      expectError(
        await post('/api/campaigns', { name: 'before', callerId: added }),
        400,
        'VALIDATION_FAILED',
        'callerId',
      );
      expectError(await call('POST', '/api/admin/caller-ids', apiKey(), { phone: added }), 403, 'FORBIDDEN');
      expect((await listed()).callerIds.map((c) => c.phone)).not.toContain(added);

      const res = await call('POST', '/api/admin/caller-ids', adminKey(), {
        phone: added,
        note: 'sales line',
      });
      expect(res.status).toBe(201);
      expect((await listed()).callerIds).toEqual([
        { phone: h.config.TWILIO_PHONE_NUMBER, source: 'env' },
        { phone: '+13125550177', source: 'env' },
        { phone: '+12125550188', source: 'env' },
        expect.objectContaining({ phone: added, source: 'admin', note: 'sales line', addedBy: 'admin' }),
      ]);
      const campaign = await post('/api/campaigns', { name: 'after', callerId: added });
      expect([campaign.status, (campaign.body as { callerId: string }).callerId]).toEqual([201, added]);

      const path = `/api/admin/caller-ids/${encodeURIComponent(added)}`;
      expectError(await call('DELETE', path, apiKey()), 403, 'FORBIDDEN');
      expect((await call('DELETE', path, adminKey())).status).toBe(204);
      expectError(await call('DELETE', path, adminKey()), 404, 'NOT_FOUND');
      expectError(
        await post('/api/campaigns', { name: 'removed', callerId: added }),
        400,
        'VALIDATION_FAILED',
        'callerId',
      );
    });

    it('an env number cannot be deleted (409 naming phone); bad input is a 400 naming the field', async () => {
      const env = `/api/admin/caller-ids/${encodeURIComponent('+13125550177')}`;
      expectError(await call('DELETE', env, adminKey()), 409, 'CONFLICT', 'phone');
      expect((await listed()).callerIds.map((c) => c.phone)).toContain('+13125550177');
      const bad: Array<[unknown, string]> = [
        [{ phone: '312-555-0166' }, 'phone'],
        [{ phone: added, note: 'n'.repeat(201) }, 'note'],
        [{ phone: added, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of bad)
        expectError(
          await call('POST', '/api/admin/caller-ids', adminKey(), body),
          400,
          'VALIDATION_FAILED',
          field,
        );
    });
  });

  describe('deeply nested JSON in lead fields', () => {
    it.each([
      ['a list', '[', ']'],
      ['an object', '{"a":', '}'],
    ])(
      'nested %s 100,000 deep → a rejected row naming the field, never a 500',
      async (_what, open, close) => {
        // Written as text: JSON.stringify itself cannot go that deep.
        const value = `${open.repeat(100_000)}"x"${close.repeat(100_000)}`;
        const res = await post(
          `/api/campaigns/${campaignId}/leads`,
          `{"leads":[{"phone":"${phoneFor(72, 1)}","first_name":${value}}]}`,
        );
        expect(res.status).toBe(422);
        expect((res.body as UploadAnswer).rejected[0]!.errors).toEqual([
          // A list is a value that is not text; an object is read as sub-columns (first_name_a), none of ours.
          { field: 'first_name', reason: expect.stringMatching(/must be text|is required/) },
        ]);
      },
    );
  });

  describe('POST /api/consents: the rules of the CSV path', () => {
    const base = () => ({
      phone: phoneFor(73, 1),
      method: 'written',
      capturedAt: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
      sellerName: 'Lakeside Realty',
      coversAutomatedCalls: true,
    });

    it.each([
      ['javascript: form URL', { source: { formUrl: 'javascript:alert(1)' } }, 'source.formUrl'],
      ['ftp form URL', { source: { formUrl: 'ftp://files.example/x' } }, 'source.formUrl'],
      ['free text as IP', { source: { ip: 'my laptop' } }, 'source.ip'],
      ['capturedAt null', { capturedAt: null }, 'capturedAt'],
      ['capturedAt a number', { capturedAt: 0 }, 'capturedAt'],
      ['capturedAt missing', { capturedAt: undefined }, 'capturedAt'],
      ['capturedAt in the future', { capturedAt: 'FUTURE' }, 'capturedAt'],
      ['a 5,000-character seller', { sellerName: 'S'.repeat(5000) }, 'sellerName'],
      ['a blank seller', { sellerName: '   ' }, 'sellerName'],
      ['expiry before capture', { expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    ])('%s → 400 naming the field, nothing stored', async (_what, change, field) => {
      const create = jest.spyOn(h.api.deps.consents, 'create');
      try {
        const body: Record<string, unknown> = { ...base(), ...change };
        if (body.capturedAt === 'FUTURE')
          body.capturedAt = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
        expectError(await post('/api/consents', body), 400, 'VALIDATION_FAILED', field);
        expect(create).not.toHaveBeenCalled();
      } finally {
        create.mockRestore();
      }
    });

    it('a valid consent with an https form URL and an IPv6 address is stored', async () => {
      const res = await post('/api/consents', {
        ...base(),
        source: { formUrl: 'https://lakeside.example/form', ip: '2001:db8::7' },
      });
      expect(res.status).toBe(201);
      expect((res.body as { source: unknown }).source).toEqual({
        formUrl: 'https://lakeside.example/form',
        ip: '2001:db8::7',
      });
    });
  });

  describe('GET /api/compliance/check is a query, not a decision', () => {
    it('answers the decision and writes nothing into the compliance records or the export', async () => {
      await importRegistry(h);
      const phone = phoneFor(74, 1);
      const up = await upload([{ phone, first_name: 'Quinn', ...consentFields(h) }]);
      expect(up.status).toBe(201);
      const leadId = (up.body as UploadAnswer).leadIds[0]!;
      for (const query of [`leadId=${leadId}`, `phone=${encodeURIComponent(phone)}`]) {
        const res = await h.client.call<{ result: string }>('GET', `/api/compliance/check?${query}`);
        expect([query, res.status]).toEqual([query, 200]);
        expect(['allowed', 'blocked', 'deferred']).toContain(res.body.result);
      }
      expect(await h.api.deps.complianceRecords.listByLead(leadId)).toEqual([]);
      const csv = await request(`${h.base}/api/campaigns/${campaignId}/compliance.csv`, {
        headers: { authorization: `Bearer ${h.config.API_KEYS[0]}` },
      });
      expect(csv.status).toBe(200);
      expect(csv.text).not.toContain(leadId);
      expect(csv.text).not.toContain(',query,');
    });
  });

  describe('compliance CSV export', () => {
    const record = (over: Partial<ComplianceRecord>): ComplianceRecord => ({
      id: 'cc_1',
      leadId: 'lead_1',
      campaignId: 'camp_1',
      attemptId: 'lead_1-a1',
      phone: '+13125550123',
      stage: 'dial',
      result: 'error',
      notBefore: null,
      violations: [],
      evidence: null,
      error: null,
      checkedAt: new Date('2026-01-01T00:00:00Z'),
      ...over,
    });
    const rows = async (records: ComplianceRecord[]) => {
      async function* gen() {
        yield* records;
      }
      let text = '';
      for await (const line of complianceCsv(gen())) text += line;
      return text;
    };

    it.each(['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
      'a cell starting %j is neutralised with a leading apostrophe',
      async (value) => {
        const text = await rows([record({ error: value, leadId: value, phone: '3125550123' })]);
        const line = text.slice(text.indexOf('\n') + 1);
        expect(line).toContain(`'${value}`.replace(/"/g, '""'));
        expect(line).not.toMatch(/(^|,)"?[=+\-@\t\r]/);
      },
    );

    it('plain numbers (E.164 phones, negative amounts) and ordinary text stay as they are', async () => {
      const text = await rows([record({ error: 'Redis timeout' })]);
      expect(text.split('\n')[1]).toBe(
        '2026-01-01T00:00:00.000Z,lead_1,lead_1-a1,+13125550123,dial,error,,0,,,,,,,Redis timeout',
      );
    });
  });
});
