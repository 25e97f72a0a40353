/**
 * The post-call path at full speed: BENCH_CALLS (default 2000) finished calls, each answered by a person, get
 * their ElevenLabs post-call webhook (signed, in the shape the simulator sends: half English, half Spanish, a
 * third with the agent's own analysis) at once; the API stores each conversation and queues its job, the
 * post-call workers analyse it, decide the lead and record CallTranscriptReady. ElevenLabs is the simulator (the
 * job asks it only when no webhook came). API and workers run in this process, MongoDB (the in-repo stand-in,
 * or MONGODB_URI) in its own, Redis at REDIS_URL.
 *
 * Prints calls per second (first webhook sent → last CallTranscriptReady), webhook → CallTranscriptReady
 * latency (p50/p99: the event's occurredAt minus the moment its webhook was sent, one clock), and this process's
 * CPU per call. The last line is one summary line.
 * Run: npm run bench:postcall
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config';
import { buildContainer } from '../src/container';
import { systemClock } from '../src/ports/clock.port';
import { startApiServer } from '../src/main/serve-api';
import { startWorkers } from '../src/main/start-workers';
import { startSimulator } from '../src/simulator';
import { simulatorEnvironment, simulatorOptions } from '../src/demo/demo-environment';
import type { Call } from '../src/domain/call';
import { percentile } from '../tests/support/dial-stack';
import { freePort, withDatabase } from '../tests/support/processes';
import { deleteKeys } from '../tests/support/redis';
import { elevenLabsSignature } from '../tests/web/web-support';
import { waitFor } from '../tests/support/wait';
import { callRecord } from '../tests/support/call-record';
import { benchMongo } from './support/bench-mongo';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
/** Webhooks in flight at once, as a busy ElevenLabs account would send them. */
const SENDERS = 50;

const LINES = {
  en: [
    [
      'Hi, this is Alex with Lakeside Realty about your home. Is now a good time?',
      "I'm driving right now. Call me back Tuesday after 3.",
    ],
    ['Would you consider selling your property?', "No thanks, I'm not interested."],
    ['Hi, calling about your house on Oak Street.', 'Sure, could someone come by Thursday at 2 pm?'],
    ['Is this the owner of 12 Pine Avenue?', 'Stop calling me. Put me on your do not call list.'],
  ],
  es: [
    [
      'Hola, le habla Ana de Lakeside Realty sobre su casa. ¿Tiene un momento?',
      'Estoy ocupada. Llámeme mañana a las 5 de la tarde.',
    ],
    ['¿Consideraría vender su propiedad?', 'No gracias, no me interesa vender.'],
    ['Hola, llamo por su casa en la calle Roble.', 'Sí, ¿pueden venir el jueves a las 2 de la tarde?'],
    ['¿Es usted el dueño de la casa?', 'Deje de llamarme. Quíteme de su lista.'],
  ],
};

const MAPPING = {
  dataCollection: { intent: 'lead_outcome', appointmentTime: 'requested_time' },
  evaluation: {},
};

function webhookBody(call: Call, i: number, agentId: string): string {
  const language = i % 2 === 0 ? 'en' : 'es';
  const [agent, lead] = LINES[language][i % 4]!;
  return JSON.stringify({
    type: 'post_call_transcription',
    event_timestamp: Math.floor(Date.now() / 1000),
    data: {
      agent_id: agentId,
      conversation_id: `conv_bench_${i}`,
      status: 'done',
      transcript: [
        { role: 'agent', message: agent, time_in_call_secs: 0 },
        { role: 'user', message: lead, time_in_call_secs: 4 },
        { role: 'agent', message: 'Thank you, goodbye.', time_in_call_secs: 9 },
      ],
      metadata: {
        call_duration_secs: 12,
        main_language: language,
        phone_call: { call_sid: call.twilio.callSid },
      },
      analysis: {
        call_successful: 'success',
        transcript_summary: 'A short call.',
        data_collection_results:
          i % 3 === 0
            ? { lead_outcome: { data_collection_id: 'lead_outcome', value: null, rationale: '' } }
            : {},
        evaluation_criteria_results: {},
      },
      conversation_initiation_client_data: { dynamic_variables: { call_id: call.callId } },
    },
  });
}

/**
 * One delivery; a connection reset (a kept-alive socket closed by the server as it was reused) is sent again,
 * which the webhook takes as the duplicate it is.
 */
