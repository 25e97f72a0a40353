import { ConfigError, loadConfig } from '../config';
import { buildContainer } from '../container';
import { moduleLogger } from '../logger';
import { startApiServer } from './serve-api';
import { onShutdown } from './shutdown';
import { startTracing } from '../tracing/tracing';

const log = moduleLogger('api');

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing('dialer-api');
  const container = await buildContainer(config, 'api');
  const api = await startApiServer(container, config.PORT);
  log.info('api listening', { port: api.port, telephony: config.TELEPHONY });
  onShutdown(api.close, container.close, async () => tracing?.shutdown());
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else log.error('api failed to start', { error: (err as Error).message });
  process.exit(1);
});
