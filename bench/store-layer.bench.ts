/**
 * What mongoose's own layer costs per MongoDB operation, in the calling process: each hot operation of a call
 * (a lead read by id, the calls to a number since a date, an update returning the document, an update pushing an
 * event as a webhook records one) run through the repository or model as production runs it (mongoose, lean) and
 * through the driver collection under the same model, 10 at a time as a worker's jobs run them. The MongoDB
 * stand-in runs in its own process (MONGODB_URI: a real server), so the CPU measured is the client's only. Each
 * variant runs ROUNDS times, alternating; the least CPU of its rounds counts (a round the machine's other work
 * slowed is not the code's cost). It answers how much "the hot paths without mongoose" could save per call: this
 * difference times the operations per call bench:dial reports. Before those rounds, the same operations through
 * mongoose in a process that has run none yet: what they cost while V8 is still compiling their paths.
 * Run: npm run bench:store. It ends with one SUMMARY line and drops its database.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { buildModels } from '../src/adapters/mongo/models';
import { MongoLeadRepository } from '../src/adapters/mongo/lead.repository';
import { MongoCallRepository } from '../src/adapters/mongo/call.repository';
import { MongoComplianceRecordRepository } from '../src/adapters/mongo/compliance-record.repository';
import type { ComplianceRecord } from '../src/domain/compliance-record';
import type { Callee } from '../src/domain/call-context';
import { fromDoc } from '../src/adapters/mongo/documents';
import { callAnswered } from '../src/domain/events';
import type { Lead } from '../src/domain/lead';
import { spawnEntry, withDatabase, type Spawned } from '../tests/support/processes';
import { callRecord } from '../tests/support/call-record';
import { referenceCpuMs } from './support/reference-cpu';

const DOCS = 500;
const OPS = Number(process.env.BENCH_OPS ?? 6000);
const CONCURRENCY = 10;
const ROUNDS = 3;

/** CPU-ms per operation of `op` (called with 0, 1, ...), run `count` times, CONCURRENCY at a time. */
async function cpuPerOpOf(op: (i: number) => Promise<unknown>, count: number, from = 0): Promise<number> {
  const start = process.cpuUsage();
  let next = from;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) await op(next++);
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / count;
}

/** CPU-ms per operation of `op`, run OPS times, after a warm-up. */
async function cpuPerOp(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await op(i);
  return cpuPerOpOf(op, OPS);
}

/**
 * What the same operations cost a process that has just started: the kinds in turn, CPU-ms per operation in
 * successive windows of FRESH_WINDOW. V8 runs a path interpreted until it has run often enough to be compiled,
 * and a process making a dozen kinds of operation gets there only after thousands.
 */
