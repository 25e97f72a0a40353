import '../standins/mongo/heap-growth'; // first: see there
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config';
import { buildContainer } from '../container';
import { offsetClock } from '../ports/clock.port';
import { startSimulator } from '../simulator';
import { startMongoStandinThread } from '../standins/mongo/standin-thread';
import { businessHoursOffsetMs, simulatorEnvironment, simulatorOptions } from '../demo/demo-environment';
import { sampleCampaign, sampleCampaignSettings } from '../demo/sample-campaign';
import { apiClient } from '../demo/api-client';
import { campaignSettled } from '../demo/campaign-settled';
import { bindPort, startApiServer } from './serve-api';
import { startWorkers } from './start-workers';
import { onShutdown } from './shutdown';
import { deleteKeysUnder } from '../adapters/redis/delete-prefix';

const DEMO_TIMEOUT_MS = 5 * 60_000;

let shutdown: { readonly closing: boolean } | null = null;

/**
 * `npm run demo`: the whole dialer in one process on the simulator — API, workers, relay, and, when no
 * MONGODB_URI is given, the in-repo MongoDB stand-in on a thread of its own. Without KAFKA_BROKERS, events wait in the outbox. Uploads 50 sample leads
 * (some blocked by compliance), prints progress until the campaign is done. `--serve` keeps it running.
 */
async function main(): Promise<void> {
  const serve = process.argv.includes('--serve');
  const offsetMs = businessHoursOffsetMs();
  const clock = offsetClock(offsetMs);
  // Bound first: the webhook URLs the simulator and the API are built with need the port (PORT=0: a free one).
  const server = await bindPort(Number(process.env.PORT ?? 3000));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const mongo = process.env.MONGODB_URI ? null : await startMongoStandinThread();
  const env = simulatorEnvironment(process.env, {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    QUEUE_PREFIX: `demo-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    GLOBAL_CALLS_PER_SECOND: process.env.GLOBAL_CALLS_PER_SECOND ?? '5',
    GLOBAL_MAX_CONCURRENT_CALLS: process.env.GLOBAL_MAX_CONCURRENT_CALLS ?? '10',
    SIMULATOR_URL: 'http://127.0.0.1:1', // replaced below once the simulator has its port
    ...(mongo ? { MONGODB_URI: mongo.uri } : {}),
  });
  const sim = await startSimulator(
    simulatorOptions(
      env,
      base,
      { answerRate: 0.7, busyRate: 0.1, noAnswerRate: 0.15, failedRate: 0.05, machineRate: 0.15 },
      42,
    ),
  );
  const config = loadConfig({ ...env, SIMULATOR_URL: sim.url });
  const apiContainer = await buildContainer(config, 'api', clock);
  const api = await startApiServer(apiContainer, server);
  const workerContainer = await buildContainer(config, 'worker', clock);
  const workers = startWorkers(workerContainer);
  const stopAll = async () => {
    await workers.close();
    await api.close();
    // The run's queues, limits and registry live under its own prefix: leave Redis as the demo found it.
    await deleteKeysUnder(apiContainer.redis, config.QUEUE_PREFIX);
    await Promise.all([apiContainer.close(), workerContainer.close()]);
    await sim.close();
    await mongo?.close();
  };
  shutdown = onShutdown(stopAll);

  console.log(`dialer demo — API ${base}, simulator ${sim.url}`);
  console.log(
    `demo clock: ${clock.now().toISOString()} (pinned to a Wednesday 14:00 New York, inside every US zone's calling hours)`,
  );
  const client = apiClient(base, config.API_KEYS[0]!, config.ADMIN_API_KEYS[0]!);
  const sample = sampleCampaign(50, clock.now());
  await client.importRegistry(sample.registryNumbers, new Date(clock.now().getTime() - 2 * 86_400_000));
  for (const phone of sample.internalDnc) await client.addDnc(phone, 'asked by email not to be called');
  const campaign = await client.createCampaign(
    sampleCampaignSettings('Lakeside spring listings', { maxConcurrentCalls: 10, callsPerSecond: 5 }, 0.05),
  );
  const upload = await client.uploadCsv(campaign.id, sample.csv);
  console.log(`uploaded: ${upload.body.accepted} leads accepted, ${upload.body.rejected.length} rejected`);
  for (const r of upload.body.rejected)
    console.log(`  row ${r.row}: ${r.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
  await client.control(campaign.id, 'start');

  const started = Date.now();
  for (;;) {
    const c = await client.campaign(campaign.id);
    const counts = Object.entries(c.progress.byStatus)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `[${((Date.now() - started) / 1000).toFixed(1)}s] ${c.status}: ${counts}; call slots held ${c.progress.activeCalls}`,
    );
    if ((await campaignSettled(client, campaign.id)) || Date.now() - started > DEMO_TIMEOUT_MS) {
      console.log(`outcomes: ${JSON.stringify(c.progress.byOutcome)}`);
      const blocked: Record<string, number> = {};
      for (const lead of (await client.leads(campaign.id)).leads)
        for (const code of lead.blockedReasons) blocked[code] = (blocked[code] ?? 0) + 1;
      console.log(`blocked by compliance: ${JSON.stringify(blocked)}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await sim.idle();
  const stats = sim.stats();
  const pending = await client.events('published=false&limit=1000');
  console.log(
    `calls placed: ${stats.creates}; max concurrent ${stats.maxConcurrentCalls}; max calls in any second ${stats.maxCallsPerSecond}`,
  );
  if (config.KAFKA_BROKERS?.length) {
    const published = await client.events('published=true&limit=1000');
    console.log(
      `events published to Kafka topic ${config.KAFKA_TOPIC}: ${published.events.length}; waiting in outbox: ${pending.events.length}`,
    );
  } else {
    console.log(
      `events waiting in the outbox (no KAFKA_BROKERS set; GET /api/events?published=false): ${pending.events.length}`,
    );
  }
  console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(
    `Dashboard: ${base}/admin, Bull Board: ${base}/admin/queues (user ${config.ADMIN_USER}, password ${config.ADMIN_PASSWORD} — generated for this demo run)`,
  );
  if (!serve) {
    await stopAll();
    process.exit(0);
  }
  console.log(`API key for this run: ${config.API_KEYS[0]} — Ctrl-C to stop`);
}

main().catch((err) => {
  // Ctrl-C while the demo was asking its API: the shutdown closes everything and exits; nothing failed.
  if (shutdown?.closing) return;
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
