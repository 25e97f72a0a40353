/**
 * The dial path at full speed, on the simulator with instant calls (ringMs [0,0], talkMs [0,0]), as separate
 * processes: one api, three instrumented workers (bench/support/bench-worker.ts), MongoDB and the simulator (at a
 * raised priority: it is the carrier's clock), all against the Redis at REDIS_URL (default 127.0.0.1:6379).
 * Run: npm run bench:dial
 *
 *  0. Idle latency: IDLE_LEADS leads added one at a time to a running campaign, each dialed before the next
 *     is added: the dial path's overhead with nothing else going on (its floor on this machine).
 *  1. CPS accuracy (on a quiet system): a campaign capped at 10 calls/s for ~15 s: the most creates the
 *     simulator saw in any 1000 ms window, and the mean rate, against the cap; the permits' spacing in Redis
 *     against the spacing of the creates the simulator received; our CPU per call at that rate over its last 10 s,
 *     and the dial job runs per placed call, counting those of the jobs still waiting their turn.
 *  2. Only with BENCH_WARM=1: a first campaign of BENCH_LEADS lawful leads at full speed, as in step 3, whose CPU
 *     per call is printed beside step 3's: the same work on processes that had placed a few hundred calls, then
 *     on the same processes with that campaign behind them (V8 has compiled more of their paths).
 *  3. Throughput: a campaign of BENCH_LEADS (default 3000) lawful leads; global limits 10000 calls/s and 5000 calls,
 *     campaign 10000 calls/s and 5000 calls. The dial queue is paused while compliance turns every lead into a dial
 *     job, then resumed, so the figure is the dial path's own rate (not the upload's or the compliance stage's):
 *     - sustained rate = creates per second over the middle 80% of the simulator's createTimestamps;
 *     - overhead per call = telephony.placeCall entered − BullMQ's processedOn of the dial job's run that placed
 *       the call (both Date.now() on this host), p50/p95/p99, split where Redis granted the permit, and the same
 *       less the time the job waited for the limits (a busy slot, its send turn): the target is about that one;
 *     - the CPU each process (and Redis) used while dialing, per call;
 *     - the latency of every port method inside the workers over the run.
 *
 * MongoDB: the in-repo stand-in in its own process, as the tests run it (it serves lookups from the indexes in
 * src/adapters/mongo/models.ts, as a real server does); BENCH_MONGO=env uses MONGODB_URI (a real server).
 * The campaign API accepts at most 100 calls/s and 1000 concurrent calls, so the bench writes the campaign's limits
 * into its MongoDB document (steps 2 and 3).
 * BENCH_CPU_PROFILE_DIR=<dir> adds V8's CPU profiles of the api and workers over step 3 (wall-time samples), and
 * BENCH_PERF=1 a split of their CPU by area, sampled by Linux perf on CPU time (bench/support/perf-split.ts).
 * The bench stops itself and deletes its Redis keys.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import mongoose from 'mongoose';
import { Queue } from 'bullmq';
import { pacingIntervalMs } from '../src/adapters/redis/dial-permits.redis';
import {
  densestWindow,
  lawfulLeads,
  limitCampaignSettings,
  maxInWindow,
  percentile,
  startDialStack,
  steadyRate,
  type DialStack,
} from '../tests/support/dial-stack';
import { waitFor } from '../tests/support/wait';
import type { WebhookKind } from '../src/simulator';
import { timelineTable, watchTimeline } from './support/timeline';
import { summariseProfiles } from './support/profile-top';
import { referenceCpuMs } from './support/reference-cpu';
import { cpuSeconds } from './support/proc-cpu';
import {
  assertPerfAvailable,
  perfSplit,
  removePerfMaps,
  sampleArea,
  sampleOwner,
  startPerfRecord,
} from './support/perf-split';

const LEADS = Number(process.env.BENCH_LEADS ?? 3000);
const MONGO = process.env.BENCH_MONGO === 'env' ? 'env' : 'stand-in';
/** When set, the api and workers are CPU-profiled from the dial queue's resume until every call settled. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
/** When 1, Linux perf samples the api and workers on CPU time over the same phase (see perf-split.ts). */
const PERF = process.env.BENCH_PERF === '1';
if (PERF) assertPerfAvailable();
/** When 1, step 2 runs: a first campaign like step 3's, to compare the CPU per call of both. */
const WARM = process.env.BENCH_WARM === '1';
const STORE_OPS_DIR = mkdtempSync(path.join(os.tmpdir(), 'bench-store-ops-'));

/**
 * What these processes sent to MongoDB or Redis (`store`) over the dialing phase (bench/support/store-ops.mjs),
 * by operation, most first.
 */
