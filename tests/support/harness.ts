import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';
import { buildContainer, type Container } from '../../src/container';
import { offsetClock, type Clock } from '../../src/ports/clock.port';
import { startApiServer } from '../../src/main/serve-api';
import { startWorkers } from '../../src/main/start-workers';
import { startSimulator, type Simulator, type SimulatorProfile } from '../../src/simulator';
import {
  businessHoursOffsetMs,
  simulatorEnvironment,
  simulatorOptions,
} from '../../src/demo/demo-environment';
import { apiClient, type ApiClient } from '../../src/demo/api-client';
import { freePort, withDatabase } from './processes';
import { deleteKeys } from './redis';

export interface Harness {
  config: Config;
  base: string;
  sim: Simulator;
  client: ApiClient;
  api: Container;
  worker: Container | null;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * The dialer in this test process: API (and, if asked, workers) on the simulator, with its own queue prefix and
 * MongoDB database, on a clock pinned inside calling hours. `env` overrides any variable.
 */
export async function startHarness(
  opts: {
    workers?: boolean;
    profile?: Partial<SimulatorProfile>;
    env?: Record<string, string>;
    seed?: number;
  } = {},
): Promise<Harness> {
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clock = offsetClock(businessHoursOffsetMs());
  const env = simulatorEnvironment(process.env, {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    QUEUE_PREFIX: prefix,
    MONGODB_URI: withDatabase(process.env.MONGODB_URI!, prefix),
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: '',
    GLOBAL_CALLS_PER_SECOND: '50',
    ...opts.env,
  });
  const sim = await startSimulator(
    simulatorOptions(env, base, { ringMs: [5, 20], talkMs: [20, 60], ...opts.profile }, opts.seed ?? 5),
  );
  const config = loadConfig({ ...env, SIMULATOR_URL: sim.url });
  const api = await buildContainer(config, 'api', clock);
  const server = await startApiServer(api, port);
  const worker = opts.workers ? await buildContainer(config, 'worker', clock) : null;
  const workers = worker ? startWorkers(worker) : null;
  return {
    config,
    base,
    sim,
    api,
    worker,
    clock,
    client: apiClient(base, config.API_KEYS[0]!, config.ADMIN_API_KEYS[0]!),
    async close() {
      await workers?.close();
      await server.close();
      await api.close();
      await worker?.close();
      await sim.close();
      await deleteKeys(prefix);
    },
  };
}