async function postWebhook(base: string, secret: string, body: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${base}/webhooks/elevenlabs/conversation`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'elevenlabs-signature': elevenLabsSignature(secret, body),
        },
        body,
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await res.arrayBuffer();
      return;
    } catch (err) {
      if (attempt >= 3 || !String((err as { cause?: unknown }).cause ?? '').includes('ECONNRESET')) throw err;
    }
  }
}

async function main(): Promise<void> {
  const prefix = `bench-post-${randomBytes(3).toString('hex')}`;
  const mongo = await benchMongo();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = simulatorEnvironment(process.env, {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    QUEUE_PREFIX: prefix,
    MONGODB_URI: withDatabase(mongo.uri, prefix),
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: '',
    WORKER_QUEUES: 'post-call',
    WORKER_CONCURRENCY: '20',
  });
  const sim = await startSimulator(simulatorOptions(env, base, {}, 1));
  const config = loadConfig({ ...env, SIMULATOR_URL: sim.url });
  const api = await buildContainer(config, 'api', systemClock);
  const server = await startApiServer(api, port);
  const worker = await buildContainer(config, 'worker', systemClock);
  const deps = api.deps;

  try {
    const campaign = await deps.campaigns.create({
      name: 'post-call bench',
      agent: { agentId: config.ELEVENLABS_AGENT_ID },
      callerId: config.TWILIO_PHONE_NUMBER,
      limits: { maxConcurrentCalls: 5, callsPerSecond: 1, maxAttemptsPerLead: 3 },
      retry: Object.fromEntries(
        ['no-answer', 'busy', 'failed', 'voicemail'].map((o) => [o, { delayMinutes: 60, maxAttempts: 3 }]),
      ) as never,
      voicemail: { action: 'hangup', message: null },
      callingWindow: null,
      analysis: MAPPING,
    });
    await deps.campaigns.transition(campaign.id, ['draft'], 'running');
    const inserted = await deps.leads.insertMany(
      Array.from({ length: CALLS }, (_, i) => ({
        campaignId: campaign.id,
        phone: `+1312555${String(i).padStart(4, '0')}`,
        firstName: 'Pat',
        lastName: `Lead${i}`,
        email: null,
        address: { street: null, city: 'Chicago', state: 'IL', zip: '60601' },
        timeZone: 'America/Chicago',
        propertyAddress: `${i} Oak St`,
        consentId: null,
        rowNumber: i + 1,
      })),
    );
    const now = new Date();
    const calls: Call[] = [];
    for (const [i, entry] of inserted.entries()) {
      if (!('lead' in entry)) throw new Error('duplicate lead');
      const lead = entry.lead;
      await deps.leads.update(lead.id, { status: 'dialing', attempts: 1 });
      const callId = `call-${lead.id}-a1`;
      const { call } = await deps.calls.createForAttempt(
        callRecord({ callId, attemptId: `${lead.id}-a1` }, now, {
          leadId: lead.id,
          campaignId: campaign.id,
          to: lead.phone,
          from: config.TWILIO_PHONE_NUMBER,
          status: 'completed',
          timeline: [{ status: 'completed', at: now, source: 'bench' }],
          twilio: { callSid: `CA${String(i).padStart(32, '0')}`, answeredBy: 'human' },
          durationSec: 12,
        }),
      );
      calls.push(call);
    }
    const bodies = calls.map((call, i) => webhookBody(call, i, config.ELEVENLABS_AGENT_ID));

    const workers = startWorkers(worker);
    const sentAt = new Map<string, number>();
    const cpuStart = process.cpuUsage();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < bodies.length) {
          const i = next++;
          sentAt.set(calls[i]!.callId, Date.now());
          await postWebhook(base, config.ELEVENLABS_WEBHOOK_SECRET, bodies[i]!);
        }
      }),
    );
    await waitFor(
      'every post-call job done',
      async () => {
        const counts = await api.queues.postCall.getJobCounts('completed', 'failed');
        if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} post-call jobs failed`);
        return (counts.completed ?? 0) >= CALLS ? true : undefined;
      },
      600_000,
      100,
    );
    const finished = Date.now();
    const cpu = process.cpuUsage(cpuStart);
    await workers.close();

    await deps.outbox.collect(10 * CALLS);
    const latencies: number[] = [];
    const outcomes: Record<string, number> = {};
    for (const call of calls) {
      const [ready] = await deps.outbox
        .list({ callId: call.callId, limit: 10 })
        .then((events) => events.filter((e) => e.type === 'CallTranscriptReady'));
      if (!ready) throw new Error(`no CallTranscriptReady for ${call.callId}`);
      latencies.push(ready.occurredAt.getTime() - sentAt.get(call.callId)!);
      const stored = await deps.calls.get(call.callId);
      outcomes[stored!.outcome ?? 'none'] = (outcomes[stored!.outcome ?? 'none'] ?? 0) + 1;
    }
    latencies.sort((a, b) => a - b);
    const seconds = (finished - started) / 1000;
    const rate = CALLS / seconds;
    const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / CALLS;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`calls: ${CALLS} in ${seconds.toFixed(1)} s; outcomes ${JSON.stringify(outcomes)}`);
    console.log(`throughput: ${rate.toFixed(1)} calls/s (first webhook sent → last post-call job done)`);
    console.log(
      `webhook → CallTranscriptReady: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (all ${SENDERS} senders at once)`,
    );
    console.log(
      `CPU of this process (API + post-call workers + webhook senders): ${cpuMsPerCall.toFixed(2)} ms per call`,
    );
    console.log(
      `SUMMARY postcall: ${CALLS} calls, ${rate.toFixed(1)} calls/s, p99 webhook→CallTranscriptReady ${p99.toFixed(0)} ms, ${cpuMsPerCall.toFixed(2)} CPU-ms/call`,
    );
  } finally {
    await server.close();
    await api.close();
    await worker.close();
    await sim.close();
    await deleteKeys(prefix);
    await mongo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
