import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startHarness, type Harness } from '../support/harness';
import type { Call } from '../../src/domain/call';
import { isWebhookSignatureValid } from '../../src/adapters/elevenlabs/webhook-signature';
import {
  elevenLabsSignature,
  expectError,
  phoneFor,
  placedCall,
  postElevenLabs,
  postTwilio,
  request,
  twilioSignature,
} from './web-support';

/** What the hostile review found on the webhooks (issue 11, items 4, 7, 8, 9). */
describe('webhook hardening', () => {
  let h: Harness;
  let lead: { id: string; campaignId: string; phone: string };
  let attempt = 0;

  async function newCall(): Promise<Call> {
    const { call } = await h.api.deps.calls.createForAttempt(placedCall(lead, ++attempt, h.clock.now()));
    return call;
  }

  beforeAll(async () => {
    h = await startHarness({ env: { ELEVENLABS_WEBHOOK_TOLERANCE_SECONDS: '300' } });
    const campaign = await h.client.createCampaign({ name: 'hardening', voicemail: { action: 'hangup' } });
    const up = await h.client.call<{ leadIds: string[] }>('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: {
        leads: [{ phone: phoneFor(61, 1), first_name: 'Ada' }],
      },
    });
    lead = { id: up.body.leadIds[0]!, campaignId: campaign.id, phone: phoneFor(61, 1) };
  });
  afterAll(() => h.close());

  /** A raw HTTP/1.1 request, so that the request line can be in absolute form (fetch cannot send that). */
  function rawPost(target: string, headers: Record<string, string>, body: string) {
    const url = new URL(h.base);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: 'POST', path: target, headers },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  describe('Twilio', () => {
    it('an absolute-form request line (POST http://x/webhooks/...) → 403, never 500', async () => {
      const call = await newCall();
      const path = `/webhooks/twilio/status/${call.callId}`;
      const params = { CallSid: call.twilio.callSid!, CallStatus: 'completed' };
      for (const target of [`http://x${path}`, `https://hooks.example:8443${path}?a=1`]) {
        const res = await rawPost(
          target,
          {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilioSignature(h, path, params),
          },
          new URLSearchParams(params).toString(),
        );
        expect([target, res.status]).toEqual([target, 403]);
      }
      expect((await h.api.deps.calls.get(call.callId))!.status).toBe('queued');
    });

    it('a repeated parameter in a signed request → 400 naming it, and the call is unchanged', async () => {
      const call = await newCall();
      const path = `/webhooks/twilio/status/${call.callId}`;
      const body = `CallSid=${call.twilio.callSid}&CallStatus=in-progress&AnsweredBy=human&AnsweredBy=human`;
      // Twilio signs repeated parameters in order; the twilio SDK's own signer is given the array.
      const signature = twilioSignature(h, path, {
        CallSid: call.twilio.callSid!,
        CallStatus: 'in-progress',
        AnsweredBy: ['human', 'human'] as unknown as string,
      });
      const res = await request(`${h.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body,
      });
      expectError(res, 400, 'VALIDATION_FAILED', 'AnsweredBy');
      const after = (await h.api.deps.calls.get(call.callId))!;
      expect(after.status).toBe('queued');
      expect(after.twilio.answeredBy).toBeNull();
    });

    it('a replayed signed connect returns the first TwiML and registers one conversation', async () => {
      const call = await newCall();
      const register = jest.spyOn(h.api.deps.voiceAgent, 'registerCall');
      try {
        const params = { CallSid: call.twilio.callSid!, CallStatus: 'in-progress', AnsweredBy: 'human' };
        const path = `/webhooks/twilio/connect/${call.callId}`;
        const first = await postTwilio(h, path, params);
        expect(first.status).toBe(200);
        expect(first.text).toContain('<Connect>');
        const replays = await Promise.all([1, 2, 3].map(() => postTwilio(h, path, params)));
        for (const replay of replays) {
          expect(replay.status).toBe(200);
          expect(replay.text).toBe(first.text);
        }
        expect(register).toHaveBeenCalledTimes(1);
      } finally {
        register.mockRestore();
      }
    });

    it('concurrent signed connects for one call register one conversation', async () => {
      const call = await newCall();
      const register = jest.spyOn(h.api.deps.voiceAgent, 'registerCall');
      try {
        const params = { CallSid: call.twilio.callSid!, CallStatus: 'in-progress', AnsweredBy: 'human' };
        const path = `/webhooks/twilio/connect/${call.callId}`;
        const answers = await Promise.all([1, 2, 3, 4].map(() => postTwilio(h, path, params)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        expect(answers.filter((a) => a.text.includes('<Connect>')).length).toBeGreaterThanOrEqual(1);
        expect(register).toHaveBeenCalledTimes(1);
      } finally {
        register.mockRestore();
      }
    });
  });

  describe('ElevenLabs signature', () => {
    const secret = 'wsec_0123456789abcdef';
    const body = '{"type":"x"}';
    const sign = (t: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const now = 1_800_000_000_000;

    it('accepts a timestamp within the tolerance on either side, refuses one outside on either side', () => {
      for (const offsetSec of [0, -299, 299]) {
        const t = String(now / 1000 + offsetSec);
        expect([offsetSec, isWebhookSignatureValid(body, `t=${t},v0=${sign(t)}`, secret, now, 300)]).toEqual([
          offsetSec,
          true,
        ]);
      }
      for (const offsetSec of [-301, 301, 10 * 365 * 86_400]) {
        const t = String(now / 1000 + offsetSec);
        expect([offsetSec, isWebhookSignatureValid(body, `t=${t},v0=${sign(t)}`, secret, now, 300)]).toEqual([
          offsetSec,
          false,
        ]);
      }
    });

    it('refuses a timestamp that is not a number (t=abc), and a header with two timestamps', () => {
      for (const t of ['abc', '', '1e9', '-1', ' 1800000000']) {
        expect([t, isWebhookSignatureValid(body, `t=${t},v0=${sign(t)}`, secret, now, 300)]).toEqual([
          t,
          false,
        ]);
      }
      const t = String(now / 1000);
      expect(isWebhookSignatureValid(body, `t=1,t=${t},v0=${sign(t)}`, secret, now, 300)).toBe(false);
    });

    it('refuses a digest of the wrong length or not hex without throwing', () => {
      const t = String(now / 1000);
      for (const v0 of [sign(t).slice(0, 10), `${sign(t)}00`, 'z'.repeat(64), '']) {
        expect(isWebhookSignatureValid(body, `t=${t},v0=${v0}`, secret, now, 300)).toBe(false);
      }
      expect(isWebhookSignatureValid(body, undefined, secret, now, 300)).toBe(false);
    });

    it('over HTTP: a timestamp 10 years ahead and t=abc → 403 (tolerance from ELEVENLABS_WEBHOOK_TOLERANCE_SECONDS)', async () => {
      const call = await newCall();
      const raw = JSON.stringify({
        type: 'post_call_transcription',
        data: {
          conversation_id: 'conv_future',
          conversation_initiation_client_data: { dynamic_variables: { call_id: call.callId } },
        },
      });
      const s = h.config.ELEVENLABS_WEBHOOK_SECRET;
      const nowSec = Math.floor(Date.now() / 1000);
      const abc = `t=abc,v0=${createHmac('sha256', s).update(`abc.${raw}`).digest('hex')}`;
      for (const signature of [
        elevenLabsSignature(s, raw, nowSec + 10 * 365 * 86_400),
        elevenLabsSignature(s, raw, nowSec + 301),
        elevenLabsSignature(s, raw, nowSec - 301),
        abc,
      ]) {
        expectError(await postElevenLabs(h, raw, signature), 403, 'INVALID_SIGNATURE');
      }
      expect((await h.api.deps.calls.get(call.callId))!.elevenlabs.conversationId).toBeNull();
      expect((await postElevenLabs(h, raw, elevenLabsSignature(s, raw, nowSec + 200))).status).toBe(200);
      expect((await h.api.deps.calls.get(call.callId))!.elevenlabs.conversationId).toBe('conv_future');
    });
  });

  describe('ElevenLabs body shape', () => {
    it.each([
      ['null', 'body'],
      ['[null]', 'body'],
      ['"text"', 'body'],
      ['{"type":"post_call_transcription","data":{"transcript":"not a list"}}', 'body.data.transcript'],
      ['{"type":"post_call_transcription","data":{"transcript":[null]}}', 'body.data.transcript.0'],
      ['{"type":"post_call_transcription","data":"x"}', 'body.data'],
      [
        '{"type":"post_call_transcription","data":{"metadata":{"phone_call":[]}}}',
        'body.data.metadata.phone_call',
      ],
      ['{"type":"call_initiation_failure","data":{"failure_reason":{"a":1}}}', 'body.data.failure_reason'],
      ['{"type":42}', 'body.type'],
      ['{not json', 'body'],
    ])('a signed %s → 400 naming %s', async (raw, field) => {
      const res = await postElevenLabs(h, raw, elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, raw));
      expectError(res, 400, 'VALIDATION_FAILED', field);
    });

    it('a signed event of a type we do not act on is acknowledged whatever its data', async () => {
      const raw = '{"type":"post_call_audio","data":[1,2,3]}';
      const res = await postElevenLabs(h, raw, elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, raw));
      expect(res.status).toBe(200);
    });
  });
});
