/**
 * Preloaded by the dial bench (NODE_OPTIONS=--import) into the api and worker processes: counts the MongoDB
 * operations the process sends through mongoose (its models and `Model.collection` alike) between the first and
 * the second SIGUSR2, the dialing phase, and writes `<BENCH_MONGO_OPS_DIR>/<role>-<pid>.json` as
 * `{ "<collection>.<method>": count }`. Unlike CPU time, the count does not depend on the machine's load, so
 * it shows a change of the code between two runs on a busy machine.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_MONGO_OPS_DIR;
if (dir) {
  // The application's own mongoose (the CommonJS instance its models use), not a second copy.
  const mongoose = createRequire(path.join(process.cwd(), 'package.json'))('mongoose');
  const counts = {};
  let counting = false;
  mongoose.set('debug', (collection, method) => {
    if (!counting) return;
    const key = `${collection}.${method}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  process.on('SIGUSR2', () => {
    counting = !counting;
    if (counting) return;
    const role = process.argv.at(-1) ?? 'process';
    writeFileSync(path.join(dir, `${role}-${process.pid}.json`), JSON.stringify(counts));
  });
}