const FRESH_WINDOW = 500;
const FRESH_WINDOWS = 12;
async function freshCurve(op: (i: number) => Promise<unknown>): Promise<number[]> {
  const curve: number[] = [];
  for (let w = 0; w < FRESH_WINDOWS; w++) curve.push(await cpuPerOpOf(op, FRESH_WINDOW, w * FRESH_WINDOW));
  return curve;
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
    const records = new MongoComplianceRecordRepository(models);
    // What the dial job inserts before asking Twilio: the call with its callee, and the check that allowed it.
    const newCall = (i: number, via: string) => {
      const attemptId = `${ids[pick(i)]}-${via}-${i}-${randomBytes(3).toString('hex')}`;
      return callRecord({ callId: `call-${attemptId}`, attemptId }, new Date(), {
        leadId: ids[pick(i)]!,
        campaignId: 'campaign_bench',
        to: phones[pick(i)]!,
        complianceCheckId: `chk-${attemptId}`,
      });
    };
    const callee: Callee = {
      id: 'lead_bench_0',
      firstName: 'Ada',
      lastName: 'Lee',
      email: 'ada@example.com',
      address: { street: '12 Oak St', city: 'Springfield', state: 'IL', zip: '62701' },
      propertyAddress: '12 Oak St, Springfield, IL',
      language: null,
      timeZone: 'America/Chicago',
    };
    const newCheck = (i: number, via: string): ComplianceRecord => {
      const at = new Date();
      return {
        id: `chk-${via}-${i}-${randomBytes(3).toString('hex')}`,
        leadId: ids[pick(i)]!,
        campaignId: 'campaign_bench',
        attemptId: `${ids[pick(i)]}-a1`,
        phone: phones[pick(i)]!,
        stage: 'dial',
        result: 'allowed',
        notBefore: null,
        violations: [],
        evidence: {
          ruleSetVersion: '2026-11-01',
          checkedAt: at,
          consentId: `consent-${pick(i)}`,
          registryDownloadedAt: since,
          zones: [{ zone: 'America/Chicago', source: 'area_code' }],
          localTimes: [{ zone: 'America/Chicago', local: '2026-12-04T10:12:00' }],
          states: ['IL'],
          window: { start: '08:00', end: '21:00', sources: ['47 CFR 64.1200(c)(1)'] },
          places: [
            {
              zone: 'America/Chicago',
              states: ['IL'],
              statutes: ['47 CFR 64.1200(c)(1)', '815 ILCS 413/15'],
            },
          ],
          statutes: ['47 CFR 64.1200(c)(1)', '47 CFR 64.1200(c)(2)', '47 U.S.C. 227(b)', '815 ILCS 413/15'],
          unverifiedStates: [],
          exemptions: [],
          override: null,
        },
        error: null,
        checkedAt: at,
      };
    };

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
      'insert a call': {
        mongoose: (i: number) => calls.createForAttempt(newCall(i, 'mongoose'), callee),
        driver: (i: number) => {
          const { callId, ...rest } = newCall(i, 'driver');
          return models.Call.collection.insertOne({
            _id: callId as never,
            ...rest,
            callee,
            carrierCheck: { lastStatusAt: rest.createdAt, notBefore: rest.createdAt },
            pendingEvents: [],
          });
        },
      },
      'insert a compliance record': {
        mongoose: (i: number) => records.append(newCheck(i, 'mongoose')),
        driver: (i: number) => {
          const { id, ...rest } = newCheck(i, 'driver');
          return models.ComplianceRecord.collection.insertOne({ _id: id as never, ...rest });
        },
      },
    };

    const kinds = Object.values(variants).map((v) => v.mongoose);
    const mixed = (i: number) => kinds[i % kinds.length]!(i);
    // First, before this process has run any of them (the reference workload shares none of their code).
    const fresh = await freshCurve(mixed);
    const reference = referenceCpuMs();
    console.log(
      `store layer bench: ${OPS} operations per round, ${CONCURRENCY} at a time, least of ${ROUNDS} rounds; MongoDB ${mongo ? 'stand-in (own process)' : 'MONGODB_URI'}`,
    );
    console.log(`reference workload (bench/support/reference-cpu.ts): ${reference.toFixed(1)} CPU-ms`);
    console.log(
      `  a fresh process, the ${Object.keys(variants).length} kinds in turn through mongoose, CPU-ms/op in successive ${FRESH_WINDOW}s: ${fresh.map((ms) => ms.toFixed(3)).join(' ')}`,
    );
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
    // The same kinds taking turns, as a worker's jobs mix them: each call site then meets several kinds of
    // query, document and callback, where a round of one kind gives V8 one of each to optimize for.
    const drivers = Object.values(variants).map((v) => v.driver);
    const mixedDriver = (i: number) => drivers[i % drivers.length]!(i);
    const mixedBest = { mongoose: Infinity, driver: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      mixedBest.mongoose = Math.min(mixedBest.mongoose, await cpuPerOp(mixed));
      mixedBest.driver = Math.min(mixedBest.driver, await cpuPerOp(mixedDriver));
    }
    for (const key of ['mongoose', 'driver'] as const)
      console.log(
        `  the ${rows.length} kinds in turn, ${key.padEnd(8)}, after the rounds above: ${mixedBest[key].toFixed(3)} CPU-ms/op against ${meanOf(key).toFixed(3)}, the mean of their own rounds (${(mixedBest[key] / meanOf(key)).toFixed(2)}x)`,
      );
    console.log(
      `SUMMARY store: mongoose ${meanOf('mongoose').toFixed(3)} vs driver ${meanOf('driver').toFixed(3)} CPU-ms per operation (mean of ${rows.length} kinds), ${saved.toFixed(3)} ms saved per operation = ${((saved / reference) * 1000).toFixed(1)} per 1000 reference workloads; times the MongoDB operations per call that bench:dial prints; the kinds in turn mongoose ${mixedBest.mongoose.toFixed(3)} vs driver ${mixedBest.driver.toFixed(3)}; a fresh process's first ${FRESH_WINDOW} ${fresh[0]!.toFixed(3)}, its ops ${FRESH_WINDOW * (FRESH_WINDOWS - 1) + 1}-${FRESH_WINDOW * FRESH_WINDOWS} ${fresh[FRESH_WINDOWS - 1]!.toFixed(3)}`,
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
