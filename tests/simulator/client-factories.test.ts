import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { createElevenLabsClient } from '../../src/adapters/elevenlabs/elevenlabs-client';
import { createTwilioClient } from '../../src/adapters/twilio/twilio-client';
import { ACCOUNT_SID, API_KEY, AUTH_TOKEN, startHarness, type Harness } from './support';

describe('SDK client factories against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('leaves the plain Twilio client alone without apiBaseUrl', () => {
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect(client.httpClient?.constructor).toBe(twilio.RequestClient);
  });

  it('registerCall returns the TwiML text that streams to the registered conversation', async () => {
    const twiml = await h.elevenLabs.conversationalAi.twilio.registerCall({
      agentId: 'agent_sim',
      fromNumber: '+15550000001',
      toNumber: '+15551230001',
      direction: 'outbound',
      conversationInitiationClientData: { dynamicVariables: { first_name: 'Maria' } },
    });
    const wsBase = h.sim.url.replace('http', 'ws');
    expect(twiml).toMatch(
      new RegExp(
        `<Response><Connect><Stream url="${wsBase}/v1/convai/conversation\\?conversation_id=conv_[0-9a-z]{26}" /></Connect></Response>$`,
      ),
    );
    const id = /conversation_id=(conv_[0-9a-z]+)/.exec(twiml)![1]!;
    const details = await h.elevenLabs.conversationalAi.conversations.get(id);
    expect(details).toMatchObject({
      conversationId: id,
      agentId: 'agent_sim',
      status: 'initiated',
      transcript: [],
    });
  });

  it('answers 401 to a wrong xi-api-key and 404 to an unknown conversation', async () => {
    const wrong = createElevenLabsClient({ apiKey: 'wrong', baseUrl: h.sim.url });
    await expect(wrong.conversationalAi.conversations.get('conv_x')).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(h.elevenLabs.conversationalAi.conversations.get('conv_unknown')).rejects.toBeInstanceOf(
      ElevenLabsError,
    );
    await expect(h.elevenLabs.conversationalAi.conversations.get('conv_unknown')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('the ElevenLabs client never retries a register-call (maxRetries 0)', async () => {
    let hits = 0;
    const app = express();
    app.post('/v1/convai/twilio/register-call', (_req, res) => {
      hits++;
      res.sendStatus(503);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const client = createElevenLabsClient({
        apiKey: API_KEY,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      await expect(
        client.conversationalAi.twilio.registerCall({ agentId: 'a', fromNumber: '+1', toNumber: '+2' }),
      ).rejects.toMatchObject({ statusCode: 503 });
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
