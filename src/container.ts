import IORedis, { type Redis } from 'ioredis';
import type { Config } from './config';
import { connectMongo } from './adapters/mongo';
import { createTwilioClient } from './adapters/twilio/twilio-client';
import { TwilioTelephony } from './adapters/twilio/twilio.adapter';
import { createElevenLabsClient } from './adapters/elevenlabs/elevenlabs-client';
import { ElevenLabsVoiceAgent } from './adapters/elevenlabs/elevenlabs.adapter';
import { KafkaEventPublisher } from './adapters/kafka/kafka.publisher';
import { anyBrokerReachable } from './adapters/kafka/broker-reachable';
import { RedisDncRegistry } from './adapters/redis/dnc-registry.redis';
import { RedisDialPermits, RedisKillSwitch } from './adapters/redis/dial-permits.redis';
import { createSlotWaker } from './services/slot-wakes';
import { RedisLoadBoard } from './adapters/redis/load-board.redis';
import { RedisSharedTurns } from './adapters/redis/shared-turns.redis';
import { startLoadReporting } from './load/load-reporter';
import { JobQueues } from './queues/job-queues';
import { CampaignReadCache } from './adapters/campaign-read-cache';
import { systemClock, type Clock } from './ports/clock.port';
import type { Deps } from './services/deps';
import { rootLogger } from './logger';
import { isTracing } from './tracing/tracing';
import { CallTraces } from './tracing/call-traces';
import { traceRedis } from './tracing/redis-spans';
import { traceMongo } from './tracing/mongo-spans';
import { tracedTelephony, tracedVoiceAgent } from './tracing/traced-ports';

/**
 * Workers block on Redis and must never give up a command (`maxRetriesPerRequest: null`); the API answers
 * users and should fail fast instead of queueing commands while Redis is away.
 */
async function connectRedis(url: string, role: 'api' | 'worker', autoPipelining = false): Promise<Redis> {
  const redis =
    role === 'worker'
      ? new IORedis(url, {
          maxRetriesPerRequest: null,
          lazyConnect: true,
          enableAutoPipelining: autoPipelining,
        })
      : new IORedis(url, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          lazyConnect: true,
          enableAutoPipelining: autoPipelining,
        });
  redis.on('error', () => undefined); // reported through /health and failing commands, not as a crash
  await redis.connect();
  return redis;
}

/** How stale a worker's copy of a campaign may be (pause and cancel reach every replica within a second). */
const CAMPAIGN_CACHE_MS = 500;

/** Builds everything once: config → real or simulated adapters → deps. Nothing imports this but src/main. */
export async function buildContainer(config: Config, role: 'api' | 'worker', clock: Clock = systemClock) {
  rootLogger.level = config.LOG_LEVEL;
  const redis = await connectRedis(config.REDIS_URL, role);
  // Our own scripts (permits, registry, kill switch, load board) on a connection of their own that sends every
  // command issued in the same tick as one write: dozens of concurrent jobs cost a few round trips, not dozens.
  // BullMQ keeps `redis`, whose blocking and transaction use it manages itself.
  const own = await connectRedis(config.REDIS_URL, role, true);
  const load = new RedisLoadBoard(own, config.QUEUE_PREFIX);
  const reporting = startLoadReporting(load, role);
  const tracing = isTracing();
  const store = await connectMongo(config.MONGODB_URI, { monitorCommands: tracing });
  const queues = new JobQueues(redis, config.QUEUE_PREFIX, own);
  const callTraces = tracing ? new CallTraces(redis, config.QUEUE_PREFIX) : null;
  if (callTraces) {
    traceRedis(redis);
    traceMongo(store.connection.getClient());
    queues.callTraces = callTraces;
  }
  const simulatorUrl = config.TELEPHONY === 'simulator' ? config.SIMULATOR_URL : undefined;
  const twilio = new TwilioTelephony(
    createTwilioClient({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      apiBaseUrl: simulatorUrl,
    }),
    config.TWILIO_AUTH_TOKEN,
  );
  const elevenLabs = new ElevenLabsVoiceAgent(
    createElevenLabsClient({ apiKey: config.ELEVENLABS_API_KEY, baseUrl: simulatorUrl }),
    {
      secret: config.ELEVENLABS_WEBHOOK_SECRET,
      toleranceSec: config.ELEVENLABS_WEBHOOK_TOLERANCE_SECONDS,
      nowMs: Date.now, // the signature's clock is the wall clock, even when the service runs on a shifted one
    },
  );
  const telephony = callTraces ? tracedTelephony(twilio, callTraces) : twilio;
  const voiceAgent = callTraces ? tracedVoiceAgent(elevenLabs, callTraces) : elevenLabs;
  const publisher = config.KAFKA_BROKERS?.length
    ? new KafkaEventPublisher(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID, config.KAFKA_TOPIC)
    : null;
  const permits = new RedisDialPermits(own, config.QUEUE_PREFIX, config.CALL_SLOT_LEASE_SECONDS * 1000);
  permits.onTurnCame = createSlotWaker(queues, (callId, campaignId) =>
    permits.leaveSlotLine(callId, campaignId),
  );
  const deps: Deps = {
    // The API answers with what it just wrote; a worker may see a campaign up to half a second old.
    campaigns:
      role === 'worker' ? new CampaignReadCache(store.campaigns, CAMPAIGN_CACHE_MS) : store.campaigns,
    leads: store.leads,
    consents: store.consents,
    internalDnc: store.internalDnc,
    callerIds: store.callerIds,
    calls: store.calls,
    complianceRecords: store.complianceRecords,
    outbox: store.outbox,
    operations: store.operations,
    uploads: store.uploads,
    scheduler: queues,
    telephony,
    voiceAgent,
    registry: new RedisDncRegistry(own, `${config.QUEUE_PREFIX}:dnc`),
    permits,
    killSwitch: new RedisKillSwitch(own, config.QUEUE_PREFIX),
    load,
    clock,
    settings: {
      publicBaseUrl: config.PUBLIC_BASE_URL,
      globalMaxConcurrentCalls: config.GLOBAL_MAX_CONCURRENT_CALLS,
      globalCallsPerSecond: config.GLOBAL_CALLS_PER_SECOND,
      defaultAgentId: config.ELEVENLABS_AGENT_ID,
      defaultCallerId: config.TWILIO_PHONE_NUMBER,
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
      transcriptWaitMs: config.TRANSCRIPT_WAIT_SECONDS * 1000,
      callerIds: [config.TWILIO_PHONE_NUMBER, ...config.CALLER_IDS],
    },
  };
  return {
    config,
    deps,
    queues,
    redis,
    publisher,
    reporting,
    /** Who runs the periodic work that one replica does for all (relay, stranded-lead sweep). */
    turns: new RedisSharedTurns(own, config.QUEUE_PREFIX),
    callTraces,
    async health(): Promise<Record<string, boolean | null>> {
      const redisOk = await redis.ping().then(
        () => true,
        () => false,
      );
      const mongoOk = store.connection.readyState === 1;
      const kafkaOk = config.KAFKA_BROKERS?.length ? await anyBrokerReachable(config.KAFKA_BROKERS) : null;
      return { redis: redisOk, mongodb: mongoOk, kafka: kafkaOk };
    },
    async close(): Promise<void> {
      await reporting.stop();
      await queues.close();
      await publisher?.close();
      await store.close();
      redis.disconnect();
      own.disconnect();
    },
  };
}

export type Container = Awaited<ReturnType<typeof buildContainer>>;
