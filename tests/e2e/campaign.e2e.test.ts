import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../src/simulator';
import { businessHoursOffsetMs, simulatorEnvironment } from '../../src/demo/demo-environment';
import { sampleCampaign, sampleCampaignSettings } from '../../src/demo/sample-campaign';
import { apiClient, type ApiClient } from '../../src/demo/api-client';
import { awaitsCallback, campaignSettled } from '../../src/demo/campaign-settled';
import { freePort, spawnRole, withDatabase, type Spawned } from '../support/processes';
import { deleteKeys } from '../support/redis';
import { waitFor } from '../support/wait';
import { E2E_PROFILE } from '../support/e2e-profile';
import { readTopic } from '../support/kafka-topic';

/** api + two worker processes + the simulator; MongoDB and Kafka are the suite's (Kafka a real broker). */
describe('a campaign end to end on real queues, real SDKs and the simulator', () => {
  const prefix = `e2e-${randomBytes(4).toString('hex')}`;
  const offsetMs = businessHoursOffsetMs();
  let sim: Simulator;
  const brokers = process.env.KAFKA_BROKERS!.split(',');
  let processes: Spawned[] = [];
  let client: ApiClient;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = simulatorEnvironment(process.env, {
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      QUEUE_PREFIX: prefix,
      MONGODB_URI: withDatabase(process.env.MONGODB_URI!, prefix),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC: `${prefix}.call-events`,
      LOG_LEVEL: 'warn',
      E2E_CLOCK_OFFSET_MS: String(offsetMs),
      GLOBAL_CALLS_PER_SECOND: '20',
      GLOBAL_MAX_CONCURRENT_CALLS: '8',
    });
    sim = await startSimulator({
      twilio: { accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN! },
      elevenLabs: {
        apiKey: env.ELEVENLABS_API_KEY,
        webhookSecret: env.ELEVENLABS_WEBHOOK_SECRET!,
        webhookUrl: `${base}/webhooks/elevenlabs/conversation`,
      },
      profile: E2E_PROFILE,
      seed: 11,
    });
    const full = { ...env, SIMULATOR_URL: sim.url };
    processes = await Promise.all([
      spawnRole('api', full),
      spawnRole('worker', full),
      spawnRole('worker', full),
    ]);
    client = apiClient(base, env.API_KEYS!, env.ADMIN_API_KEYS!);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await sim?.close();
    await deleteKeys(prefix);
  });

  it('checks, dials once per attempt, stores transcripts and publishes every event', async () => {
    const now = new Date(Date.now() + offsetMs);
    const sample = sampleCampaign(30, now);
    await client.importRegistry(sample.registryNumbers, new Date(now.getTime() - 86_400_000));
    for (const phone of sample.internalDnc) await client.addDnc(phone, 'asked by letter');
    const campaign = await client.createCampaign(
      sampleCampaignSettings('e2e', { maxConcurrentCalls: 6, callsPerSecond: 10 }, 0.01),
    );

    const upload = await client.uploadCsv(campaign.id, sample.csv);
    expect(upload.status).toBe(201);
    expect(upload.body.accepted).toBe(30);
    expect(upload.body.rejected.map((r) => ({ row: r.row, field: r.errors[0]!.field }))).toEqual(
      sample.badRows,
    );

    await client.control(campaign.id, 'start');
    let last = '';
    await waitFor(
      'campaign done',
      async () => {
        const c = await client.campaign(campaign.id);
        last = JSON.stringify(c.progress.byStatus);
        return (await campaignSettled(client, campaign.id)) ? true : undefined;
      },
      120_000,
      500,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}; leads by state ${last}\n${processes.map((p) => p.output().slice(-3000)).join('\n---\n')}`,
      );
    });
    await sim.idle();

    const { leads } = await client.leads(campaign.id);
    const stats = sim.stats();
    let placedCalls = 0;
    for (const expected of sample.leads) {
      const lead = leads.find((l) => l.phone === expected.phone)!;
      const { calls } = await client.callsOfLead(lead.id);
      const placed = calls.filter((c) => c.twilio.callSid);
      placedCalls += placed.length;
      if (expected.expectedBlock) {
        expect({ phone: lead.phone, status: lead.status, reasons: lead.blockedReasons }).toEqual({
          phone: expected.phone,
          status: 'blocked',
          reasons: expect.arrayContaining([expected.expectedBlock]),
        });
        expect(stats.createsByTo[expected.phone]).toBeUndefined();
        continue;
      }
      if (!awaitsCallback(lead)) expect(['completed', 'exhausted']).toContain(lead.status);
      // Exactly one carrier call per attempt, and one attempt per call record.
      expect(stats.createsByTo[expected.phone]).toBe(placed.length);
      expect(placed.length).toBe(lead.attempts);
      if (lead.status === 'completed') {
        const answered = calls.find((c) => c.transcript);
        expect(answered?.outcome.result).toBeTruthy();
      }
    }
    expect(stats.creates).toBe(placedCalls);
    expect(stats.maxConcurrentCalls).toBeLessThanOrEqual(6);

    // Every event reaches Kafka exactly once by id, and none is left waiting. An empty outbox is not enough: a
    // call's events wait on its document until the relay collects them, which can be just after the campaign
    // settled (a CI run compared the two sides in between and missed a call's last three events). So the two
    // sides are read until they agree with nothing waiting, and then compared.
    const readBoth = async () => ({
      pending: await client.events('published=false&limit=1000'),
      published: await client.events('published=true&limit=1000'),
      records: await readTopic(brokers, `${prefix}.call-events`),
    });
    const idsOf = (seen: Awaited<ReturnType<typeof readBoth>>) => ({
      kafka: new Set(seen.records.map((m) => m.headers.eventId)),
      published: new Set(seen.published.events.map((e) => e.eventId)),
    });
    let seen = await readBoth();
    await waitFor(
      'every published event on Kafka, none waiting',
      async () => {
        const ids = idsOf(seen);
        if (seen.pending.events.length === 0 && ids.kafka.size === ids.published.size) return true;
        seen = await readBoth();
        return undefined;
      },
      60_000,
      1000,
    ).catch(() => undefined);
    const { records, published, pending } = seen;
    expect(pending.events).toEqual([]);
    const ids = idsOf(seen);
    expect(ids.kafka).toEqual(ids.published);
    for (const m of records) {
      const value = JSON.parse(m.value!) as { eventType: string; eventId: string; leadId: string };
      expect(value).toMatchObject({ eventType: m.headers.type, eventId: m.headers.eventId, leadId: m.key });
    }
    const types = new Set(published.events.map((e) => e.type));
    for (const t of ['CallInitiated', 'CallAnswered', 'CallCompleted', 'CallFailed', 'CallTranscriptReady'])
      expect(types).toContain(t);
  }, 180_000);

  it('drains on SIGTERM: every process closes its workers and connections and exits 0', async () => {
    const codes = await Promise.all(processes.map((p) => p.stop('SIGTERM')));
    expect(codes).toEqual([0, 0, 0]);
  }, 60_000);
});
