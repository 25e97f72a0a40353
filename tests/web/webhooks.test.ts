import twilio from 'twilio';
import { startHarness, type Harness } from '../support/harness';
import type { Call } from '../../src/domain/call';
import type { CallView } from '../../src/domain/call-view';
import { relayOnce } from '../../src/services/event-relay';
import {
  elevenLabsSignature,
  expectError,
  jsonLead,
  phoneFor,
  placedCall,
  postElevenLabs,
  postTwilio,
  request,
  twilioSignature,
} from './web-support';

interface Lead {
  id: string;
  campaignId: string;
  phone: string;
}

/**
 * Twilio and ElevenLabs webhooks against a Call record written the way the dial processor writes it. No workers:
 * nothing moves a call but the webhooks these tests send.
 */
describe('webhooks', () => {
  let h: Harness;
  let leaveMessage: { id: string };
  let hangup: { id: string };
  let leads: Lead[] = [];
  let attempt = 0;

  const MESSAGE =
    'Hi {{first_name}}, this is Lakeside Realty about {{property_address}}. Call us back at 312-555-0100.';

  /** A fresh placed call (status queued) for lead i of the leave_message campaign, or of the hangup one. */
  async function newCall(which: 'message' | 'hangup' = 'message'): Promise<Call> {
    const lead = which === 'message' ? leads[0]! : leads[1]!;
    const { call, created } = await h.api.deps.calls.createForAttempt(
      placedCall(lead, ++attempt, h.clock.now()),
    );
    expect(created).toBe(true);
    return call;
  }
  const getCall = async (callId: string) => {
    const res = await h.client.call<CallView>('GET', `/api/calls/${callId}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const statusParams = (call: Call, status: string, extra: Record<string, string> = {}) => ({
    AccountSid: h.config.TWILIO_ACCOUNT_SID,
    CallSid: call.twilio.callSid!,
    CallStatus: status,
    From: call.from,
    To: call.to,
    ...extra,
  });
  const status = (call: Call, s: string, extra: Record<string, string> = {}, signature?: string | null) =>
    postTwilio(h, `/webhooks/twilio/status/${call.callId}`, statusParams(call, s, extra), signature);
  const connect = (call: Call, answeredBy: string | null) =>
    postTwilio(
      h,
      `/webhooks/twilio/connect/${call.callId}`,
      statusParams(call, 'in-progress', answeredBy ? { AnsweredBy: answeredBy } : {}),
    );
  /** Events recorded on documents since the last collect: each state change's events, before the outbox de-duplicates. */
  const collectPending = () => h.api.deps.outbox.collect(1000);

  beforeAll(async () => {
    // As behind a proxy: Twilio signs the public URL, which is not the one the tests reach the server at.
    h = await startHarness({ env: { PUBLIC_BASE_URL: 'https://hooks.dialer.example' } });
    expect(h.config.PUBLIC_BASE_URL).not.toBe(h.base);
    leaveMessage = await h.client.createCampaign({
      name: 'webhooks: message',
      voicemail: { action: 'leave_message', message: MESSAGE },
    });
    hangup = await h.client.createCampaign({ name: 'webhooks: hangup', voicemail: { action: 'hangup' } });
    const upload = async (campaignId: string, lead: Record<string, unknown>) => {
      const res = await h.client.call<{ leadIds: string[] }>('POST', `/api/campaigns/${campaignId}/leads`, {
        body: { leads: [lead] },
      });
      expect(res.status).toBe(201);
      const got = await h.client.call<Lead>('GET', `/api/leads/${res.body.leadIds[0]}`);
      return got.body;
    };
    leads = [
      await upload(leaveMessage.id, jsonLead(h, phoneFor(41, 1), 'Maria')),
      await upload(hangup.id, jsonLead(h, phoneFor(41, 2), 'James')),
      // A first name that is XML: it must come out escaped in the TwiML.
      await upload(leaveMessage.id, {
        ...jsonLead(h, phoneFor(41, 3), 'Ann</Say><Dial>+19005550100</Dial><Say>'),
      }),
    ];
  });
  afterAll(() => h.close());

  describe('Twilio signature', () => {
    it('a status callback with a missing, forged, wrong-token, tampered or wrong-URL signature → 403, the call unchanged', async () => {
      const call = await newCall();
      const path = `/webhooks/twilio/status/${call.callId}`;
      const params = statusParams(call, 'ringing');
      const attempts: Array<[string, string | null]> = [
        ['missing', null],
        ['empty', ''],
        ['garbage', 'bm90IGEgc2lnbmF0dXJl'],
        ['signed with another token', twilioSignature(h, path, params, 'f'.repeat(32))],
        ['signed for other params', twilioSignature(h, path, statusParams(call, 'queued'))],
        ['signed for another call', twilioSignature(h, `/webhooks/twilio/status/call-other`, params)],
        ['signed with an extra query string', twilioSignature(h, `${path}?x=1`, params)],
        // Behind a proxy Twilio signs the public URL; the one this server is reached at must not pass.
        [
          'signed for the local URL, not PUBLIC_BASE_URL',
          twilio.getExpectedTwilioSignature(h.config.TWILIO_AUTH_TOKEN, `${h.base}${path}`, params),
        ],
      ];
      for (const [what, signature] of attempts) {
        const res = await postTwilio(h, path, params, signature);
        expect([what, res.status]).toEqual([what, 403]);
        expectError(res, 403, 'INVALID_SIGNATURE');
      }
      const after = await getCall(call.callId);
      expect(after.status).toBe('queued');
      expect(after.timeline.map((t) => t.status)).toEqual(['created', 'queued']);
    });

    it('the signature covers the query string too (signed with it → accepted)', async () => {
      const call = await newCall();
      const path = `/webhooks/twilio/status/${call.callId}?attempt=1`;
      const res = await postTwilio(h, path, statusParams(call, 'ringing'));
      expect(res.status).toBe(204);
      expect((await getCall(call.callId)).status).toBe('ringing');
    });

    it('connect and recording webhooks check the signature as well', async () => {
      const call = await newCall();
      const c = await postTwilio(
        h,
        `/webhooks/twilio/connect/${call.callId}`,
        statusParams(call, 'in-progress', { AnsweredBy: 'human' }),
        'forged',
      );
      expectError(c, 403, 'INVALID_SIGNATURE');
      expect(c.text).not.toContain('<Response');
      const r = await postTwilio(
        h,
        `/webhooks/twilio/recording/${call.callId}`,
        { RecordingSid: 'RE1', RecordingUrl: 'https://x.example/r', RecordingStatus: 'completed' },
        null,
      );
      expectError(r, 403, 'INVALID_SIGNATURE');
      const after = await getCall(call.callId);
      expect([after.status, after.recording, after.twilio.answeredBy]).toEqual(['queued', null, null]);
    });
  });

  describe('status callbacks', () => {
    it('a signed callback → 204 and the call moves; unknown call → 404; unknown status → 400', async () => {
      const call = await newCall();
      const res = await status(call, 'ringing');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      const after = await getCall(call.callId);
      expect(after.status).toBe('ringing');
      expect(after.timeline.map((t) => [t.status, t.source])).toEqual([
        ['created', 'dial'],
        ['queued', 'dial'],
        ['ringing', 'twilio:status'],
      ]);
      expectError(
        await postTwilio(h, '/webhooks/twilio/status/call-nope', statusParams(call, 'ringing')),
        404,
        'NOT_FOUND',
      );
      expectError(await status(call, 'exploded'), 400, 'VALIDATION_FAILED', 'CallStatus');
      expect((await getCall(call.callId)).status).toBe('ringing');
    });

    it('duplicates and out-of-order deliveries: forward only, one timeline entry per status, one CallAnswered', async () => {
      const call = await newCall();
      await collectPending(); // start from an empty pending list
      const sequence: Array<[string, Record<string, string>]> = [
        ['initiated', {}],
        ['in-progress', { AnsweredBy: 'human' }],
        ['ringing', {}], // late: after in-progress
        ['initiated', {}], // later still
        ['in-progress', { AnsweredBy: 'human' }], // duplicate
        ['completed', { CallDuration: '42' }],
        ['completed', { CallDuration: '42' }], // duplicate
        ['in-progress', { AnsweredBy: 'human' }], // late after the end
        ['busy', {}], // a second final status never replaces the first
        ['ringing', {}],
      ];
      for (const [s, extra] of sequence) {
        const res = await status(call, s, {
          ...extra,
          SequenceNumber: String(sequence.findIndex(([x]) => x === s)),
        });
        expect([s, res.status]).toEqual([s, 204]);
      }
      const after = await getCall(call.callId);
      expect(after.status).toBe('completed');
      expect(after.duration).toBe(42);
      expect(after.twilio.answeredBy).toBe('human');
      expect(after.timeline.map((t) => t.status)).toEqual([
        'created',
        'queued',
        'initiated',
        'in-progress',
        'completed',
      ]);

      // Exactly one event was recorded on the call (CallAnswered), not one per delivery.
      expect(await collectPending()).toBe(1);
      await relayOnce(h.api.deps.outbox, null, h.clock);
      const events = await h.client.events(`callId=${call.callId}`);
      expect(events.events.map((e) => e.type)).toEqual(['CallAnswered']);
      expect(events.events[0]!.eventId).toBe(`CallAnswered:${call.callId}`);
      expect(events.events[0]!.publishedAt).toBeNull();

      // The final status queued the post-call work once.
      const job = await h.api.queues.postCall.getJob(`post-${call.callId}`);
      expect(job?.data).toEqual({ callId: call.callId });
    });

    it('a call that never answers ends busy without a CallAnswered, and a late completed does not change it', async () => {
      const call = await newCall('hangup');
      await collectPending();
      for (const s of ['ringing', 'busy', 'completed', 'no-answer'])
        expect((await status(call, s)).status).toBe(204);
      const after = await getCall(call.callId);
      expect(after.status).toBe('busy');
      expect(after.timeline.map((t) => t.status)).toEqual(['created', 'queued', 'ringing', 'busy']);
      expect(await collectPending()).toBe(0);
      expect(await h.api.queues.postCall.getJob(`post-${call.callId}`)).toBeTruthy();
    });

    it('an answered call the agent joined gets its post-call job after a first pause for the transcript; others at once', async () => {
      const joined = await newCall();
      expect((await connect(joined, 'human')).status).toBe(200);
      expect((await status(joined, 'completed', { CallDuration: '30' })).status).toBe(204);
      const waiting = await h.api.queues.postCall.getJob(`post-${joined.callId}`);
      expect(await waiting?.getState()).toBe('delayed');
      expect(waiting?.opts.delay).toBe(2000);

      const unanswered = await newCall('hangup');
      expect((await status(unanswered, 'no-answer')).status).toBe(204);
      const now = await h.api.queues.postCall.getJob(`post-${unanswered.callId}`);
      expect(now?.opts.delay ?? 0).toBe(0);
    });

    it('no post-call work is queued before a final status', async () => {
      const call = await newCall();
      await status(call, 'ringing');
      await status(call, 'in-progress', { AnsweredBy: 'human' });
      expect(await h.api.queues.postCall.getJob(`post-${call.callId}`)).toBeUndefined();
    });
  });

  describe('connect (TwiML)', () => {
    it('a person: the agent TwiML from register-call (<Connect><Stream>), with the lead as dynamic variables', async () => {
      const call = await newCall();
      await collectPending();
      const res = await connect(call, 'human');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/xml/);
      expect(res.text).toMatch(/<Response>\s*<Connect>\s*<Stream url="[^"]+conversation_id=/);
      expect(res.text).not.toContain('<Hangup');

      // The simulator's ElevenLabs registered the call with the lead's variables and our call id.
      const conversationId = /conversation_id=([^"&]+)/.exec(res.text)![1]!;
      const conv = await request<{
        agent_id: string;
        conversation_initiation_client_data: { dynamic_variables: Record<string, unknown> };
      }>(`${h.sim.url}/v1/convai/conversations/${decodeURIComponent(conversationId)}`, {
        headers: { 'xi-api-key': h.config.ELEVENLABS_API_KEY },
      });
      expect(conv.status).toBe(200);
      expect(conv.body.agent_id).toBe(h.config.ELEVENLABS_AGENT_ID);
      expect(conv.body.conversation_initiation_client_data.dynamic_variables).toMatchObject({
        first_name: 'Maria',
        last_name: 'Tester',
        property_address: '12 Oak St',
        lead_id: leads[0]!.id,
        call_id: call.callId,
      });

      // Answered: in-progress, once, however many times Twilio also reports it.
      expect((await status(call, 'in-progress', { AnsweredBy: 'human' })).status).toBe(204);
      const after = await getCall(call.callId);
      expect(after.status).toBe('in-progress');
      expect(after.timeline.filter((t) => t.status === 'in-progress')).toHaveLength(1);
      expect(after.twilio.answeredBy).toBe('human');
      expect(await collectPending()).toBe(1);
    });

    it("reads a campaign's settings once for the answered calls of a minute (they never change)", async () => {
      const [first, second] = [await newCall('hangup'), await newCall('hangup')];
      const reads = jest.spyOn(h.api.deps.campaigns, 'get');
      try {
        const readsFor = async (call: Call) => {
          const before = reads.mock.calls.length;
          const res = await connect(call, 'human');
          expect([res.status, res.text]).toEqual([200, expect.stringMatching(/<Connect>/)]);
          return reads.mock.calls.length - before;
        };
        // The first may find the campaign kept already (an earlier test's call): the second always does.
        expect(await readsFor(first)).toBeLessThanOrEqual(1);
        expect(await readsFor(second)).toBe(0);
      } finally {
        reads.mockRestore();
      }
    });

    it('a machine (machine_end_beep) on a leave_message campaign: <Say> with the first name filled in, then <Hangup/>', async () => {
      const call = await newCall('message');
      const res = await connect(call, 'machine_end_beep');
      expect(res.status).toBe(200);
      expect(res.text).toContain(
        '<Say>Hi Maria, this is Lakeside Realty about 12 Oak St. Call us back at 312-555-0100.</Say>',
      );
      expect(res.text).toMatch(/<\/Say>\s*<Hangup\/>\s*<\/Response>/);
      expect(res.text).not.toContain('{{');
      expect(res.text).not.toContain('<Connect');
      const after = await getCall(call.callId);
      expect([after.status, after.twilio.answeredBy]).toEqual(['in-progress', 'machine_end_beep']);
    });

    it('a call placed with its callee: answered from what the lead was then, without reading the lead', async () => {
      const lead = leads[0]!;
      const { call } = await h.api.deps.calls.createForAttempt(placedCall(lead, ++attempt, h.clock.now()), {
        id: lead.id,
        firstName: 'Rosa',
        lastName: 'Placed',
        email: null,
        address: { street: null, city: null, state: null, zip: null },
        propertyAddress: '9 Elm St',
        language: null,
      });
      const reads = jest.spyOn(h.api.deps.leads, 'get');
      try {
        const res = await connect(call, 'machine_end_beep');
        expect(res.text).toContain('<Say>Hi Rosa, this is Lakeside Realty about 9 Elm St.');
        expect(reads).not.toHaveBeenCalled();
      } finally {
        reads.mockRestore();
      }
      // The callee is the webhook's, not part of the call anyone reads.
      expect(JSON.stringify(await getCall(call.callId))).not.toContain('Rosa');
    });

    it('the message is XML-escaped: a first name cannot inject TwiML verbs', async () => {
      const lead = leads[2]!;
      const { call } = await h.api.deps.calls.createForAttempt(placedCall(lead, 1, h.clock.now()));
      const res = await connect(call, 'machine_end_beep');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<Dial>');
      expect(res.text).toContain('&lt;Dial&gt;');
      expect(res.text.match(/<Say>/g)).toHaveLength(1);
    });

    it('a machine on a hangup campaign: <Hangup/> only; fax counts as a machine', async () => {
      for (const answeredBy of ['machine_end_beep', 'machine_start', 'fax']) {
        const call = await newCall('hangup');
        const res = await connect(call, answeredBy);
        expect(res.status).toBe(200);
        expect([answeredBy, res.text]).toEqual([
          answeredBy,
          expect.stringMatching(/<Response>\s*<Hangup\/>\s*<\/Response>/),
        ]);
        expect(res.text).not.toContain('<Say');
        expect(res.text).not.toContain('<Connect');
      }
    });

    it('a late connect for a call that already ended gets <Hangup/>, not a conversation', async () => {
      const call = await newCall();
      expect((await status(call, 'completed', { CallDuration: '3' })).status).toBe(204);
      const res = await connect(call, 'human');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<Response>\s*<Hangup\/>\s*<\/Response>/);
      expect((await getCall(call.callId)).status).toBe('completed');
    });

    it('a connect for an unknown call → 404', async () => {
      const res = await postTwilio(h, '/webhooks/twilio/connect/call-nope', {
        CallSid: 'CA0',
        CallStatus: 'in-progress',
        AnsweredBy: 'human',
      });
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('recording', () => {
    it('attaches a completed recording; an unknown call → 404', async () => {
      const call = await newCall();
      const params = {
        CallSid: call.twilio.callSid!,
        RecordingSid: 'RE0123456789abcdef0123456789abcdef',
        RecordingUrl: 'https://api.twilio.example/Recordings/RE0123',
        RecordingStatus: 'completed',
        RecordingDuration: '37',
      };
      const res = await postTwilio(h, `/webhooks/twilio/recording/${call.callId}`, params);
      expect(res.status).toBe(204);
      expect((await getCall(call.callId)).recording).toEqual({
        sid: params.RecordingSid,
        url: params.RecordingUrl,
        durationSec: 37,
      });

      const missing = await postTwilio(h, '/webhooks/twilio/recording/call-nope', params);
      expectError(missing, 404, 'NOT_FOUND');
    });

    it('ignores a recording that is not completed', async () => {
      const call = await newCall();
      const res = await postTwilio(h, `/webhooks/twilio/recording/${call.callId}`, {
        CallSid: call.twilio.callSid!,
        RecordingSid: 'RE1',
        RecordingUrl: 'https://x.example/r',
        RecordingStatus: 'in-progress',
      });
      expect(res.status).toBe(204);
      expect((await getCall(call.callId)).recording).toBeNull();
    });
  });

  describe('ElevenLabs post-call webhook', () => {
    const postCallJobsOf = async (callId: string) =>
      (await h.api.queues.postCall.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter(
        (job) => job.data.callId === callId,
      );
    const transcriptEvent = (callId: string, conversationId: string) =>
      JSON.stringify({
        type: 'post_call_transcription',
        event_timestamp: Math.floor(Date.now() / 1000),
        data: {
          agent_id: h.config.ELEVENLABS_AGENT_ID,
          conversation_id: conversationId,
          status: 'done',
          transcript: [
            { role: 'agent', message: 'Hi Maria, this is Lakeside Realty.', time_in_call_secs: 0 },
            { role: 'user', message: 'Hello, yes, I am thinking of selling.', time_in_call_secs: 3 },
          ],
          metadata: { call_duration_secs: 12, phone_call: { call_sid: 'CA123' } },
          analysis: { call_successful: 'success', transcript_summary: 'Interested in selling.' },
          conversation_initiation_client_data: {
            dynamic_variables: { call_id: callId, first_name: 'Maria' },
          },
        },
      });

    it('a bad, missing, stale or wrong-secret signature → 403; the call gets no conversation id', async () => {
      const call = await newCall();
      const body = transcriptEvent(call.callId, 'conv_forged');
      const secret = h.config.ELEVENLABS_WEBHOOK_SECRET;
      const now = Math.floor(Date.now() / 1000);
      const attempts: Array<[string, string | null]> = [
        ['missing', null],
        ['malformed', 'v0=abc'],
        ['wrong secret', elevenLabsSignature('wsec_not_the_secret_00000000', body)],
        ['other body', elevenLabsSignature(secret, body.replace('conv_forged', 'conv_other'))],
        ['stale (31 min)', elevenLabsSignature(secret, body, now - 31 * 60)],
      ];
      for (const [what, signature] of attempts) {
        const res = await postElevenLabs(h, body, signature);
        expect([what, res.status]).toEqual([what, 403]);
        expectError(res, 403, 'INVALID_SIGNATURE');
      }
      expect((await getCall(call.callId)).elevenlabs.conversationId).toBeNull();
      expect(await postCallJobsOf(call.callId)).toEqual([]);
    });

    it('a valid one → 200, the call gets its conversation id and one post-call job per transcript version', async () => {
      const call = await newCall();
      const body = transcriptEvent(call.callId, 'conv_0001');
      const res = await postElevenLabs(
        h,
        body,
        elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, body),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true });
      expect((await getCall(call.callId)).elevenlabs.conversationId).toBe('conv_0001');
      const [job, ...others] = await postCallJobsOf(call.callId);
      expect(others).toEqual([]);
      expect(job?.data).toEqual({ callId: call.callId });
      expect(job?.id).toMatch(new RegExp(`^post-${call.callId}-t[0-9a-f]{16}$`));

      // The same delivery again: the same job, nothing new queued.
      expect(
        (await postElevenLabs(h, body, elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, body))).status,
      ).toBe(200);
      expect((await postCallJobsOf(call.callId)).map((j) => j.id)).toEqual([job?.id]);

      // Another conversation delivered for the call before its analysis replaces the one held, and the id names
      // it: the id is always that of the conversation the post-call job will analyse.
      const again = transcriptEvent(call.callId, 'conv_0002');
      expect(
        (await postElevenLabs(h, again, elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, again)))
          .status,
      ).toBe(200);
      const held = (await h.api.deps.calls.getWithConversation(call.callId))!;
      expect([held.call.elevenlabs.conversationId, held.receivedConversation?.conversationId]).toEqual([
        'conv_0002',
        'conv_0002',
      ]);
    });

    it('valid events for an unknown call, of another type, or a failed initiation are acknowledged with 200', async () => {
      const secret = h.config.ELEVENLABS_WEBHOOK_SECRET;
      const bodies = [
        transcriptEvent('call-nope', 'conv_unknown'),
        JSON.stringify({
          type: 'post_call_audio',
          event_timestamp: 1,
          data: { conversation_id: 'conv_a', full_audio: 'AAAA' },
        }),
        JSON.stringify({
          type: 'call_initiation_failure',
          event_timestamp: 1,
          data: {
            failure_reason: 'busy',
            conversation_initiation_client_data: { dynamic_variables: { call_id: 'call-nope' } },
          },
        }),
      ];
      for (const body of bodies) {
        const res = await postElevenLabs(h, body, elevenLabsSignature(secret, body));
        expect([JSON.parse(body).type, res.status]).toEqual([JSON.parse(body).type, 200]);
      }
      expect(await postCallJobsOf('call-nope')).toEqual([]);
    });
  });
});
