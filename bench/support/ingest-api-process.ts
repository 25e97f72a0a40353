/**
 * Bench-only: the API as `npm run dev` runs it (the MongoDB stand-in on a thread of the same process unless
 * MONGODB_URI is set), without workers, so the bench measures intake alone. Answers `stats` / `reset` IPC messages with its
 * peak RSS, CPU time and event-loop lag (perf_hooks.monitorEventLoopDelay). Prints `READY <port>`.
 */
import '../../src/standins/mongo/heap-growth'; // first, as in `npm run dev`: see there
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { startApiServer } from '../../src/main/serve-api';
import { startMongoStandinThread } from '../../src/standins/mongo/standin-thread';

async function main(): Promise<void> {
  const mongo = process.env.MONGODB_URI ? null : await startMongoStandinThread();
  const config = loadConfig({ ...process.env, ...(mongo ? { MONGODB_URI: mongo.uri } : {}) });
  const container = await buildContainer(config, 'api');
  const api = await startApiServer(container, config.PORT);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  process.on('message', (message) => {
    if (message === 'reset') lag.reset();
    if (message !== 'stats') return;
    const cpu = process.cpuUsage();
    process.send!({
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    });
  });
  process.on('SIGTERM', () => {
    void api
      .close()
      .then(() => container.close())
      .then(() => mongo?.close())
      .finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${api.port}\n`);
}

main().catch((err) => {
  process.stderr.write(`ingest api failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
