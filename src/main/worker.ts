import { ConfigError, loadConfig } from '../config';
import { buildContainer } from '../container';
import { moduleLogger } from '../logger';
import { startWorkers } from './start-workers';
import { onShutdown } from './shutdown';
import { startTracing } from '../tracing/tracing';

const log = moduleLogger('worker');

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing('dialer-worker');
  const container = await buildContainer(config, 'worker');
  const workers = startWorkers(container);
  onShutdown(workers.close, container.close, async () => tracing?.shutdown());
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else log.error('worker failed to start', { error: (err as Error).message });
  process.exit(1);
});
