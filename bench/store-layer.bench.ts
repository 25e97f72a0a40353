/**
 * What mongoose's own layer costs per MongoDB operation, in the calling process: each hot operation of a call
 * (a lead read by id, the calls to a number since a date, an update returning the document, an update pushing an
 * event as a webhook records one) run through the repository or model as production runs it (mongoose, lean) and
 * through the driver collection under the same model, 10 at a time as a worker's jobs run them. The MongoDB
 * stand-in runs in its own process (MONGODB_URI: a real server), so the CPU measured is the client's only. Each
 * variant runs ROUNDS times, alternating; the least CPU of its rounds counts (a round the machine's other work
 * slowed is not the code's cost). It answers how much "the hot paths
 * without mongoose" could save per call: this difference times the operations per call bench:dial reports.
 * Run: npm run bench:store. It ends with one SUMMARY line and drops its database.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { buildModels } from '../src/adapters/mongo/models';
import { MongoLeadRepository } from '../src/adapters/mongo/lead.repository';
import { MongoCallRepository } from '../src/adapters/mongo/call.repository';
import { fromDoc } from '../src/adapters/mongo/documents';
import { callAnswered } from '../src/domain/events';
import type { Lead } from '../src/domain/lead';
import { spawnEntry, withDatabase, type Spawned } from '../tests/support/processes';
import { referenceCpuMs } from './support/reference-cpu';

const DOCS = 500;
const OPS = Number(process.env.BENCH_OPS ?? 6000);
const CONCURRENCY = 10;
const ROUNDS = 3;

/** CPU-ms per operation of `op`, run OPS times, CONCURRENCY at a time, after a warm-up. */
async function cpuPerOp(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await op(i);
  const start = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) await op(next++);
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / OPS;
}

async function main() {
  let mongo: Spawned | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    mongo = await spawnEntry(path.join(__dirname, '../tests/support/mongo-process.ts'), 'mongo', process.env);
    uri = /READY (\S+)/.exec(mongo.output())![1]!;
  }
  const conn = await mongoose
    .createConnection(withDatabase(uri, `bench_store_${randomBytes(3).toString('hex')}`))
    .asPromise();
  try {
    const models = buildModels(conn);
    const leads = new MongoLeadRepository(models);
    const calls = new MongoCallRepository(models);
    const now = new Date();
    const ids = Array.from({ length: DOCS }, (_, i) => `lead_bench_${i}`);
    const phones = ids.map((_, i) => `+1312555${String(i).padStart(4, '0')}`);
    await models.Lead.collection.insertMany(
      ids.map((id, i) => ({
        _id: id as never,
        campaignId: 'campaign_bench',
        phone: phones[i],
        firstName: 'Ada',
        status: 'dialing',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
        pendingEvents: [],
      })),
    );
    await models.Call.collection.insertMany(
      ids.map((id, i) => ({
        _id: `call-${id}-a1` as never,
        attemptId: `${id}-a1`,
        leadId: id,
        to: phones[i],
        createdAt: now,
      })),
    );
    const since = new Date(now.getTime() - 86_400_000);
    const progress = (i: number, via: string) => {
      const callId = `call-${ids[pick(i)]}-a1`;
      const at = new Date();
      const event = callAnswered(
        { callId, leadId: ids[pick(i)]!, campaignId: 'campaign_bench' },
        'human',
        at,
      );
      const pushed = { ...event, eventId: `${event.eventId}:${via}:${i}` };
      return {
        filter: { _id: callId },
        set: { status: 'in-progress', updatedAt: at },
        push: {
          timeline: { status: 'in-progress', at, source: 'twilio' },
          pendingEvents: { $each: [pushed] },
        },
      };
    };
    const pick = (i: number) => i % DOCS;

    const variants = {
      'lead by id': {
        mongoose: (i: number) => leads.get(ids[pick(i)]!),
        driver: async (i: number) => {
          const doc = await models.Lead.collection.findOne({ _id: ids[pick(i)] as never });
          return doc ? fromDoc<Lead>(doc) : null;
        },
      },
      'calls to a number since': {
        mongoose: (i: number) => calls.countPlacedSince(phones[pick(i)]!, since),
        driver: async (i: number) =>
          (
            await models.Call.collection
              .find({ to: phones[pick(i)], createdAt: { $gte: since } }, { projection: { createdAt: 1 } })
              .toArray()
          ).map((d) => d.createdAt as Date),
      },
      'update, document returned': {
        mongoose: (i: number) =>
          models.Lead.findOneAndUpdate(
            { _id: ids[pick(i)] },
            { $set: { attempts: i, updatedAt: new Date() } },
            { returnDocument: 'after' },
          ).lean(),
        driver: (i: number) =>
          models.Lead.collection.findOneAndUpdate(
            { _id: ids[pick(i)] as never },
            { $set: { attempts: i, updatedAt: new Date() } },
            { returnDocument: 'after' },
          ),
      },
      // As a status webhook records a call's progress: the status, a timeline entry and its event, one update.
      'update pushing an event': {
        mongoose: (i: number) => {
          const { filter, set, push } = progress(i, 'mongoose');
          return models.Call.updateOne(filter, { $set: set, $push: push });
        },
        // The flag the schema's hook sets on every update that pushes events, set here by hand.
        driver: (i: number) => {
          const { filter, set, push } = progress(i, 'driver');
          return models.Call.collection.updateOne(filter as never, {
            $set: { ...set, hasPendingEvents: true },
            $push: push as never,
          });
        },
      },
    };

    const reference = referenceCpuMs();
    console.log(
      `store layer bench: ${OPS} operations per round, ${CONCURRENCY} at a time, least of ${ROUNDS} rounds; MongoDB ${mongo ? 'stand-in (own process)' : 'MONGODB_URI'}`,
    );
    console.log(`reference workload (bench/support/reference-cpu.ts): ${reference.toFixed(1)} CPU-ms`);
    const rows: Array<{ name: string; mongoose: number; driver: number }> = [];
    for (const [name, variant] of Object.entries(variants)) {
      const best = { mongoose: Infinity, driver: Infinity };
      for (let round = 0; round < ROUNDS; round++) {
        best.mongoose = Math.min(best.mongoose, await cpuPerOp(variant.mongoose));
        best.driver = Math.min(best.driver, await cpuPerOp(variant.driver));
      }
      rows.push({ name, ...best });
      console.log(
        `  ${name.padEnd(28)} mongoose ${best.mongoose.toFixed(3)}  driver ${best.driver.toFixed(3)} CPU-ms/op  (mongoose ${(best.mongoose / best.driver).toFixed(2)}x)`,
      );
    }
    const meanOf = (key: 'mongoose' | 'driver') => rows.reduce((a, r) => a + r[key], 0) / rows.length;
    const saved = meanOf('mongoose') - meanOf('driver');
    console.log(
      `SUMMARY store: mongoose ${meanOf('mongoose').toFixed(3)} vs driver ${meanOf('driver').toFixed(3)} CPU-ms per operation (mean of ${rows.length} kinds), ${saved.toFixed(3)} ms saved per operation = ${((saved / reference) * 1000).toFixed(1)} per 1000 reference workloads; times the MongoDB operations per call that bench:dial prints`,
    );
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await mongo?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
