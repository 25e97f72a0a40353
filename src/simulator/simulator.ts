import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ActivityTracker } from './activity';
import { CallScript, type ScriptContext } from './call-script';
import { elevenLabsApi } from './elevenlabs-api';
import { CreateFaults, RegisterCallStalls } from './faults';
import { DEFAULT_PROFILE, mergeProfile } from './profile';
import { toSimCall, toSimConversation, type CallRecord, type SimState } from './records';
import { StatsRecorder } from './stats';
import { twilioApi } from './twilio-api';
import type { Simulator, SimulatorOptions } from './types';
import { WebhookSender } from './webhook-sender';

/** Starts one HTTP server that plays both Twilio and ElevenLabs for the real SDKs. */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 1;
  let profile = mergeProfile(DEFAULT_PROFILE, opts.profile ?? {});
  let webhookUrl = opts.elevenLabs.webhookUrl;
  let agentVariables: readonly string[] = opts.elevenLabs.agentVariables ?? [];
  let baseUrl = '';

  const closing = new AbortController();
  // Every webhook in flight and every call's pause listens for the close: hundreds at once is normal here.
  setMaxListeners(0, closing.signal);
  const state: SimState = { calls: new Map(), conversations: new Map() };
  const stats = new StatsRecorder();
  const faults = new CreateFaults();
  const registerStalls = new RegisterCallStalls();
  const activity = new ActivityTracker();
  const scripts = new Map<string, CallScript>();
  const scriptContext: ScriptContext = {
    state,
    stats,
    sender: new WebhookSender(stats, closing.signal),
    authToken: opts.twilio.authToken,
    baseUrl: () => baseUrl,
    elevenLabsWebhookUrl: () => webhookUrl,
    elevenLabsWebhookSecret: opts.elevenLabs.webhookSecret,
    closing: closing.signal,
  };

  const startCall = (call: CallRecord): void => {
    const script = new CallScript(call, scriptContext);
    scripts.set(call.sid, script);
    void activity
      .track(script.run())
      .catch((error: unknown) => console.error(`simulator: call ${call.sid} failed`, error))
      .finally(() => scripts.delete(call.sid));
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    twilioApi({
      accountSid: opts.twilio.accountSid,
      authToken: opts.twilio.authToken,
      seed,
      state,
      stats,
      faults,
      profile: () => profile,
      startCall,
      hangUp: (sid, requested) => scripts.get(sid)?.hangUp(requested),
    }),
  );
  app.use(
    elevenLabsApi({
      apiKey: opts.elevenLabs.apiKey,
      state,
      stats,
      stalls: registerStalls,
      agentVariables: () => agentVariables,
      wsBaseUrl: () => baseUrl.replace(/^http/, 'ws'),
    }),
  );
  app.get('/_sim/stats', (_req, res) => {
    res.json(stats.snapshot());
  });
  app.get('/_sim/calls', (_req, res) => {
    res.json(calls());
  });
  // For a simulator in another process: answers once no call is playing and no webhook is in flight.
  app.get('/_sim/idle', async (_req, res) => {
    await activity.idle();
    res.json({ idle: true });
  });

  const calls = () => [...state.calls.values()].map(toSimCall);
  const server = createServer(app);
  // Twilio's and ElevenLabs' API servers keep an idle connection longer than node's 5 s, which a client's pool
  // (the SDKs keep theirs alive) could otherwise pick just as the server resets it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = await listen(server, opts.port ?? 0, host);
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    stats: () => stats.snapshot(),
    calls,
    setProfile: (patch) => {
      profile = mergeProfile(profile, patch);
    },
    setElevenLabsWebhookUrl: (url) => {
      webhookUrl = url;
    },
    setAgentVariables: (names) => {
      agentVariables = [...names];
    },
    conversations: () => [...state.conversations.values()].map(toSimConversation),
    failNextCreates: (n, httpStatus) => faults.failNext(n, httpStatus),
    dropNextCreateResponses: (n) => faults.dropNext(n),
    loseNextFinalStatusCallbacks: (n) => faults.loseFinalCallbackOfNext(n),
    stallNextRegisterCalls: (n, ms) => registerStalls.stallNext(n, ms),
    idle: () => activity.idle(),
    close: async () => {
      closing.abort();
      await activity.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
