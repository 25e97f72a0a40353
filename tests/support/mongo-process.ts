/**
 * The MongoDB stand-in in a process of its own, for tests and benches that measure timing: in the test process
 * its query scans would stall the simulator's event loop, and the simulator's timestamps are the measurement.
 * Prints `READY <uri>`; exits on SIGTERM or SIGINT.
 */
import { startMongoStandin } from '../../src/standins/mongo/mongo-standin';

startMongoStandin()
  .then((mongo) => {
    const stop = () => void mongo.close().finally(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.stdout.write(`READY ${mongo.uri}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`mongo stand-in failed: ${(err as Error).stack}\n`);
    process.exit(1);
  });
