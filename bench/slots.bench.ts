/**
 * A campaign bound by its call slots, as separate processes (one api, BENCH_WORKERS workers, MongoDB and the
 * simulator, against the Redis at REDIS_URL): BENCH_SLOT_LEADS leads (default 300), BENCH_SLOTS concurrent calls
 * (default 2), calls of 9-10 s that a person answers, 5 calls/s. Once every lead's dial job has run once, it
 * measures BENCH_WINDOW_S seconds (default 30): the calls placed, the dial job runs (BullMQ's count of each job's
 * starts), and the CPU of the api and the workers from /proc, as CPU-ms a second and per placed call. Compare it
 * with the same window's CPU of the processes idle (BENCH_WINDOW_S before the campaign starts): what is left over
 * that is the cost of waiting. Its last line is one summary.
 * Run: npm run bench:slots
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { lawfulLeads, limitCampaignSettings, startDialStack } from '../tests/support/dial-stack';
import { waitFor } from '../tests/support/wait';
import { interestedPeople } from '../tests/web/web-support';
import { cpuSeconds } from './support/proc-cpu';
import { referenceCpuMs } from './support/reference-cpu';

const LEADS = Number(process.env.BENCH_SLOT_LEADS ?? 300);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 2);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_S ?? 30) * 1000;
const CPS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every dial job's count of starts (BullMQ's `ats`), read straight from Redis. */
async function dialRuns(redis: IORedis, prefix: string): Promise<number[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:dial:dial-*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch.filter((k) => !/:(lock|logs)$/.test(k)));
  } while (cursor !== '0');
  const pipe = redis.pipeline();
  for (const key of keys) pipe.hget(key, 'ats');
  return ((await pipe.exec()) ?? []).map(([, ats]) => Number(ats ?? 0));
}

async function main(): Promise<void> {
  const reference = referenceCpuMs();
  const prefix = `bench-slots-${randomBytes(3).toString('hex')}`;
  const stack = await startDialStack({
    workers: WORKERS,
    prefix,
    seed: 17,
    // The campaign's 5 calls/s, not the global default, paces the leads' arrival at the dial queue.
    env: { GLOBAL_CALLS_PER_SECOND: '50' },
    profile: interestedPeople([100, 200], [9000, 10_000]),
  });
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const ours = [stack.api, ...stack.workers].map((p) => p.child.pid);
  const ourCpuMs = () => ours.reduce<number>((sum, pid) => sum + cpuSeconds(pid) * 1000, 0);
  try {
    console.log(
      `slots bench: ${LEADS} leads, ${SLOTS} slots, ${WORKERS} workers, 9-10 s calls; prefix ${prefix}`,
    );
    const idleBefore = ourCpuMs();
    await sleep(WINDOW_MS);
    const idleCpuMs = ourCpuMs() - idleBefore;

    const now = new Date(Date.now() + stack.offsetMs);
    const leads = lawfulLeads(LEADS, now, 2000);
    await stack.client.importRegistry(leads.registryNumbers, new Date(now.getTime() - 86_400_000));
    const campaign = await stack.client.createCampaign(
      limitCampaignSettings('slot bound', { maxConcurrentCalls: SLOTS, callsPerSecond: CPS }, 1),
    );
    await stack.client.uploadCsv(campaign.id, leads.csv);
    await stack.client.control(campaign.id, 'start');
    const started = Date.now();
    await waitFor(
      "every lead's dial job run once",
      async () => {
        const runs = await dialRuns(redis, prefix);
        return runs.length === LEADS && runs.every((n) => n > 0) ? true : undefined;
      },
      LEADS * 1000,
      1000,
    );
    console.log(`every lead's dial job ran once ${((Date.now() - started) / 1000).toFixed(1)} s after start`);

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const [runs0, creates0, cpu0] = [
      sum(await dialRuns(redis, prefix)),
      (await stack.sim.stats()).creates,
      ourCpuMs(),
    ];
    await sleep(WINDOW_MS);
    const [runs1, stats1, cpu1] = [sum(await dialRuns(redis, prefix)), await stack.sim.stats(), ourCpuMs()];
    const placed = stats1.creates - creates0;
    const runs = runs1 - runs0;
    const cpuMs = cpu1 - cpu0;
    const seconds = WINDOW_MS / 1000;
    const { progress } = await stack.client.campaign(campaign.id);
    console.log(
      `window of ${seconds} s: ${placed} calls placed (${SLOTS} slots), most at once ${stats1.maxConcurrentCalls}`,
    );
    console.log(`  dial job runs: ${runs} (${(runs / Math.max(1, placed)).toFixed(1)} per placed call)`);
    console.log(`  waiting for a slot at the end: ${progress.waitingForSlot}`);
    console.log(
      `  api + workers CPU: ${(cpuMs / seconds).toFixed(1)} CPU-ms/s while slot-bound, ${(idleCpuMs / seconds).toFixed(1)} idle; ` +
        `${((cpuMs - idleCpuMs) / Math.max(1, placed)).toFixed(0)} CPU-ms per placed call over idle`,
    );
    console.log(
      `SUMMARY slots: ${LEADS} leads, ${SLOTS} slots, ${seconds} s: ${placed} calls placed, ${runs} dial job runs ` +
        `(${(runs / Math.max(1, placed)).toFixed(1)} per call), api + workers ${(cpuMs / seconds).toFixed(1)} CPU-ms/s ` +
        `(idle ${(idleCpuMs / seconds).toFixed(1)}), ${((cpuMs - idleCpuMs) / Math.max(1, placed)).toFixed(0)} CPU-ms ` +
        `per placed call over idle, reference workload ${reference.toFixed(1)} CPU-ms`,
    );
  } finally {
    redis.disconnect();
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