function countStoreOps(group: Array<{ child: { pid?: number } }>, role: string, store: 'mongo' | 'redis') {
  const byOp = new Map<string, number>();
  for (const p of group) {
    const counts = JSON.parse(
      readFileSync(path.join(STORE_OPS_DIR, `${role}-${p.child.pid}.json`), 'utf8'),
    ) as Record<string, number>;
    for (const [key, n] of Object.entries(counts)) {
      if (!key.startsWith(`${store} `)) continue;
      const op = key.slice(store.length + 1);
      byOp.set(op, (byOp.get(op) ?? 0) + n);
    }
  }
  const total = [...byOp.entries()].reduce((a, [op, n]) => (op.startsWith('(') ? a : a + n), 0);
  return { total, byOp: [...byOp.entries()].sort((a, b) => b[1] - a[1]) };
}
const IDLE_LEADS = 30;
const IDLE_CPU_SECONDS = 10;
/**
 * The idle cost is measured this long after compliance queued the last dial job: the processes are still busy
 * with that burst for several seconds (api and 3 workers, 600 leads: 128 CPU-ms/s from 5 to 20 s after it, 50-65
 * at rest), which the idle line used to count.
 */
const IDLE_SETTLE_SECONDS = 15;
const ACCURACY_LEADS = 250;
const ACCURACY_SECONDS = 15;
const ACCURACY_CPS = 10;
/** The start of the capped run left out of its CPU per call: the campaign's compliance checks run then. */
const STEADY_SKIP_MS = 5000;
/** Worker replicas: 3 by default, so that every limit is shared across processes as in production. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 3);
const TARGET_RATE = 200;
const TARGET_P99_MS = 20;
const TARGET_CPU_MS_PER_CALL = 10;
const INSTANT = {
  answerRate: 1,
  busyRate: 0,
  noAnswerRate: 0,
  failedRate: 0,
  machineRate: 0,
  ringMs: [0, 0] as [number, number],
  talkMs: [0, 0] as [number, number],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const secs = (fromMs: number) => `${((Date.now() - fromMs) / 1000).toFixed(1)} s`;

type Stats = { n: number; p50: number; p95: number; p99: number; max: number };
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
const row = (label: string, s: Stats) =>
  `${label.padEnd(40)} p50 ${fmt(s.p50).padStart(7)}  p95 ${fmt(s.p95).padStart(7)}  p99 ${fmt(s.p99).padStart(7)}  max ${fmt(s.max).padStart(7)} ms  (n=${s.n})`;

/**
 * Per placed call of `callIds`: BullMQ start of the dial job's last run -> permit granted -> placeCall entered,
 * and the same less the time the job waited for the limits (our own overhead, what the target is about).
 */
async function overheads(redis: IORedis, prefix: string, placed: Record<string, string>, callIds: string[]) {
  const pipe = redis.pipeline();
  for (const callId of callIds)
    pipe.hmget(`${prefix}:dial:dial-${callId.replace(/^call-/, '')}`, 'processedOn', 'ats');
  const jobs = (await pipe.exec()) ?? [];
  const startToSend: number[] = [];
  const ownOverhead: number[] = [];
  const startToGrant: number[] = [];
  const grantToSend: number[] = [];
  let runs = 0;
  callIds.forEach((callId, i) => {
    const [processedOn, ats] = (jobs[i]?.[1] ?? []) as [string | null, string | null];
    if (!processedOn) return;
    const [grantAt, sentAt, limitWait] = placed[callId]!.split(',').map((v) => (v ? Number(v) : NaN)) as [
      number,
      number,
      number,
    ];
    const start = Number(processedOn);
    runs += Number(ats ?? 1);
    startToSend.push(sentAt - start);
    ownOverhead.push(sentAt - start - limitWait);
    if (Number.isFinite(grantAt)) {
      startToGrant.push(grantAt - start);
      grantToSend.push(sentAt - grantAt);
    }
  });
  return {
    startToSend: stats(startToSend),
    ownOverhead: stats(ownOverhead),
    startToGrant: stats(startToGrant),
    grantToSend: stats(grantToSend),
    runsPerJob: runs / Math.max(1, startToSend.length),
  };
}

