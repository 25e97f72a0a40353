/**
 * The simulator in a process of its own, for tests and benches that measure the carrier's view: the
 * timestamps it takes are the measurement, so it must not share an event loop with the test, and it asks the
 * OS for a higher priority (as root; otherwise it says so and runs at normal priority). A real carrier is
 * another machine, whose clock our workers' load cannot delay. Options come as JSON in SIMULATOR_OPTIONS.
 * Prints `READY <url> priority=<nice>`; exits on SIGTERM.
 */
import os from 'node:os';
import { startSimulator, type SimulatorOptions } from '../../src/simulator';

const PRIORITY = -10;

async function main(): Promise<void> {
  const opts = JSON.parse(process.env.SIMULATOR_OPTIONS ?? '{}') as SimulatorOptions;
  let nice = 0;
  try {
    os.setPriority(PRIORITY);
    nice = PRIORITY;
  } catch (err) {
    process.stderr.write(`simulator: running at normal priority (${(err as Error).message})\n`);
  }
  const sim = await startSimulator(opts);
  const stop = () => void sim.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`READY ${sim.url} priority=${nice}\n`);
}

main().catch((err) => {
  process.stderr.write(`simulator process failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
