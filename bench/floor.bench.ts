/**
 * The floor under our CPU per call: what the fixed stack alone (Express, the twilio SDK's signature check,
 * BullMQ, mongoose) costs for the work every call brings, with none of our own code around it. Every answered call
 * gets WEBHOOKS_PER_CALL webhooks (the contract's `ringing` and `completed` status callbacks, the TwiML fetch, the
 * recording callback, ElevenLabs' post-call webhook) and runs JOBS_PER_CALL jobs (dial, post-call), and bench:dial
 * counts the MongoDB operations it makes (BENCH_MONGO_OPS, the api's and the workers' together). Each part runs in
 * this process while its other side (the webhook sender, Redis, the MongoDB stand-in) runs in its own, so the CPU
 * measured is this side's only, as bench:dial counts the api's and the workers'. Each part's least of ROUNDS rounds
 * counts (a round the machine's other work slowed is not the stack's cost).
 *
 * Left out, so the floor is a lower bound: the requests we send per call (Twilio's calls.create, ElevenLabs'
 * register-call), the Kafka publish of the call's events, and the garbage and compiling of a process that mixes
 * all of these (bench:store measures the mix for MongoDB operations: it costs more than each kind alone).
 * Run: npm run bench:floor. Ends with one SUMMARY line.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import express from 'express';
import mongoose from 'mongoose';
import twilio from 'twilio';
import { Queue, Worker } from 'bullmq';
import { buildModels } from '../src/adapters/mongo/models';
import { bindPort } from '../src/main/serve-api';
import { spawnEntry, withDatabase } from '../tests/support/processes';
import { deleteKeys } from '../tests/support/redis';
import { referenceCpuMs } from './support/reference-cpu';
import { hotOperations } from './support/hot-operations';
import { benchMongo } from './support/bench-mongo';

const WEBHOOKS_PER_CALL = 5;
const JOBS_PER_CALL = 2;
/** bench:dial's count on this code: api 7.4 + workers 13.7 (pass the one it prints for other code). */
const MONGO_OPS_PER_CALL = Number(process.env.BENCH_MONGO_OPS ?? 21.1);
const TARGET_MS = 10;

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 4000);
const JOBS = Number(process.env.BENCH_JOBS ?? 4000);
const OPS = Number(process.env.BENCH_OPS ?? 6000);
/** Units run before each round's measure starts: V8 compiles a path only once it has run often enough. */
const WARM = 500;
const ROUNDS = 3;
/** As a worker runs them (WORKER_CONCURRENCY's default) and as bench:store runs MongoDB operations. */
const JOB_CONCURRENCY = 20;
const OP_CONCURRENCY = 10;
const AUTH_TOKEN = randomBytes(16).toString('hex');

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU-ms per unit between the WARM-th unit done and the last (done counted by `onDone`, called once a unit). */
function unitMeter(total: number) {
  let done = 0;
  let from = 0;
  let resolve!: (ms: number) => void;
  const result = new Promise<number>((r) => (resolve = r));
  return {
    result,
    onDone() {
      done++;
      if (done === WARM) from = cpuMs();
      if (done === total) resolve((cpuMs() - from) / (total - WARM));
    },
  };
}

/** The layers of a webhook, each adding one to the one before: where a webhook's CPU goes before our code. */
const webhookLayers: Record<string, () => RequestListener> = {
  'node:http, body read, 204': () => (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  },
  '+ Express, urlencoded parser': () => {
    const app = express();
    app.post('/status/:callId', express.urlencoded({ extended: false }), (_req, res) => {
      res.status(204).end();
    });
    return app as unknown as RequestListener;
  },
  "+ twilio's signature check": () => {
    const app = express();
    app.post('/status/:callId', express.urlencoded({ extended: false }), (req, res) => {
      const url = `http://${req.get('host')}${req.originalUrl}`;
      const valid = twilio.validateRequest(
        AUTH_TOKEN,
        req.get('x-twilio-signature') ?? '',
        url,
        req.body as Record<string, string>,
      );
      res.status(valid ? 204 : 403).end();
    });
    return app as unknown as RequestListener;
  },
};