/** CPU seconds the Redis server has used so far (its own count, from INFO cpu). */
async function redisCpuSeconds(redis: IORedis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/**
 * Samples the dial rate the governor sets (src/services/dial-governor.ts) every 250 ms: how often and how low
 * back-pressure held the dialer, and for which signals.
 */
function watchDialRate(redis: IORedis, prefix: string) {
  const seen = { samples: 0, limitedSamples: 0, lowest: null as number | null, reasons: new Set<string>() };
  const timer = setInterval(() => {
    redis.get(`${prefix}:load:dial-rate`).then(
      (json) => {
        seen.samples += 1;
        if (!json) return;
        const rate = JSON.parse(json) as { callsPerSecond: number; reasons: string[] };
        seen.limitedSamples += 1;
        seen.lowest = Math.min(seen.lowest ?? Infinity, rate.callsPerSecond);
        for (const r of rate.reasons) seen.reasons.add(r);
      },
      () => undefined,
    );
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench-dial-${randomBytes(3).toString('hex')}`;
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  console.log(
    `load average (1/5/15 min, ${os.cpus().length} cores): ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const reference = referenceCpuMs();
  console.log(
    `reference workload (bench/support/reference-cpu.ts): ${reference.toFixed(1)} CPU-ms on this machine now`,
  );
  console.log(
    `dial bench: ${LEADS} leads, ${WORKERS} workers, instant calls, MongoDB ${MONGO}; prefix ${prefix}`,
  );
  const t0 = Date.now();
  const stack: DialStack = await startDialStack({
    workers: WORKERS,
    workerEntry: path.join(__dirname, 'support', 'bench-worker.ts'),
    mongo: MONGO === 'env' ? 'env' : 'own',
    profile: INSTANT,
    prefix,
    seed: 9,
    env: {
      GLOBAL_CALLS_PER_SECOND: '10000',
      GLOBAL_MAX_CONCURRENT_CALLS: '5000',
      LOG_LEVEL: 'error',
      BENCH_MONGO_OPS_DIR: STORE_OPS_DIR,
      ...(PROFILE_DIR && { BENCH_CPU_PROFILE_DIR: PROFILE_DIR }),
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS ?? '',
        PERF ? '--perf-basic-prof' : '',
        ...['store-ops.mjs', ...(PROFILE_DIR ? ['cpu-profile.mjs'] : [])].map(
          (file) => `--import ${path.join(__dirname, 'support', file)}`,
        ),
      ].join(' '),
    },
    // A shared machine can take minutes to start six processes at once.
    startTimeoutMs: 180_000,
  });
  const dialQueue = new Queue('dial', { connection: redis, prefix });
  dialQueue.on('error', () => undefined);
  const postCallQueue = new Queue('post-call', { connection: redis, prefix });
  postCallQueue.on('error', () => undefined);
  let db: mongoose.Connection | null = null;
  const bar = '-'.repeat(104);
  let summary = '';
  /** Our processes' CPU seconds so far: the api's, then each worker's. */
  const ourCpu = () => [stack.api, ...stack.workers].map((p) => cpuSeconds(p.child.pid));
  /** Our CPU-ms per call between two readings of ourCpu, the api's and the workers' together. */
  const perCallOf = (before: number[], after: number[], calls: number) => {
    const ms = after.map((sec, i) => ((sec - before[i]!) * 1000) / calls);
    return { api: ms[0]!, workers: ms.slice(1).reduce((a, b) => a + b, 0) };
  };
  try {
    console.log(`stack up in ${secs(t0)} (api + ${WORKERS} workers + MongoDB)`);
    const { client, sim } = stack;
    db = await mongoose.createConnection(stack.env.MONGODB_URI!).asPromise();
    const now = new Date(Date.now() + stack.offsetMs);
    const leads = lawfulLeads(LEADS, now, 0);
    const slowLeads = lawfulLeads(ACCURACY_LEADS, now, LEADS);
    const idleLeads = lawfulLeads(IDLE_LEADS, now, LEADS + ACCURACY_LEADS);
    const firstLeads = lawfulLeads(WARM ? LEADS : 0, now, LEADS + ACCURACY_LEADS + IDLE_LEADS);
    await client.importRegistry(leads.registryNumbers, new Date(now.getTime() - 86_400_000));

    // ---- 0. idle latency -------------------------------------------------------------------------------------
    // A campaign with no open lead is closed as done (and then refuses uploads), so each idle lead gets its own.
    const [header, ...idleRows] = idleLeads.csv.trim().split('\n');
    for (const [i, csvRow] of idleRows.entries()) {
      const before = (await sim.stats()).creates;
      const idle = await client.createCampaign(
        limitCampaignSettings(`bench-idle-${i}`, { maxConcurrentCalls: 1000, callsPerSecond: 100 }, 0.01),
      );
      await client.uploadCsv(idle.id, `${header}\n${csvRow}\n`);
      await client.control(idle.id, 'start');
      await waitFor(
        'idle call placed',
        async () => ((await sim.stats()).creates > before ? true : undefined),
        30_000,
        5,
      );
      await waitFor(
        'idle call over',
        async () => ((await sim.stats()).activeCalls === 0 ? true : undefined),
        30_000,
        20,
      );
      await sleep(300);
    }
    const placedIdle = await redis.hgetall(`${prefix}:bench:placed`);
    const idleOverhead = await overheads(redis, prefix, placedIdle, Object.keys(placedIdle));
    const createsAfterIdle = (await sim.stats()).creates;

    // ---- 1. CPS accuracy ------------------------------------------------------------------------------------
    const slow = await client.createCampaign(
      limitCampaignSettings('bench-cps', { maxConcurrentCalls: 1000, callsPerSecond: ACCURACY_CPS }, 0.01),
    );
    await client.uploadCsv(slow.id, slowLeads.csv);
    const accuracyStartedAt = Date.now();
    await client.control(slow.id, 'start');
    await waitFor(
      'first paced call',
      async () => ((await sim.stats()).creates > createsAfterIdle ? true : undefined),
      60_000,
      20,
    );
    const firstAt = (await sim.stats()).createTimestamps[createsAfterIdle]!;
    const endAt = firstAt + ACCURACY_SECONDS * 1000;
    // Our CPU per call at the capped rate, once the start (every lead's compliance check) is behind: a steady
    // rate well below saturation, where a unit of work costs less than at full speed (step 3).
    const steadyFrom = firstAt + STEADY_SKIP_MS;
    await sleep(steadyFrom - Date.now());
    const steadyCpuBefore = ourCpu();
    await sleep(endAt - Date.now());
    const steadyCpuAfter = ourCpu();
    // Every run of this campaign's dial jobs so far (BullMQ counts each start), placed or still waiting its turn.
    const slowDialRuns = (await dialQueue.getJobs(['wait', 'delayed', 'active', 'completed'], 0, -1))
      .filter((job) => job?.data?.campaignId === slow.id)
      .reduce((runs, job) => runs + job.attemptsStarted, 0);
    await client.control(slow.id, 'cancel');
    await sleep(500);
    const paced = (await sim.stats()).createTimestamps.slice(createsAfterIdle).filter((ts) => ts < endAt);
    const placedSlow = await redis.hgetall(`${prefix}:bench:placed`);
    const slowCalls = Object.entries(placedSlow)
      .map(([callId, v]) => [callId, ...v.split(',').map(Number)] as [string, number, number])
      .filter(([, grantAt, sentAt]) => grantAt >= accuracyStartedAt && sentAt < endAt);
    const byGrant = [...slowCalls].sort((a, b) => a[1] - b[1]);
    const bySend = [...slowCalls].sort((a, b) => a[2] - b[2]);
    const grantGaps = byGrant.slice(1).map((c, i) => c[1] - byGrant[i]![1]);
    const sendGaps = bySend.slice(1).map((c, i) => c[2] - bySend[i]![2]);
    const steadyCalls = paced.filter((ts) => ts >= steadyFrom).length;
    const accuracy = {
      dialRunsPerCall: slowDialRuns / paced.length,
      steadyMsPerCall: { ...perCallOf(steadyCpuBefore, steadyCpuAfter, steadyCalls), calls: steadyCalls },
      maxWindow: maxInWindow(paced),
      maxGrantWindow: maxInWindow(byGrant.map((c) => c[1])),
      maxSendWindow: maxInWindow(bySend.map((c) => c[2])),
      densest: densestWindow(paced),
      meanRate: paced.length / ACCURACY_SECONDS,
      overhead: await overheads(
        redis,
        prefix,
        placedSlow,
        slowCalls.map((c) => c[0]),
      ),
    };
    await waitFor(
      'accuracy campaign quiet',
      async () => ((await sim.stats()).activeCalls === 0 ? true : undefined),
      30_000,
      200,
    ).catch(() => undefined);

    /**
     * A campaign of LEADS leads whose own limits hold nothing back (the API caps them, so they are written into its
     * document), started with the dial queue paused: resolves once compliance has queued every lead's dial job.
     */
    const startPaused = async (name: string, csv: string) => {
      const started = await client.createCampaign(
        limitCampaignSettings(name, { maxConcurrentCalls: 1000, callsPerSecond: 100 }, 0.01),
      );
      await db!
        .collection('campaigns')
        .updateOne(
          { _id: started.id as never },
          { $set: { 'limits.callsPerSecond': 10000, 'limits.maxConcurrentCalls': 5000 } },
        );
      let t = Date.now();
      const upload = await client.uploadCsv(started.id, csv);
      if (upload.body.accepted !== LEADS)
        throw new Error(
          `upload accepted ${upload.body.accepted} of ${LEADS}: ${JSON.stringify(upload.body).slice(0, 500)}`,
        );
      console.log(`${name}: uploaded ${LEADS} leads in ${secs(t)}`);
      await dialQueue.pause();
      t = Date.now();
      await client.control(started.id, 'start');
      console.log(`${name}: POST /api/campaigns/:id/start answered after ${secs(t)}`);
      await waitFor(
        'every lead through compliance',
        async () => ((await dialQueue.getJobCountByTypes('wait')) >= LEADS ? true : undefined),
        900_000,
        500,
      );
      console.log(`${name}: compliance queued ${LEADS} dial jobs ${secs(t)} after start`);
    };
    /** Resumes the dial queue and resolves once LEADS more calls were placed. */
    const dialAll = async () => {
      const createsBefore = (await sim.stats()).creates;
      await dialQueue.resume();
      await waitFor(
        'every call placed',
        async () => ((await sim.stats()).creates - createsBefore >= LEADS ? true : undefined),
        900_000,
        100,
      );
    };
    // Everything the calls cause (their webhooks, post-call work) counts towards their CPU: wait for it to end.
    const untilSettled = async () => {
      await waitFor(
        'calls ended and post-call work done',
        async () => {
          const [stats, counts] = await Promise.all([
            sim.stats(),
            postCallQueue.getJobCounts('wait', 'active', 'delayed'),
          ]);
          return stats.activeCalls === 0 && Object.values(counts).every((n) => n === 0) ? true : undefined;
        },
        300_000,
        250,
      ).catch((err: Error) =>
        console.log(`(${err.message}: CPU until settled counts what was done by then)`),
      );
      await sim.idle();
    };
    // ---- 2. a first campaign at full speed (BENCH_WARM=1) -----------------------------------------------------
    let first: { api: number; workers: number } | null = null;
    if (WARM) {
      await startPaused('bench-first', firstLeads.csv);
      const before = ourCpu();
      await dialAll();
      await untilSettled();
      first = perCallOf(before, ourCpu(), LEADS);
    }

    // ---- 3. throughput and overhead -------------------------------------------------------------------------
    await startPaused('bench-throughput', leads.csv);

    const roles = [
      { role: 'MongoDB', pid: stack.mongo?.child.pid },
      { role: 'api', pid: stack.api.child.pid },
      ...stack.workers.map((w, i) => ({ role: `worker ${i + 1}`, pid: w.child.pid })),
      { role: 'simulator', pid: stack.simulator.child.pid },
      { role: 'bench', pid: process.pid },
    ];
    // What the processes burn with nothing to do (their periodic work: load reports, the governor, queue
    // polling, the reconciler): at a low call rate this fixed cost is a large part of the CPU per call.
    await sleep(IDLE_SETTLE_SECONDS * 1000);
    const idleFrom = roles.map((r) => cpuSeconds(r.pid));
    await sleep(IDLE_CPU_SECONDS * 1000);
    const idleCpuPerSecond = roles.map((r, i) => (cpuSeconds(r.pid) - idleFrom[i]!) / IDLE_CPU_SECONDS);
    const cpuBefore = roles.map((r) => cpuSeconds(r.pid));
    const redisCpuBefore = await redisCpuSeconds(redis);
    const statsBefore = await sim.stats();
    const createsBefore = statsBefore.creates;
    const placedBefore = new Set(Object.keys(await redis.hgetall(`${prefix}:bench:placed`)));
    const throttle = watchDialRate(redis, prefix);
    const timeline = watchTimeline(redis, prefix, () => sim.stats());
    const profiled = [stack.api, ...stack.workers];
    // Starts and stops the count of MongoDB operations (and the CPU profiles, when asked for).
    const toggleProfiles = () => profiled.forEach((p) => p.child.kill('SIGUSR2'));
    toggleProfiles();
    const perfFile = path.join(STORE_OPS_DIR, 'perf.data');
    const perfRoles = new Map<number, string>(
      roles
        .filter((r) => r.pid && (r.role === 'api' || r.role.startsWith('worker')))
        .map((r) => [r.pid!, r.role.startsWith('worker') ? 'workers' : r.role]),
    );
    const perf = PERF ? startPerfRecord(perfFile, [...perfRoles.keys()]) : null;
    const resumedAt = Date.now();
    await dialAll();
    const dialSeconds = (Date.now() - resumedAt) / 1000;
    const cpuSince = async () => [
      ...roles.map((r, i) => ({ ...r, seconds: cpuSeconds(r.pid) - cpuBefore[i]! })),
      { role: 'Redis', seconds: (await redisCpuSeconds(redis)) - redisCpuBefore },
    ];
    const cpuUsed = await cpuSince();
    const simStats = await sim.stats();
    await untilSettled();
    const settledSeconds = (Date.now() - resumedAt) / 1000;
    const cpuSettled = await cpuSince();
    toggleProfiles();
    await perf?.stop();
    await sleep(PROFILE_DIR ? 3000 : 500); // each process writes its counts and profile after the signal
    const mongoOps = {
      api: countStoreOps([stack.api], 'api', 'mongo'),
      workers: countStoreOps(stack.workers, 'worker', 'mongo'),
    };
    const redisOps = {
      api: countStoreOps([stack.api], 'api', 'redis'),
      workers: countStoreOps(stack.workers, 'worker', 'redis'),
    };
    const settledStats = await sim.stats();
    const rateSeen = throttle.stop();
    const timelineRows = timeline.stop();
    const timestamps = simStats.createTimestamps.slice(createsBefore);
    const steady = steadyRate(timestamps);
    // The longest stretch with nothing placed while calls remained: a stalled line shows here, not in the rate.
    const longestGapMs = [resumedAt, ...timestamps].reduce(
      (gap, ts, i, all) => (i === 0 ? 0 : Math.max(gap, ts - all[i - 1]!)),
      0,
    );
    const placed = await redis.hgetall(`${prefix}:bench:placed`);
    const throughputOverhead = await overheads(
      redis,
      prefix,
      placed,
      Object.keys(placed).filter((id) => !placedBefore.has(id)),
    );

    // ---- the workers' port latencies (each worker writes them when it stops) --------------------------------
    await Promise.all(stack.workers.map((w) => w.stop()));
    const ops = await redis.hgetall(`${prefix}:bench:ops`);
    const byMethod = new Map<string, number[]>();
    for (const [key, json] of Object.entries(ops)) {
      const method = key.slice(key.indexOf(':') + 1);
      byMethod.set(method, [...(byMethod.get(method) ?? []), ...(JSON.parse(json) as number[])]);
    }

    // ---- report -----------------------------------------------------------------------------------------------
    const interval = pacingIntervalMs(ACCURACY_CPS);
    console.log(
      `\n${bar}\nload average at the end (1/5/15 min, ${os.cpus().length} cores): ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`IDLE LATENCY: ${IDLE_LEADS} leads dialed one at a time`);
    console.log(`  ${row('job start -> placeCall', idleOverhead.startToSend)}`);
    console.log(`  ${row('  less waits for the limits', idleOverhead.ownOverhead)}`);
    console.log(`  ${row('  job start -> permit granted', idleOverhead.startToGrant)}`);
    console.log(`  ${row('  permit granted -> placeCall', idleOverhead.grantToSend)}`);
    console.log(
      `CPS ACCURACY: campaign cap ${ACCURACY_CPS}/s, ${ACCURACY_SECONDS} s as the simulator measured it`,
    );
    console.log(
      `  max creates in any 1000 ms window: ${accuracy.maxWindow} (cap ${ACCURACY_CPS})  ${accuracy.maxWindow <= ACCURACY_CPS ? 'HELD' : 'EXCEEDED'}`,
    );
    console.log(
      `  mean rate: ${fmt(accuracy.meanRate, 2)} calls/s = ${fmt((accuracy.meanRate / ACCURACY_CPS) * 100)}% of the cap (pacing spaces sends ${fmt(interval)} ms apart: at most ${fmt(1000 / interval, 2)}/s)`,
    );
    console.log(
      `  densest second at the simulator, gaps between creates (ms): ${accuracy.densest.gapsMs.join(' ')}`,
    );
    if (grantGaps.length) {
      console.log(
        `  permits granted (Redis clock via this host): min gap ${Math.min(...grantGaps)} ms, max in any 1000 ms ${accuracy.maxGrantWindow}; placeCall entered: min gap ${Math.min(...sendGaps)} ms, max in any 1000 ms ${accuracy.maxSendWindow}`,
      );
    }
    console.log(`  ${row('job start -> placeCall', accuracy.overhead.startToSend)}`);
    console.log(`  ${row('  less waits for the limits', accuracy.overhead.ownOverhead)}`);
    console.log(`  ${row('  job start -> permit granted', accuracy.overhead.startToGrant)}`);
    console.log(`  ${row('  permit granted -> placeCall', accuracy.overhead.grantToSend)}`);
    const atCap = accuracy.steadyMsPerCall;
    console.log(
      `  our CPU per call at this rate, its last ${(ACCURACY_SECONDS * 1000 - STEADY_SKIP_MS) / 1000} s (${atCap.calls} calls): ${fmt(atCap.api + atCap.workers, 2)} ms = api ${fmt(atCap.api, 2)} + workers ${fmt(atCap.workers, 2)}, ${fmt((atCap.api + atCap.workers) / reference, 2)}x the reference workload`,
    );
    console.log(
      `  dial job runs per placed call, counting the jobs still waiting their turn (${ACCURACY_LEADS - paced.length} leads): ${fmt(accuracy.dialRunsPerCall, 1)}`,
    );
    console.log(
      `  runs per dial job (1 + times it was deferred for pacing or a slot): ${fmt(accuracy.overhead.runsPerJob, 1)}`,
    );
    console.log(
      `${bar}\nDIAL THROUGHPUT: ${LEADS} calls, ${WORKERS} workers, WORKER_CONCURRENCY ${stack.env.WORKER_CONCURRENCY ?? '20 (default)'}, MongoDB ${MONGO}`,
    );
    console.log(
      `  sustained: ${fmt(steady.perSecond)} calls/s over the middle 80% (${steady.calls} creates in ${fmt(steady.seconds, 2)} s)   target >= ${TARGET_RATE}/s: ${steady.perSecond >= TARGET_RATE ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `  overall:   ${LEADS} creates in ${fmt(dialSeconds, 2)} s after the dial queue resumed = ${fmt(LEADS / dialSeconds)} calls/s; busiest second ${maxInWindow(timestamps)}; longest gap with nothing placed ${fmt(longestGapMs / 1000)} s`,
    );
    const webhooks = {
      delivered: settledStats.webhookDeliveries - statsBefore.webhookDeliveries,
      failedTries: settledStats.webhookFailures - statsBefore.webhookFailures,
      givenUp: settledStats.webhookGiveUps - statsBefore.webhookGiveUps,
    };
    console.log(
      `  webhooks of these calls: ${webhooks.delivered} delivered, ${webhooks.failedTries} failed tries, ${webhooks.givenUp} given up (a try fails on a connection error, an answer other than 2xx, or none within the simulator's 15 s, as Twilio's)   target 0 given up: ${webhooks.givenUp === 0 ? 'MET' : 'NOT MET'}`,
    );
    const lostByKind = (Object.entries(settledStats.webhookGiveUpsByKind) as Array<[WebhookKind, number]>)
      .map(([kind, n]) => [kind, n - (statsBefore.webhookGiveUpsByKind[kind] ?? 0)] as const)
      .filter(([, n]) => n > 0);
    if (lostByKind.length)
      console.log(`  given up by kind: ${lostByKind.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
    // Why they failed: the simulator keeps the last few errors, which say which of the three it was.
    if (webhooks.failedTries > 0)
      for (const error of settledStats.recentWebhookErrors.slice(-Math.min(webhooks.failedTries, 5)))
        console.log(`  failed try: ${error}`);
    console.log(`  timeline from the dial queue's resume (one row a second; rate '-' = unthrottled):`);
    for (const line of timelineTable(timelineRows)) console.log(`    ${line}`);
    console.log(
      `  back-pressure: dial rate limited in ${rateSeen.limitedSamples} of ${rateSeen.samples} samples (every 250 ms), lowest ${rateSeen.lowest === null ? 'none' : `${fmt(rateSeen.lowest)} calls/s`}, for ${[...rateSeen.reasons].join(', ') || 'no signal over its threshold (climbing from the start rate)'}`,
    );
    const perCall = (rows: typeof cpuUsed, label: string, seconds: number) => {
      console.log(
        `  CPU ${label} (${fmt(seconds)} s wall, ${os.cpus().length} cores = ${fmt(seconds * os.cpus().length)} CPU-s available):`,
      );
      for (const r of rows)
        console.log(
          `    ${r.role.padEnd(20)} ${fmt(r.seconds).padStart(6)} CPU-s = ${fmt((r.seconds / LEADS) * 1000, 2)} ms per call`,
        );
    };
    perCall(cpuUsed, 'used while dialing', dialSeconds);
    perCall(cpuSettled, 'used until every call ended and its post-call work was done', settledSeconds);
    const msPerCall = (role: (r: string) => boolean) =>
      (cpuSettled.filter((r) => role(r.role)).reduce((a, r) => a + r.seconds, 0) / LEADS) * 1000;
    const ours = {
      api: msPerCall((r) => r === 'api'),
      workers: msPerCall((r) => r.startsWith('worker')),
    };
    const idleMsPerCall = (role: (r: string) => boolean) =>
      (roles.reduce((a, r, i) => a + (role(r.role) ? idleCpuPerSecond[i]! : 0), 0) * settledSeconds * 1000) /
      LEADS;
    console.log(
      `  of which the processes' idle cost (${IDLE_CPU_SECONDS} s measured before the dial queue resumed, ${IDLE_SETTLE_SECONDS} s after compliance, times ${fmt(settledSeconds)} s): api ${fmt(
        idleMsPerCall((r) => r === 'api'),
        2,
      )} ms/call, workers ${fmt(
        idleMsPerCall((r) => r.startsWith('worker')),
        2,
      )} ms/call`,
    );
    console.log(
      `  our CPU per call (api + workers, until settled): ${fmt(ours.api + ours.workers, 2)} ms = api ${fmt(ours.api, 2)} + workers ${fmt(ours.workers, 2)}   target <= ${TARGET_CPU_MS_PER_CALL} ms: ${ours.api + ours.workers <= TARGET_CPU_MS_PER_CALL ? 'MET' : 'NOT MET'}`,
    );
    if (first)
      console.log(
        `  the same for step 2's first campaign of ${LEADS} calls: ${fmt(first.api + first.workers, 2)} ms = api ${fmt(first.api, 2)} + workers ${fmt(first.workers, 2)}; this campaign's is ${fmt((ours.api + ours.workers) / (first.api + first.workers), 2)} of it`,
      );
    summary = `SUMMARY dial: ${LEADS} calls, ${fmt(steady.perSecond)} calls/s sustained, longest gap ${fmt(longestGapMs / 1000)} s, ${fmt(throughputOverhead.runsPerJob, 2)} runs per dial job, webhooks given up ${webhooks.givenUp} (failed tries ${webhooks.failedTries}), our CPU ${fmt(ours.api + ours.workers, 2)} ms/call = ${fmt((ours.api + ours.workers) / reference, 2)}x the reference workload at full speed${first ? ` (${fmt(first.api + first.workers, 2)} for a first campaign)` : ''}, ${fmt(accuracy.steadyMsPerCall.api + accuracy.steadyMsPerCall.workers, 2)} ms at ${ACCURACY_CPS}/s (api ${fmt(ours.api, 2)} + workers ${fmt(ours.workers, 2)}; MongoDB ${fmt(
      msPerCall((r) => r === 'MongoDB'),
      2,
    )}, Redis ${fmt(
      msPerCall((r) => r === 'Redis'),
      2,
    )}, simulator ${fmt(
      msPerCall((r) => r === 'simulator'),
      2,
    )}), MongoDB ops/call api ${fmt(mongoOps.api.total / LEADS, 1)} + workers ${fmt(mongoOps.workers.total / LEADS, 1)}, Redis commands/call api ${fmt(redisOps.api.total / LEADS, 1)} + workers ${fmt(redisOps.workers.total / LEADS, 1)}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        '/',
      )}, dial rate lowered ${rateSeen.limitedSamples ? `to ${fmt(rateSeen.lowest ?? NaN)}/s` : 'never'}, CPS cap ${ACCURACY_CPS} held: ${accuracy.maxWindow <= ACCURACY_CPS ? 'yes' : 'NO'}`;
    if (PROFILE_DIR) {
      // The sampler's intervals are wall time (a process waiting for a core still accrues them): shares only,
      // turned into CPU-ms per call with the process's own CPU time from /proc.
      for (const [label, group, msCall] of [
        ['api', [stack.api], ours.api],
        ['worker', stack.workers, ours.workers],
      ] as const) {
        const files = group.map((p) => path.join(PROFILE_DIR, `${label}-${p.child.pid}.cpuprofile`));
        const profile = summariseProfiles(files);
        const list = (title: string, rows: typeof profile.self) => {
          console.log(`    ${title}:`);
          for (const r of rows) {
            const share = r.ms / profile.totalMs;
            console.log(
              `      ${fmt(share * 100).padStart(5)}% = ${fmt(share * msCall, 2).padStart(6)} ms/call  ${r.name}`,
            );
          }
        };
        console.log(
          `  CPU PROFILE ${label}${label === 'worker' ? 's' : ''} (${fmt(msCall, 2)} ms/call; ${files.join(', ')}):`,
        );
        list('by area (self time)', profile.byArea);
        list('by function, self time', profile.self);
        list('by function, with what it calls', profile.inclusive);
      }
    }
    if (perf) {
      const split = await perfSplit(perfFile, perfRoles, { area: sampleArea, owner: sampleOwner });
      // Every process of the stack started with --perf-basic-prof, MongoDB and the simulator too.
      removePerfMaps(roles.flatMap((r) => (r.pid && r.role !== 'bench' ? [r.pid] : [])));
      const titles = {
        area: 'CPU BY AREA, sampled by perf on CPU time (a process counts only while on a core; shares turned into ms/call with its CPU from /proc):',
        owner:
          'CPU BY OWNER, the same samples by the innermost package or file of ours on the stack (node internals, the kernel and native code charged to the library that called them):',
      };
      for (const [classification, title] of Object.entries(titles)) {
        console.log(`  ${title}`);
        for (const [role, msCall] of [
          ['api', ours.api],
          ['workers', ours.workers],
        ] as const) {
          const classes = [...(split[classification]!.get(role) ?? new Map<string, number>()).entries()].sort(
            (a, b) => b[1] - a[1],
          );
          const samples = classes.reduce((a, [, n]) => a + n, 0);
          console.log(`    ${role} (${fmt(msCall, 2)} ms/call, ${samples} samples):`);
          for (const [name, n] of classes.slice(0, 14))
            console.log(
              `      ${fmt((n / samples) * 100).padStart(5)}% = ${fmt((n / samples) * msCall, 2).padStart(6)} ms/call  ${name}`,
            );
        }
      }
    }
    const printOps = (title: string, byRole: Record<string, ReturnType<typeof countStoreOps>>) => {
      console.log(`${title} per call over the same phase (counted in each process):`);
      for (const [label, counted] of Object.entries(byRole)) {
        console.log(`  ${label.padEnd(8)} ${fmt(counted.total / LEADS, 2)} per call`);
        for (const [op, n] of counted.byOp.slice(0, 24))
          console.log(`    ${fmt(n / LEADS, 2).padStart(6)}  ${op}`);
      }
    };
    printOps('MONGODB OPERATIONS (through mongoose)', mongoOps);
    printOps('REDIS COMMANDS (through ioredis; a script by the name it was defined with)', redisOps);
    console.log(
      `PER-CALL OVERHEAD, dial job start (BullMQ processedOn) -> calls.create sent (placeCall entered)   target p99 < ${TARGET_P99_MS} ms (less waits for the limits): ${throughputOverhead.ownOverhead.p99 < TARGET_P99_MS ? 'MET' : 'NOT MET'}`,
    );
    console.log(`  ${row('job start -> placeCall', throughputOverhead.startToSend)}`);
    console.log(`  ${row('  less waits for the limits', throughputOverhead.ownOverhead)}`);
    console.log(`  ${row('  job start -> permit granted', throughputOverhead.startToGrant)}`);
    console.log(`  ${row('  permit granted -> placeCall', throughputOverhead.grantToSend)}`);
    console.log(`  runs per dial job: ${fmt(throughputOverhead.runsPerJob, 2)}`);
    console.log(
      `PORT LATENCIES inside the workers, whole run (each method called >= 20 times), slowest p50 first:`,
    );
    const methods = [...byMethod.entries()]
      .filter(([, v]) => v.length >= 20)
      .sort((a, b) => stats(b[1]).p50 - stats(a[1]).p50);
    for (const [method, samples] of methods) console.log(`  ${row(method, stats(samples))}`);
    console.log(bar);
  } finally {
    await dialQueue.close().catch(() => undefined);
    await postCallQueue.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await stack.close();
    redis.disconnect();
    rmSync(STORE_OPS_DIR, { recursive: true, force: true });
  }
  console.log(summary);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
