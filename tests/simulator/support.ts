import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { createElevenLabsClient } from '../../src/adapters/elevenlabs/elevenlabs-client';
import { createTwilioClient } from '../../src/adapters/twilio/twilio-client';
import { startSimulator, type Simulator, type SimulatorProfile } from '../../src/simulator';

export const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
export const AUTH_TOKEN = 'sim-auth-token';
export const API_KEY = 'sim-xi-api-key';
export const WEBHOOK_SECRET = 'wsec_simulator';
export const FROM = '+15550000001';

/** ms-scale timings so a test runs in well under a second. */
export const FAST: Partial<SimulatorProfile> = { ringMs: [5, 10], talkMs: [10, 20] };
export const ALWAYS_HUMAN: Partial<SimulatorProfile> = {
  answerRate: 1,
  busyRate: 0,
  noAnswerRate: 0,
  failedRate: 0,
  machineRate: 0,
};

export interface TwilioRequest {
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
}

export interface ElevenLabsDelivery {
  rawBody: string;
  signature: string;
}

/** Our side of the wire: records every webhook and answers the voice Url with `voiceAnswer`. */
export interface Receiver {
  url: string;
  status: TwilioRequest[];
  voice: TwilioRequest[];
  recordings: TwilioRequest[];
  elevenLabs: ElevenLabsDelivery[];
  /** Make the next n status callbacks fail with HTTP 500. */
  failNextStatus(n: number): void;
  close(): Promise<void>;
}

export async function startReceiver(
  voiceAnswer: (params: Record<string, string>) => Promise<string>,
): Promise<Receiver> {
  const app = express();
  let url = '';
  let statusFailures = 0;
  const received: Omit<Receiver, 'url' | 'failNextStatus' | 'close'> = {
    status: [],
    voice: [],
    recordings: [],
    elevenLabs: [],
  };
  const record = (list: TwilioRequest[], req: express.Request): Record<string, string> => {
    const params = req.body as Record<string, string>;
    const signature = req.get('x-twilio-signature') ?? '';
    list.push({
      path: req.path,
      params,
      signatureValid: twilio.validateRequest(AUTH_TOKEN, signature, url + req.originalUrl, params),
    });
    return params;
  };
  const form = express.urlencoded({ extended: false });
  app.post('/status', form, (req, res) => {
    if (statusFailures > 0) {
      statusFailures--;
      res.sendStatus(500);
      return;
    }
    record(received.status, req);
    res.sendStatus(204);
  });
  app.post('/recording', form, (req, res) => {
    record(received.recordings, req);
    res.sendStatus(204);
  });
  app.post('/voice', form, async (req, res) => {
    const params = record(received.voice, req);
    res.type('text/xml').send(await voiceAnswer(params));
  });
  // The raw body is what ElevenLabs signed.
  app.post('/elevenlabs', express.text({ type: 'application/json' }), (req, res) => {
    received.elevenLabs.push({
      rawBody: req.body as string,
      signature: req.get('elevenlabs-signature') ?? '',
    });
    res.sendStatus(200);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ...received,
    failNextStatus: (n) => {
      statusFailures += n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface Harness {
  sim: Simulator;
  receiver: Receiver;
  twilioClient: ReturnType<typeof createTwilioClient>;
  elevenLabs: ReturnType<typeof createElevenLabsClient>;
  /** calls.create with the receiver's webhooks and every status event. */
  dial(
    to: string,
    extra?: Record<string, unknown>,
  ): ReturnType<ReturnType<typeof createTwilioClient>['calls']['create']>;
  close(): Promise<void>;
}

/** Leads the default voice answer knows, by phone number. */
export const LEADS: Record<string, { first_name: string; property_address: string }> = {
  '+15551230001': { first_name: 'Maria', property_address: '12 Oak Street' },
  '+15551230002': { first_name: 'James', property_address: '400 Pine Avenue' },
};

export async function startHarness(
  opts: { profile?: Partial<SimulatorProfile>; seed?: number } = {},
): Promise<Harness> {
  const sim = await startSimulator({
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    elevenLabs: { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET },
    profile: { ...FAST, ...opts.profile },
    seed: opts.seed,
  });
  const twilioClient = createTwilioClient({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiBaseUrl: sim.url,
  });
  const elevenLabs = createElevenLabsClient({ apiKey: API_KEY, baseUrl: sim.url });
  // What the dialer's voice webhook does: a human → register the call with ElevenLabs; a machine → a message.
  const receiver = await startReceiver(async (params) => {
    if (params['AnsweredBy']?.startsWith('machine')) {
      return '<?xml version="1.0"?><Response><Say>Sorry we missed you.</Say><Hangup/></Response>';
    }
    return elevenLabs.conversationalAi.twilio.registerCall({
      agentId: 'agent_sim',
      fromNumber: params['From'] ?? '',
      toNumber: params['To'] ?? '',
      direction: 'outbound',
      conversationInitiationClientData: { dynamicVariables: LEADS[params['To'] ?? ''] ?? {} },
    });
  });
  sim.setElevenLabsWebhookUrl(`${receiver.url}/elevenlabs`);
  return {
    sim,
    receiver,
    twilioClient,
    elevenLabs,
    dial: (to, extra = {}) =>
      twilioClient.calls.create({
        to,
        from: FROM,
        url: `${receiver.url}/voice`,
        statusCallback: `${receiver.url}/status`,
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        ...extra,
      }),
    close: async () => {
      await sim.close();
      await receiver.close();
    },
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
