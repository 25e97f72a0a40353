/**
 * Test-only entry point for the end-to-end tests' child processes: the same api / worker start-up as
 * src/main, on a clock shifted by E2E_CLOCK_OFFSET_MS so calling hours are open whatever the real hour.
 * Production entry points have no such knob.
 */
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { offsetClock } from '../../src/ports/clock.port';
import { startApiServer } from '../../src/main/serve-api';
import { startWorkers } from '../../src/main/start-workers';
import { onShutdown } from '../../src/main/shutdown';

async function main(): Promise<void> {
  const role = process.argv[2];
  const config = loadConfig();
  const clock = offsetClock(Number(process.env.E2E_CLOCK_OFFSET_MS ?? 0));
  if (role === 'api') {
    const c = await buildContainer(config, 'api', clock);
    const api = await startApiServer(c, config.PORT);
    onShutdown(api.close, c.close);
    process.stdout.write(`READY api ${api.port}\n`);
  } else {
    const c = await buildContainer(config, 'worker', clock);
    const workers = startWorkers(c);
    onShutdown(workers.close, c.close);
    process.stdout.write('READY worker\n');
  }
}

main().catch((err) => {
  process.stderr.write(`e2e process failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
