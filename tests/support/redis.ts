import IORedis from 'ioredis';
import { deleteKeysUnder } from '../../src/adapters/redis/delete-prefix';

/** Deletes every key under `prefix:` so each test leaves Redis as it found it. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
