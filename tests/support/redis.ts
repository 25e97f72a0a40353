import IORedis, { type RedisOptions } from 'ioredis';
import { deleteKeysUnder } from '../../src/adapters/redis/delete-prefix';

/** A connection to the tests' Redis (REDIS_URL, else 127.0.0.1:6379), commands waiting while it reconnects. */
export function testRedis(options: RedisOptions = {}): IORedis {
  return new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
    ...options,
  });
}

/** Deletes every key under `prefix:` so each test leaves Redis as it found it. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = testRedis();
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
