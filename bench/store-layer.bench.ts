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
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { buildModels } from '../src/adapters/mongo/models';
import { withDatabase } from '../tests/support/processes';
import { referenceCpuMs } from './support/reference-cpu';
import { hotOperations } from './support/hot-operations';
import { benchMongo } from './support/bench-mongo';

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
  const mongo = await benchMongo();
  const conn = await mongoose
    .createConnection(withDatabase(mongo.uri, `bench_store_${randomBytes(3).toString('hex')}`))
    .asPromise();
  try {
    const models = buildModels(conn);
    const variants = await hotOperations(models);
    const kinds = Object.values(variants).map((v) => v.mongoose);
    const mixed = (i: number) => kinds[i % kinds.length]!(i);
    // First, before this process has run any of them (the reference workload shares none of their code).
    const fresh = await freshCurve(mixed);
    const reference = referenceCpuMs();
    console.log(
      `store layer bench: ${OPS} operations per round, ${CONCURRENCY} at a time, least of ${ROUNDS} rounds; MongoDB ${mongo.standIn ? 'stand-in (own process)' : 'MONGODB_URI'}`,
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
    await mongo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