/** CPU-ms per webhook this process spends answering WEBHOOKS of them, sent by bench/support/webhook-flood.ts. */
async function webhookCpuMs(layer: () => RequestListener): Promise<number> {
  const meter = unitMeter(WEBHOOKS);
  const handler = layer();
  // Bound as the API binds (its keep-alive timeout), answering with this layer alone.
  const server = await bindPort(0);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', meter.onDone);
    handler(req, res);
  });
  const { port } = server.address() as { port: number };
  const sender = await spawnEntry(
    path.join(__dirname, 'support/webhook-flood.ts'),
    `http://127.0.0.1:${port}/status/call-1`,
    { ...process.env, AUTH_TOKEN, WEBHOOK_COUNT: String(WEBHOOKS) },
  ).catch((err: unknown) => {
    server.close();
    throw err;
  });
  try {
    const perWebhook = await meter.result;
    const exit = await new Promise<number | null>((r) =>
      sender.child.exitCode !== null ? r(sender.child.exitCode) : sender.child.once('exit', r),
    );
    const done = /DONE (\d+) (\d+)/.exec(sender.output());
    if (exit !== 0 || !done || done[2] !== '0')
      throw new Error(`the webhook sender failed (exit ${exit}): ${sender.output().slice(-500)}`);
    return perWebhook;
  } finally {
    await sender.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/**
 * CPU-ms per job: added with its own id, taken, run (doing nothing) and completed, JOB_CONCURRENCY at a time. A
 * round's WARM jobs run to completion first; then its JOBS jobs, measured from the first one's add to the last
 * one's completion, so both ends of every job count.
 */
async function jobCpuMs(prefix: string): Promise<number> {
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const name = 'floor';
  const queue = new Queue(name, { connection, prefix });
  let completed = 0;
  let wake = () => {};
  const worker = new Worker(name, async () => undefined, {
    connection,
    prefix,
    concurrency: JOB_CONCURRENCY,
  });
  worker.on('completed', () => {
    completed++;
    wake();
  });
  const run = randomBytes(3).toString('hex');
  let added = 0;
  const addAndComplete = async (count: number) => {
    const until = added + count;
    await Promise.all(
      Array.from({ length: JOB_CONCURRENCY }, async () => {
        while (added < until) {
          const i = added++;
          await queue.add('job', { leadId: `lead_${i}`, attemptNumber: 1 }, { jobId: `${run}-${i}` });
        }
      }),
    );
    while (completed < until) await new Promise<void>((r) => (wake = r));
  };
  try {
    await addAndComplete(WARM);
    const from = cpuMs();
    await addAndComplete(JOBS);
    return (cpuMs() - from) / JOBS;
  } finally {
    await worker.close();
    await queue.close();
  }
}

/** CPU-ms per MongoDB operation: the kinds of a call in turn through mongoose, OP_CONCURRENCY at a time. */
async function mongoCpuMs(models: ReturnType<typeof buildModels>): Promise<() => Promise<number>> {
  const kinds = Object.values(await hotOperations(models)).map((v) => v.mongoose);
  let offset = 0;
  return async () => {
    const meter = unitMeter(OPS);
    let next = offset;
    const end = offset + OPS;
    offset = end;
    await Promise.all(
      Array.from({ length: OP_CONCURRENCY }, async () => {
        while (next < end) {
          const i = next++;
          await kinds[i % kinds.length]!(i);
          meter.onDone();
        }
      }),
    );
    return meter.result;
  };
}

async function leastOf(round: () => Promise<number>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) best = Math.min(best, await round());
  return best;
}

const fmt = (ms: number) => ms.toFixed(3);

async function main() {
  const mongo = await benchMongo();
  const prefix = `bench-floor-${randomBytes(3).toString('hex')}`;
  const conn = await mongoose
    .createConnection(withDatabase(mongo.uri, prefix.replace(/-/g, '_')))
    .asPromise();
  try {
    const reference = referenceCpuMs();
    console.log(
      `floor bench: least of ${ROUNDS} rounds each; MongoDB ${mongo.standIn ? 'stand-in (own process)' : 'MONGODB_URI'}`,
    );
    console.log(`reference workload (bench/support/reference-cpu.ts): ${reference.toFixed(1)} CPU-ms`);
    console.log(`WEBHOOKS: ${WEBHOOKS} Twilio status callbacks a round, CPU-ms each in this process`);
    let webhook = NaN;
    for (const [name, layer] of Object.entries(webhookLayers)) {
      webhook = await leastOf(() => webhookCpuMs(layer));
      console.log(`  ${name.padEnd(32)} ${fmt(webhook)}`);
    }
    const job = await leastOf(() => jobCpuMs(prefix));
    console.log(
      `JOBS: ${JOBS} empty BullMQ jobs a round, ${JOB_CONCURRENCY} at a time: ${fmt(job)} CPU-ms each`,
    );
    const op = await leastOf(await mongoCpuMs(buildModels(conn)));
    console.log(
      `MONGODB: ${OPS} operations a round, a call's kinds in turn through mongoose: ${fmt(op)} CPU-ms each`,
    );

    const parts = {
      webhooks: WEBHOOKS_PER_CALL * webhook,
      jobs: JOBS_PER_CALL * job,
      mongo: MONGO_OPS_PER_CALL * op,
    };
    const floor = parts.webhooks + parts.jobs + parts.mongo;
    console.log(
      `FLOOR per call: ${WEBHOOKS_PER_CALL} webhooks ${fmt(parts.webhooks)} + ${JOBS_PER_CALL} jobs ${fmt(parts.jobs)} + ${MONGO_OPS_PER_CALL} MongoDB operations ${fmt(parts.mongo)} = ${fmt(floor)} CPU-ms (${(floor / reference).toFixed(2)}x the reference workload)`,
    );
    console.log(
      `SUMMARY floor: the fixed stack's own CPU per call ${fmt(floor)} ms = ${((floor / TARGET_MS) * 100).toFixed(0)}% of the ${TARGET_MS} ms target (webhook ${fmt(webhook)}, job ${fmt(job)}, MongoDB operation ${fmt(op)} CPU-ms; reference workload ${reference.toFixed(1)} CPU-ms)`,
    );
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await mongo.stop();
    await deleteKeys(prefix);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
