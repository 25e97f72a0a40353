import { gzipSync } from 'node:zlib';
import { startHarness, type Harness } from '../support/harness';
import { consentFields, expectError, jsonLead, phoneFor, request, type ErrorBody } from './web-support';

interface UploadReport {
  accepted: number;
  rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
  leadIds: string[];
  error?: { code: string; message: string; field: string };
}

interface LeadView {
  id: string;
  phone: string;
  firstName: string;
  rowNumber: number | null;
  status: string;
  consentId: string | null;
}

/** Request validation, upload reports, campaign transitions and 404s, all through HTTP (no workers). */
describe('validation and errors', () => {
  let h: Harness;
  const call = <T = unknown>(
    method: string,
    path: string,
    opts: Parameters<Harness['client']['call']>[2] = {},
  ) => h.client.call<T>(method, path, opts);
  const newCampaign = async (name: string) => (await h.client.createCampaign({ name })).id;
  const leadsOf = async (campaignId: string) =>
    (await call<{ leads: LeadView[] }>('GET', `/api/campaigns/${campaignId}/leads`)).body.leads;
  /** The rejected rows as row → fields, for compact assertions. */
  const rejectedFields = (report: UploadReport) =>
    report.rejected.map((r) => ({ row: r.row, fields: r.errors.map((e) => e.field) }));

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  describe('POST /api/campaigns', () => {
    const cases: Array<{ what: string; body: unknown; field: string }> = [
      { what: 'no name', body: {}, field: 'name' },
      { what: 'a blank name', body: { name: '   ' }, field: 'name' },
      {
        what: 'callsPerSecond 0',
        body: { name: 'x', limits: { callsPerSecond: 0 } },
        field: 'limits.callsPerSecond',
      },
      {
        what: 'callsPerSecond as text',
        body: { name: 'x', limits: { callsPerSecond: 'fast' } },
        field: 'limits.callsPerSecond',
      },
      {
        what: 'a fractional maxConcurrentCalls',
        body: { name: 'x', limits: { maxConcurrentCalls: 1.5 } },
        field: 'limits.maxConcurrentCalls',
      },
      {
        what: 'maxAttemptsPerLead above 10',
        body: { name: 'x', limits: { maxAttemptsPerLead: 11 } },
        field: 'limits.maxAttemptsPerLead',
      },
      {
        what: 'leave_message without a message',
        body: { name: 'x', voicemail: { action: 'leave_message' } },
        field: 'voicemail.message',
      },
      {
        what: 'leave_message with an empty message',
        body: { name: 'x', voicemail: { action: 'leave_message', message: '' } },
        field: 'voicemail.message',
      },
      {
        what: 'an unknown voicemail action',
        body: { name: 'x', voicemail: { action: 'sing' } },
        field: 'voicemail.action',
      },
      {
        what: 'a window ending before it starts',
        body: { name: 'x', callingWindow: { start: '18:00', end: '09:00' } },
        field: 'callingWindow.end',
      },
      {
        what: 'a window of zero length',
        body: { name: 'x', callingWindow: { start: '10:00', end: '10:00' } },
        field: 'callingWindow.end',
      },
      {
        what: 'a window start not HH:mm',
        body: { name: 'x', callingWindow: { start: '9:00', end: '17:00' } },
        field: 'callingWindow.start',
      },
      {
        what: 'a window end of 24:00',
        body: { name: 'x', callingWindow: { start: '09:00', end: '24:00' } },
        field: 'callingWindow.end',
      },
      { what: 'a caller id not in E.164', body: { name: 'x', callerId: '312-555-0100' }, field: 'callerId' },
      {
        what: 'a retry rule with 0 attempts',
        body: { name: 'x', retry: { busy: { delayMinutes: 5, maxAttempts: 0 } } },
        field: 'retry.busy.maxAttempts',
      },
      {
        what: 'a negative retry delay',
        body: { name: 'x', retry: { 'no-answer': { delayMinutes: -1, maxAttempts: 2 } } },
        field: 'retry.no-answer.delayMinutes',
      },
    ];
    it.each(cases)('400 naming the field for $what', async ({ body, field }) => {
      const res = await call('POST', '/api/campaigns', { body });
      const err = expectError(res, 400, 'VALIDATION_FAILED', field);
      expect(err.error.message).toContain(field);
    });

    it('400 for an unknown field, naming it', async () => {
      const res = await call('POST', '/api/campaigns', { body: { name: 'x', colour: 'red' } });
      const err = expectError(res, 400, 'VALIDATION_FAILED', 'colour');
      expect(err.error.message).toContain('colour');
    });

    it('400 for an unknown field inside a settings object (a typo must not fall back to the default)', async () => {
      const res = await call('POST', '/api/campaigns', {
        body: { name: 'x', limits: { callPerSecond: 10 } },
      });
      const err = expectError(res, 400, 'VALIDATION_FAILED', 'limits.callPerSecond');
      expect(err.error.message).toContain('callPerSecond');
      for (const body of [
        { name: 'x', voicemail: { action: 'hangup', mesage: 'hi' } },
        { name: 'x', retry: { busy: { delayMinutes: 5, maxAttempts: 2, jitter: true } } },
        { name: 'x', retry: { noanswer: { delayMinutes: 5, maxAttempts: 2 } } },
        { name: 'x', callingWindow: { start: '09:00', end: '17:00', zone: 'America/Chicago' } },
      ]) {
        expect((await call('POST', '/api/campaigns', { body })).status).toBe(400);
      }
      expect(
        (await call<{ campaigns: Array<{ name: string }> }>('GET', '/api/campaigns')).body.campaigns.filter(
          (c) => c.name === 'x',
        ),
      ).toEqual([]);
    });

    it('400 BAD_BODY for malformed JSON, and for a JSON body that is not an object', async () => {
      expectError(
        await call('POST', '/api/campaigns', { text: '{"name": "x",', type: 'application/json' }),
        400,
        'BAD_BODY',
        'body',
      );
      expectError(
        await call('POST', '/api/campaigns', { text: '"just a string"', type: 'application/json' }),
        400,
        'BAD_BODY',
      );
      expectError(
        await call('POST', '/api/campaigns', { text: '[1,2]', type: 'application/json' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it("a body that cannot be read is the client's error (BAD_BODY 415/400), never a 500", async () => {
      const post = (headers: Record<string, string>, body: RequestInit['body']) =>
        request(`${h.base}/api/campaigns`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${h.config.API_KEYS[0]}`,
            'content-type': 'application/json',
            ...headers,
          },
          body,
        });
      expectError(await post({ 'content-encoding': 'compress' }, '{"name":"x"}'), 415, 'BAD_BODY', 'body');
      expectError(await post({ 'content-encoding': 'gzip' }, '{"name":"x"}'), 400, 'BAD_BODY', 'body'); // not gzip
      expectError(
        await post({ 'content-type': 'application/json; charset=klingon' }, '{"name":"x"}'),
        415,
        'BAD_BODY',
        'body',
      );
      const gz = await post({ 'content-encoding': 'gzip' }, new Uint8Array(gzipSync('{"name":"gzipped"}')));
      expect(gz.status).toBe(201);
    });

    it('400 for a body that is not JSON at all (no silent empty campaign)', async () => {
      expectError(
        await call('POST', '/api/campaigns', { text: 'name=x', type: 'application/x-www-form-urlencoded' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await call('POST', '/api/campaigns', {}), 400, 'VALIDATION_FAILED');
    });

    it('201 with every default filled in for a minimal body', async () => {
      const res = await call<Record<string, unknown>>('POST', '/api/campaigns', {
        body: { name: '  Spring listings  ' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Spring listings',
        status: 'draft',
        callerId: h.config.TWILIO_PHONE_NUMBER,
        agent: { agentId: h.config.ELEVENLABS_AGENT_ID },
        limits: { maxConcurrentCalls: 5, callsPerSecond: 1, maxAttemptsPerLead: 3 },
        voicemail: { action: 'hangup', message: null },
        callingWindow: null,
      });
    });
  });

  describe('POST /api/campaigns/:id/leads', () => {
    it('CSV: 201, bad rows listed by row number with field and reason, good rows kept', async () => {
      const id = await newCampaign('csv upload');
      const c = consentFields(h);
      const header =
        'Phone,First Name,last_name,email,consent_method,consent_captured_at,consent_seller,consent_automated';
      const consent = `${c.consent_method},${c.consent_captured_at},${c.consent_seller},yes`;
      const good1 = phoneFor(21, 1);
      const good2 = phoneFor(21, 2);
      const csv = [
        header,
        `${good1},Maria,Garcia,maria@example.com,${consent}`, // row 2: fine
        `555-0100,Bad,Phone,,${consent}`, // row 3: phone
        `${phoneFor(21, 3)},,Nofirst,,${consent}`, // row 4: first_name
        `${phoneFor(21, 4)},Eve,Mail,not-an-email,${consent}`, // row 5: email
        '', // row 6: blank, skipped
        `"${good2}","Chen, Jr.",Wang,,${consent}`, // row 7: fine (quoted comma)
        `${phoneFor(21, 5)},Tel,Epathy,,telepathy,${c.consent_captured_at},Lakeside,yes`, // row 8: consent_method
        `${phoneFor(21, 6)},Short,Row`, // row 9: cell count
        `${phoneFor(21, 7)},Fut,Ure,,written,2999-01-01T00:00:00Z,Lakeside,yes`, // row 10: consent in the future
      ].join('\n');
      const res = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        text: csv,
        type: 'text/csv',
      });
      expect(res.status).toBe(201);
      expect(res.body.accepted).toBe(2);
      expect(res.body.leadIds).toHaveLength(2);
      expect(rejectedFields(res.body)).toEqual([
        { row: 3, fields: ['phone'] },
        { row: 4, fields: ['first_name'] },
        { row: 5, fields: ['email'] },
        { row: 8, fields: ['consent_method'] },
        { row: 9, fields: ['row'] },
        { row: 10, fields: ['consent_captured_at'] },
      ]);
      for (const r of res.body.rejected) for (const e of r.errors) expect(e.reason).toMatch(/\w{3,}/);
      expect(res.body.rejected[0]!.errors[0]!.reason).toContain('555-0100');

      const leads = await leadsOf(id);
      expect(
        leads.map((l) => ({
          phone: l.phone,
          firstName: l.firstName,
          rowNumber: l.rowNumber,
          status: l.status,
        })),
      ).toEqual([
        { phone: good1, firstName: 'Maria', rowNumber: 2, status: 'new' },
        { phone: good2, firstName: 'Chen, Jr.', rowNumber: 7, status: 'new' },
      ]);
      expect(leads.every((l) => l.consentId !== null)).toBe(true);
      expect(new Set(leads.map((l) => l.id))).toEqual(new Set(res.body.leadIds));
    });

    it('CSV: 422 when no row is valid, and nothing is saved', async () => {
      const id = await newCampaign('all bad');
      const csv = 'phone,first_name\n555-0100,A\n123,B\n,C\n';
      const res = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        text: csv,
        type: 'text/csv',
      });
      expect(res.status).toBe(422);
      expect(res.body.accepted).toBe(0);
      expect(res.body.error).toMatchObject({ code: 'NO_VALID_ROWS', field: 'leads' });
      expect(rejectedFields(res.body)).toEqual([
        { row: 2, fields: ['phone'] },
        { row: 3, fields: ['phone'] },
        { row: 4, fields: ['phone'] },
      ]);
      expect(await leadsOf(id)).toEqual([]);
    });

    it('CSV: a header without a required column rejects the file on row 1 (422)', async () => {
      const id = await newCampaign('no first name column');
      const res = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        text: `phone,last_name\n${phoneFor(22, 1)},X\n`,
        type: 'text/csv',
      });
      expect(res.status).toBe(422);
      expect(rejectedFields(res.body)).toEqual([{ row: 1, fields: ['first_name'] }]);
    });

    it('JSON: row numbers are index + 1, good leads kept', async () => {
      const id = await newCampaign('json upload');
      const leads = [
        jsonLead(h, phoneFor(23, 1), 'Ann'),
        { ...jsonLead(h, phoneFor(23, 2), 'Bad'), phone: '12' },
        {
          firstName: 'Camel',
          phone: phoneFor(23, 3),
          consent: {
            method: 'written',
            capturedAt: consentFields(h).consent_captured_at,
            seller: 'Lakeside',
          },
        },
        { phone: phoneFor(23, 4) },
        { ...jsonLead(h, phoneFor(23, 5), 'Dee'), consent_automated: 'perhaps' },
      ];
      const res = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, { body: { leads } });
      expect(res.status).toBe(201);
      expect(res.body.accepted).toBe(2);
      expect(rejectedFields(res.body)).toEqual([
        { row: 2, fields: ['phone'] },
        { row: 4, fields: ['first_name'] },
        { row: 5, fields: ['consent_automated'] },
      ]);
      const saved = await leadsOf(id);
      expect(saved.map((l) => [l.rowNumber, l.firstName, l.phone])).toEqual([
        [1, 'Ann', phoneFor(23, 1)],
        [3, 'Camel', phoneFor(23, 3)],
      ]);
    });

    it('consent captured a minute ago on the service clock is prior consent (CSV and JSON); a minute ahead is not', async () => {
      const id = await newCampaign('consent timing');
      const minuteAgo = new Date(h.clock.now().getTime() - 60_000).toISOString();
      const minuteAhead = new Date(h.clock.now().getTime() + 60_000).toISOString();
      const row = (phone: string, capturedAt: string) => ({
        phone,
        first_name: 'Tim',
        consent_method: 'written',
        consent_captured_at: capturedAt,
        consent_seller: 'Lakeside',
        consent_automated: 'yes',
      });
      const json = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        body: { leads: [row(phoneFor(27, 1), minuteAgo), row(phoneFor(27, 2), minuteAhead)] },
      });
      expect([json.status, json.body.accepted, rejectedFields(json.body)]).toEqual([
        201,
        1,
        [{ row: 2, fields: ['consent_captured_at'] }],
      ]);
      const csv = `phone,first_name,consent_method,consent_captured_at,consent_seller\n${phoneFor(27, 3)},Tim,written,${minuteAgo},Lakeside\n${phoneFor(27, 4)},Tim,written,${minuteAhead},Lakeside\n`;
      const up = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        text: csv,
        type: 'text/csv',
      });
      expect([up.status, up.body.accepted, rejectedFields(up.body)]).toEqual([
        201,
        1,
        [{ row: 3, fields: ['consent_captured_at'] }],
      ]);
    });

    it('JSON: a phone already in the campaign is rejected with field phone, in the same upload and in a later one', async () => {
      const id = await newCampaign('duplicates');
      const phone = phoneFor(24, 1);
      const first = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        // The same number written two ways is still the same number.
        body: {
          leads: [
            jsonLead(h, phone, 'One'),
            jsonLead(h, phoneFor(24, 2), 'Two'),
            jsonLead(h, `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`, 'Again'),
          ],
        },
      });
      expect(first.status).toBe(201);
      expect(first.body.accepted).toBe(2);
      expect(rejectedFields(first.body)).toEqual([{ row: 3, fields: ['phone'] }]);
      expect(first.body.rejected[0]!.errors[0]!.reason).toMatch(/already/);

      const second = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        body: { leads: [jsonLead(h, phone, 'Later')] },
      });
      expect(second.status).toBe(422);
      expect(rejectedFields(second.body)).toEqual([{ row: 1, fields: ['phone'] }]);
      const saved = await leadsOf(id);
      expect(saved.filter((l) => l.phone === phone).map((l) => l.firstName)).toEqual(['One']);

      // Another campaign may have the same number.
      const other = await newCampaign('duplicates elsewhere');
      expect(
        (
          await call<UploadReport>('POST', `/api/campaigns/${other}/leads`, {
            body: { leads: [jsonLead(h, phone, 'Elsewhere')] },
          })
        ).status,
      ).toBe(201);
    });

    it('400 for a JSON body that is not { leads: [1..n objects] }', async () => {
      const id = await newCampaign('bad json shape');
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { body: { leads: [] } }),
        400,
        'VALIDATION_FAILED',
        'leads',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { body: { leads: 'x' } }),
        400,
        'VALIDATION_FAILED',
        'leads',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { body: { leads: [1] } }),
        400,
        'VALIDATION_FAILED',
        'leads.0',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { body: [jsonLead(h, phoneFor(25, 1), 'A')] }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { text: '{"leads": [', type: 'application/json' }),
        400,
        'BAD_BODY',
      );
      expect(await leadsOf(id)).toEqual([]);
    });

    it('400 for a content type that is neither CSV nor JSON', async () => {
      const id = await newCampaign('content types');
      const csv = `phone,first_name\n${phoneFor(26, 1)},A\n`;
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { text: csv, type: 'text/plain' }),
        400,
        'VALIDATION_FAILED',
        'content-type',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, { text: '<leads/>', type: 'application/xml' }),
        400,
        'VALIDATION_FAILED',
        'content-type',
      );
      expectError(
        await call('POST', `/api/campaigns/${id}/leads`, {}),
        400,
        'VALIDATION_FAILED',
        'content-type',
      );
      expect(await leadsOf(id)).toEqual([]);
      // The same text as text/csv (with a charset) is taken.
      expect(
        (await call('POST', `/api/campaigns/${id}/leads`, { text: csv, type: 'text/csv; charset=utf-8' }))
          .status,
      ).toBe(201);
    });
  });

  describe('campaign transitions', () => {
    const lead = (block: number) => ({ leads: [jsonLead(h, phoneFor(block, 1), 'Trans')] });

    it('start twice → 409; resume a running campaign → 409; pause, resume, pause again work', async () => {
      const id = await newCampaign('transitions');
      expect((await call('POST', `/api/campaigns/${id}/leads`, { body: lead(31) })).status).toBe(201);
      expectError(await call('POST', `/api/campaigns/${id}/pause`), 409, 'CONFLICT', 'status');
      expectError(await call('POST', `/api/campaigns/${id}/resume`), 409, 'CONFLICT', 'status');
      const started = await call<{ status: string }>('POST', `/api/campaigns/${id}/start`);
      expect([started.status, started.body.status]).toEqual([202, 'running']);
      const again = expectError(await call('POST', `/api/campaigns/${id}/start`), 409, 'CONFLICT', 'status');
      expect(again.error.message).toContain('running');
      expectError(await call('POST', `/api/campaigns/${id}/resume`), 409, 'CONFLICT', 'status');
      expect((await call<{ status: string }>('POST', `/api/campaigns/${id}/pause`)).body.status).toBe(
        'paused',
      );
      expectError(await call('POST', `/api/campaigns/${id}/pause`), 409, 'CONFLICT', 'status');
      expectError(await call('POST', `/api/campaigns/${id}/start`), 409, 'CONFLICT', 'status');
      expect((await call<{ status: string }>('POST', `/api/campaigns/${id}/resume`)).body.status).toBe(
        'running',
      );
      expect((await h.client.campaign(id)).status).toBe('running');
    });

    // A paused campaign's new lead is queued at once; its job waits (like every job of a paused campaign) until resume.
    it('a lead uploaded while paused is queued at once', async () => {
      const id = await newCampaign('upload while paused');
      expect((await call('POST', `/api/campaigns/${id}/leads`, { body: lead(38) })).status).toBe(201);
      await h.client.control(id, 'start');
      await h.client.queueingDone(id);
      await h.client.control(id, 'pause');
      const up = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        body: { leads: [jsonLead(h, phoneFor(38, 2), 'Paused')] },
      });
      expect(up.status).toBe(201);
      const after = (await h.client.call<LeadView>('GET', `/api/leads/${up.body.leadIds[0]}`)).body;
      expect(after.status).toBe('queued');
      expect(await h.api.queues.compliance.getJob(`chk-${after.id}-a1`)).toBeTruthy();
    });

    it('cancel then start, resume, pause or cancel → 409; no more leads may be uploaded', async () => {
      const id = await newCampaign('cancelled');
      expect((await call('POST', `/api/campaigns/${id}/leads`, { body: lead(32) })).status).toBe(201);
      expect((await call<{ status: string }>('POST', `/api/campaigns/${id}/cancel`)).body.status).toBe(
        'cancelled',
      );
      for (const action of ['start', 'resume', 'pause', 'cancel']) {
        expectError(await call('POST', `/api/campaigns/${id}/${action}`), 409, 'CONFLICT', 'status');
      }
      expect((await h.client.campaign(id)).status).toBe('cancelled');
      expect((await leadsOf(id)).map((l) => l.status)).toEqual(['cancelled']);
      expectError(await call('POST', `/api/campaigns/${id}/leads`, { body: lead(33) }), 409, 'CONFLICT');
    });
  });

  describe('unknown ids → 404', () => {
    const missing: Array<[string, string, Parameters<Harness['client']['call']>[2]?]> = [
      ['GET', '/api/campaigns/camp_nope'],
      ['GET', '/api/campaigns/camp_nope/leads'],
      ['GET', '/api/campaigns/camp_nope/compliance.csv'],
      ['POST', '/api/campaigns/camp_nope/start'],
      ['POST', '/api/campaigns/camp_nope/pause'],
      ['POST', '/api/campaigns/camp_nope/resume'],
      ['POST', '/api/campaigns/camp_nope/cancel'],
      [
        'POST',
        '/api/campaigns/camp_nope/leads',
        { body: { leads: [{ phone: '+13125550123', first_name: 'A' }] } },
      ],
      ['GET', '/api/calls/call-nope'],
      ['GET', '/api/calls/call-nope/transcript'],
      ['GET', '/api/calls/call-nope/compliance'],
      ['POST', '/api/calls/initiate', { body: { leadId: 'lead_nope' } }],
      ['GET', '/api/leads/lead_nope'],
      ['GET', '/api/compliance/check?leadId=lead_nope'],
      ['GET', '/api/consents/consent_nope'],
      ['POST', '/api/consents/consent_nope/revoke'],
      ['DELETE', `/api/dnc/${encodeURIComponent('+13125550123')}`, { admin: true }],
      ['GET', '/api/no-such-route'],
    ];
    // Rows as objects: a third positional parameter would make jest wait for a `done` callback.
    it.each(missing.map(([method, path, opts]) => ({ method, path, opts })))(
      '$method $path',
      async ({ method, path, opts }) => {
        expectError(await call(method, path, opts ?? {}), 404, 'NOT_FOUND');
      },
    );

    it('a consent for an unknown lead → 404, and no consent is stored for it', async () => {
      const body = {
        phone: phoneFor(34, 1),
        leadId: 'lead_nope',
        method: 'written',
        capturedAt: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
        sellerName: 'Lakeside',
        coversAutomatedCalls: true,
      };
      expectError(await call('POST', '/api/consents', { body }), 404, 'NOT_FOUND');
    });
  });

  describe('GET /api/compliance/check', () => {
    it('400 without phone or leadId', async () => {
      expectError(await call('GET', '/api/compliance/check'), 400, 'VALIDATION_FAILED', 'phone');
      expectError(await call('GET', '/api/compliance/check?leadId='), 400, 'VALIDATION_FAILED');
    });

    it('400 for a phone that is not a US E.164 number (an unencoded + is a space)', async () => {
      for (const phone of [
        '5551234',
        '13125550123',
        encodeURIComponent('+1312555012'),
        '+13125550123',
        encodeURIComponent('+441632960961'),
      ]) {
        const res = await call('GET', `/api/compliance/check?phone=${phone}`);
        expectError(res, 400, 'VALIDATION_FAILED', 'phone');
      }
    });

    it('200 with a decision for a bare number (blocked: no consent is looked up)', async () => {
      const res = await call<{ result: string; violations: Array<{ code: string }> }>(
        'GET',
        `/api/compliance/check?phone=${encodeURIComponent(phoneFor(35, 1))}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('blocked');
      expect(res.body.violations.map((v) => v.code)).toContain('NO_CONSENT');
    });
  });

  describe('other bodies', () => {
    it('consents: bad fields → 400 naming them', async () => {
      const ok = {
        phone: phoneFor(36, 1),
        method: 'written',
        capturedAt: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
        sellerName: 'Lakeside',
        coversAutomatedCalls: true,
      };
      expectError(
        await call('POST', '/api/consents', { body: { ...ok, method: 'telepathy' } }),
        400,
        'VALIDATION_FAILED',
        'method',
      );
      expectError(
        await call('POST', '/api/consents', { body: { ...ok, phone: '555' } }),
        400,
        'VALIDATION_FAILED',
        'phone',
      );
      expectError(
        await call('POST', '/api/consents', { body: { ...ok, capturedAt: 'yesterday' } }),
        400,
        'VALIDATION_FAILED',
        'capturedAt',
      );
      expectError(
        await call('POST', '/api/consents', { body: { ...ok, expiresAt: ok.capturedAt } }),
        400,
        'VALIDATION_FAILED',
        'expiresAt',
      );
      expectError(
        await call('POST', '/api/consents', { body: { ...ok, source: { formUrl: 'not a url' } } }),
        400,
        'VALIDATION_FAILED',
        'source.formUrl',
      );
      const created = await call<{ id: string; revokedAt: string | null }>('POST', '/api/consents', {
        body: ok,
      });
      expect(created.status).toBe(201);
      const revoked = await call<{ revokedAt: string | null }>(
        'POST',
        `/api/consents/${created.body.id}/revoke`,
      );
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
    });

    it("consents: evidence for another number cannot become a lead's consent", async () => {
      const id = await newCampaign('consent for a lead');
      const up = await call<UploadReport>('POST', `/api/campaigns/${id}/leads`, {
        body: { leads: [{ phone: phoneFor(36, 5), first_name: 'Lee' }] },
      });
      const leadId = up.body.leadIds[0]!;
      const body = {
        leadId,
        method: 'written',
        capturedAt: new Date(h.clock.now().getTime() - 86_400_000).toISOString(),
        sellerName: 'Lakeside',
        coversAutomatedCalls: true,
      };
      expectError(
        await call('POST', '/api/consents', { body: { ...body, phone: phoneFor(36, 6) } }),
        400,
        'VALIDATION_FAILED',
        'phone',
      );
      expect((await call<LeadView>('GET', `/api/leads/${leadId}`)).body.consentId).toBeNull();
      const ok = await call<{ id: string }>('POST', '/api/consents', {
        body: { ...body, phone: phoneFor(36, 5) },
      });
      expect(ok.status).toBe(201);
      expect((await call<LeadView>('GET', `/api/leads/${leadId}`)).body.consentId).toBe(ok.body.id);
    });

    it('DNC and kill switch: bad fields → 400 naming them', async () => {
      expectError(
        await call('POST', '/api/dnc', { body: { phone: '3125550123', reason: 'x' } }),
        400,
        'VALIDATION_FAILED',
        'phone',
      );
      expectError(
        await call('POST', '/api/dnc', { body: { phone: phoneFor(37, 1), reason: '  ' } }),
        400,
        'VALIDATION_FAILED',
        'reason',
      );
      expectError(await call('DELETE', '/api/dnc/12345', { admin: true }), 400, 'VALIDATION_FAILED', 'phone');
      expectError(
        await call('POST', '/api/admin/kill-switch', { body: { engaged: 'yes' }, admin: true }),
        400,
        'VALIDATION_FAILED',
        'engaged',
      );
      expect(await h.api.deps.killSwitch.isEngaged()).toBe(false);
    });

    it('initiate: an override without a reason → 400 naming overrideReason', async () => {
      const err = expectError(
        await call('POST', '/api/calls/initiate', {
          body: { leadId: 'lead_x', overrideTCPA: true },
          admin: true,
        }),
        400,
        'VALIDATION_FAILED',
        'overrideReason',
      );
      expect((err as ErrorBody).error.message).toContain('overrideReason');
      expectError(
        await call('POST', '/api/calls/initiate', {
          body: { leadId: 'lead_x', overrideTCPA: true, overrideReason: 'short' },
          admin: true,
        }),
        400,
        'VALIDATION_FAILED',
        'overrideReason',
      );
      expectError(
        await call('POST', '/api/calls/initiate', { body: {} }),
        400,
        'VALIDATION_FAILED',
        'leadId',
      );
    });

    it('registry import: a future or missing downloadedAt, or a wrong content type → 400', async () => {
      const future = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
      expectError(
        await call('POST', `/api/dnc/registry?downloadedAt=${encodeURIComponent(future)}`, {
          text: '3125550199\n',
          admin: true,
        }),
        400,
        'VALIDATION_FAILED',
        'downloadedAt',
      );
      expectError(
        await call('POST', '/api/dnc/registry', { text: '3125550199\n', admin: true }),
        400,
        'VALIDATION_FAILED',
        'downloadedAt',
      );
      const past = new Date(h.clock.now().getTime() - 86_400_000).toISOString();
      expectError(
        await call('POST', `/api/dnc/registry?downloadedAt=${encodeURIComponent(past)}`, {
          body: { numbers: [] },
          admin: true,
        }),
        400,
        'VALIDATION_FAILED',
        'content-type',
      );
    });

    it('events: a bad filter → 400', async () => {
      expectError(await call('GET', '/api/events?published=maybe'), 400, 'VALIDATION_FAILED', 'published');
      expectError(await call('GET', '/api/events?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    });
  });

  it('GET /api/events: a cursor this API did not make → 400 naming `after`; an empty page has no cursor', async () => {
    for (const after of ['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      const res = await call<ErrorBody>('GET', `/api/events?after=${after}`);
      expect(expectError(res, 400, 'VALIDATION_FAILED').error.field).toBe('after');
    }
    const empty = await call<{ events: unknown[]; nextCursor: string | null }>(
      'GET',
      '/api/events?leadId=no-such-lead',
    );
    expect([empty.status, empty.body]).toEqual([200, { events: [], nextCursor: null, uncollected: false }]);
  });

  it('a body over the JSON limit (express default 100 kB on this route) → 413 in the error shape', async () => {
    const res = await request(`${h.base}/api/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.config.API_KEYS[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });
    expectError(res, 413, 'BAD_BODY', 'body');
  });
});
