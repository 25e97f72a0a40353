import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import IORedis from 'ioredis';
import { Queue, QueueEvents } from 'bullmq';
import { isMachineAnswer } from '../../src/domain/call';
import { sampleCampaign, sampleCampaignSettings } from '../../src/demo/sample-campaign';
import { awaitsCallback, campaignSettled } from '../../src/demo/campaign-settled';
import { maxInWindow, startDialStack, type DialStack } from '../support/dial-stack';
import { waitFor } from '../support/wait';
import { E2E_PROFILE } from '../support/e2e-profile';

/** The fields of GET /api/calls/lead/:id this test reads. */
interface CallView {
  callId: string;
  status: string;
  timeline: Array<{ status: string }>;
  twilio: { callSid: string | null; answeredBy: string | null };
  transcript: unknown[] | null;
}

const CAMPAIGN_CPS = 10;
const CAMPAIGN_CONCURRENT = 6;
const QUEUES = ['compliance', 'dial', 'post-call'] as const;
/** What BullMQ says (through our worker's log) when a job's lock lapsed while it ran. */
const LOCK_TROUBLE = /could not renew lock|lock mismatch|missing lock|job stalled/i;

/**
 * The end-to-end campaign while two busy loops hold both cores (one per core): api, two workers and the MongoDB
 * stand-in each in a process of their own, the simulator (the carrier's clock) in one at a raised priority when
 * the OS allows it. The processes' event loops are starved and stall: no job may lose its lock, no call may be
 * dialed twice, the limits hold as the carrier measured them, and every call answered by a person ends with
 * its transcript. The worst event-loop stall each process reported is printed (the figure behind the lock
 * settings in src/queues/create-worker.ts).
 */
describe('a campaign on a machine whose cores are all busy', () => {
  let stack: DialStack;
  let hogs: ChildProcess[] = [];
  let redis: IORedis;
  let queueEvents: QueueEvents[] = [];
  const eventConnections: IORedis[] = [];
  const stalled: string[] = [];
  const worstLag = new Map<string, number>();
  let lagWatch: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    stack = await startDialStack({
      workers: 2,
      mongo: 'own',
      profile: E2E_PROFILE,
      seed: 17,
      // The suite's other processes and whatever else runs here share the cores: starting can be slow.
      startTimeoutMs: 180_000,
      env: { GLOBAL_CALLS_PER_SECOND: '20', GLOBAL_MAX_CONCURRENT_CALLS: '8' },
    });
    redis = new IORedis(stack.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    queueEvents = QUEUES.map((name) => {
      const connection = redis.duplicate();
      eventConnections.push(connection);
      const events = new QueueEvents(name, { connection, prefix: stack.prefix });
      events.on('stalled', ({ jobId }) => stalled.push(`${name}:${jobId}`));
      return events;
    });
    await Promise.all(queueEvents.map((e) => e.waitUntilReady()));
    // Every process's report of its last second: keep the longest stall seen per process.
    lagWatch = setInterval(() => {
      redis.hgetall(`${stack.prefix}:load:reports`).then(
        (reports) => {
          for (const [id, json] of Object.entries(reports)) {
            const { eventLoopMaxMs } = JSON.parse(json) as { eventLoopMaxMs: number };
            worstLag.set(id, Math.max(worstLag.get(id) ?? 0, eventLoopMaxMs));
          }
        },
        () => undefined,
      );
    }, 250);
    hogs = os.cpus().map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  }, 600_000);

  afterAll(async () => {
    for (const hog of hogs) hog.kill('SIGKILL');
    clearInterval(lagWatch);
    await Promise.all(queueEvents.map((e) => e.close()));
    for (const c of eventConnections) c.disconnect();
    await stack?.close();
    redis?.disconnect();
  });

  it('loses no lock, dials each attempt once, holds the limits and stores every transcript', async () => {
    const { client, sim } = stack;
    const now = new Date(Date.now() + stack.offsetMs);
    const sample = sampleCampaign(30, now);
    await client.importRegistry(sample.registryNumbers, new Date(now.getTime() - 86_400_000));
    for (const phone of sample.internalDnc) await client.addDnc(phone, 'asked by letter');
    const campaign = await client.createCampaign(
      sampleCampaignSettings(
        'busy',
        { maxConcurrentCalls: CAMPAIGN_CONCURRENT, callsPerSecond: CAMPAIGN_CPS },
        0.01,
      ),
    );
    const upload = await client.uploadCsv(campaign.id, sample.csv);
    expect(upload.body.accepted).toBe(30);
    await client.control(campaign.id, 'start');

    let last = '';
    await waitFor(
      'campaign settled (done, or every open lead waits for the callback it asked for)',
      async () => {
        last = JSON.stringify((await client.campaign(campaign.id)).progress);
        return (await campaignSettled(client, campaign.id)) ? true : undefined;
      },
      300_000,
      1000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; progress ${last}\n${stack.outputs()}`);
    });
    // Transcripts may still be on their way after the lead is settled: let the post-call work finish.
    const postCall = new Queue('post-call', { connection: redis, prefix: stack.prefix });
    await waitFor(
      'post-call work done',
      async () => {
        const counts = await postCall.getJobCounts('wait', 'active', 'delayed');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      120_000,
      1000,
    ).catch(() => undefined);
    await postCall.close();
    await sim.idle();

    const report = [...worstLag.entries()].map(([id, ms]) => `${id.split(':')[0]} ${ms.toFixed(0)} ms`);
    console.log(`[busy machine] longest event-loop stall per process: ${report.join(', ')}`);

    const stats = await sim.stats();
    const { leads } = await client.leads(campaign.id);
    const untranscribed: string[] = [];
    let placedCalls = 0;
    for (const expected of sample.leads) {
      const lead = leads.find((l) => l.phone === expected.phone)!;
      const calls = (await client.callsOfLead(lead.id)).calls as unknown as CallView[];
      const placed = calls.filter((c) => c.twilio.callSid);
      placedCalls += placed.length;
      if (expected.expectedBlock) {
        expect({ status: lead.status, creates: stats.createsByTo[expected.phone] }).toEqual({
          status: 'blocked',
          creates: undefined,
        });
        continue;
      }
      if (!awaitsCallback(lead)) expect(['completed', 'exhausted']).toContain(lead.status);
      // Exactly one carrier call per attempt, and one attempt per call record.
      expect({
        phone: lead.phone,
        creates: stats.createsByTo[expected.phone],
        placed: placed.length,
      }).toEqual({
        phone: lead.phone,
        creates: lead.attempts,
        placed: lead.attempts,
      });
      for (const call of placed) {
        const answeredByPerson =
          call.status === 'completed' &&
          call.timeline.some((t) => t.status === 'in-progress') &&
          !isMachineAnswer(call.twilio.answeredBy);
        if (answeredByPerson && !call.transcript) untranscribed.push(call.callId);
      }
    }
    expect(stats.creates).toBe(placedCalls);
    expect(untranscribed).toEqual([]);

    // The limits, as the carrier measured them.
    expect(stats.maxConcurrentCalls).toBeLessThanOrEqual(CAMPAIGN_CONCURRENT);
    expect(maxInWindow(stats.createTimestamps)).toBeLessThanOrEqual(CAMPAIGN_CPS);

    // No job lost its lock: none stalled, none failed or erred over a lock.
    const lockTrouble = stack
      .outputs(1_000_000)
      .split('\n')
      .filter((line) => LOCK_TROUBLE.test(line));
    expect({ stalled, lockTrouble }).toEqual({ stalled: [], lockTrouble: [] });
  }, 480_000);
});
