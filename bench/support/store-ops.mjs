/**
 * Preloaded by the dial bench (NODE_OPTIONS=--import) into the api and worker processes: counts what the process
 * sends to its stores between the first and the second SIGUSR2, the dialing phase, and writes
 * `<BENCH_MONGO_OPS_DIR>/<role>-<pid>.json` as `{ "mongo <collection>.<method>": n, "redis <command>": n }`:
 * - the MongoDB operations it sends through mongoose (its models and `Model.collection` alike);
 * - the Redis commands it sends through ioredis, one by one or in a pipeline (auto-pipelined ones included),
 *   a script named as it was defined (`evalsha moveToActive`), and how many socket writes carried them.
 * Unlike CPU time, a count does not depend on the machine's load, so it shows a change of the code between two
 * runs on a busy machine.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_MONGO_OPS_DIR;
if (dir) {
  // The application's own copies (the CommonJS instances its code uses), not second ones.
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const counts = {};
  let counting = false;
  const count = (key) => {
    if (counting) counts[key] = (counts[key] ?? 0) + 1;
  };

  require('mongoose').set('debug', (collection, method) => count(`mongo ${collection}.${method}`));

  const Redis = require('ioredis').default;
  const Pipeline = require('ioredis/built/Pipeline').default;
  const scriptNames = new Map();
  const defineCommand = Redis.prototype.defineCommand;
  Redis.prototype.defineCommand = function (name, definition) {
    scriptNames.set(createHash('sha1').update(definition.lua).digest('hex'), name);
    return defineCommand.call(this, name, definition);
  };
  const commandName = (command) =>
    command.name === 'evalsha' ? `evalsha ${scriptNames.get(String(command.args[0])) ?? '?'}` : command.name;
  // Every command passes here, a pipeline's too (its exec hands them over one by one with a stream that
  // gathers them into one write): the count of commands Redis answers, and of the writes that carried them.
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (command, stream) {
    count(`redis ${commandName(command)}`);
    if (!stream) count('redis (socket writes)');
    return sendCommand.call(this, command, stream);
  };
  const exec = Pipeline.prototype.exec;
  Pipeline.prototype.exec = function (...args) {
    // A transaction's exec passes here twice; the call with none of its MULTIs left to close is the one that sends.
    if (this._queue.length && !(this._transactions > 0)) count('redis (socket writes)');
    return exec.apply(this, args);
  };

  process.on('SIGUSR2', () => {
    counting = !counting;
    if (counting) return;
    const role = process.argv.at(-1) ?? 'process';
    writeFileSync(path.join(dir, `${role}-${process.pid}.json`), JSON.stringify(counts));
  });
}
