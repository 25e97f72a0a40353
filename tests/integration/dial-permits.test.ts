import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { PACING_HEADROOM, RedisDialPermits } from '../../src/adapters/redis/dial-permits.redis';
import { deleteKeys } from '../support/redis';

/** The cap tests care about slots, not spacing: wait out any pacing answer and ask again. */
async function acquireSlot(permits: RedisDialPermits, callId: string, campaignId: string, l: typeof limits) {
  for (;;) {
    const answer = await permits.acquire(callId, campaignId, l);
    if (answer.granted || answer.reason !== 'pacing') return answer;
    await new Promise((r) => setTimeout(r, answer.retryInMs));
  }
}

const limits = {
  globalMaxConcurrent: 3,
  globalCallsPerSecond: 1000,
  campaignMaxConcurrent: 2,
  campaignCallsPerSecond: 1000,
};

describe('RedisDialPermits (real Redis)', () => {
  const prefix = `test-permits-${randomBytes(4).toString('hex')}`;
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('holds the campaign and global caps and frees a slot on release', async () => {
    const permits = new RedisDialPermits(redis, prefix, 60_000);
    expect(await acquireSlot(permits, 'a', 'c1', limits)).toEqual({ granted: true });
    expect(await acquireSlot(permits, 'b', 'c1', limits)).toEqual({ granted: true });
    expect(await acquireSlot(permits, 'c', 'c1', limits)).toMatchObject({
      granted: false,
      reason: 'no-slot',
    });
    expect(await acquireSlot(permits, 'd', 'c2', limits)).toEqual({ granted: true });
    expect(await acquireSlot(permits, 'e', 'c3', limits)).toMatchObject({
      granted: false,
      reason: 'no-slot',
    }); // global 3
    await permits.release('a', 'c1');
    expect(await acquireSlot(permits, 'c', 'c1', limits)).toEqual({ granted: true });
    expect(await permits.activeCount('c1')).toBe(2);
  });

  it('frees a slot whose lease expired (the final webhook never came)', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}-lease`, 1000);
    expect(await acquireSlot(permits, 'x', 'c', { ...limits, campaignMaxConcurrent: 1 })).toEqual({
      granted: true,
    });
    expect(await acquireSlot(permits, 'y', 'c', { ...limits, campaignMaxConcurrent: 1 })).toMatchObject({
      granted: false,
    });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await acquireSlot(permits, 'y', 'c', { ...limits, campaignMaxConcurrent: 1 })).toEqual({
      granted: true,
    });
    await deleteKeys(`${prefix}-lease`);
  });

  it('spaces grants by 1/CPS across concurrent callers', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}-pace`, 60_000);
    const paced = {
      globalMaxConcurrent: 100,
      globalCallsPerSecond: 1000,
      campaignMaxConcurrent: 100,
      campaignCallsPerSecond: 5,
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => permits.acquire(`p${i}`, 'c', paced)),
    );
    expect(answers.filter((a) => a.granted)).toHaveLength(1);
    const waits = answers.filter((a) => !a.granted).map((a) => (a.granted ? 0 : a.retryInMs));
    // 1000/5 ms spacing plus headroom; the wait shrinks only by the time the calls took
    const spacing = Math.ceil((1000 / 5) * PACING_HEADROOM);
    for (const w of waits) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(spacing);
    }
    await deleteKeys(`${prefix}-pace`);
  });
});
