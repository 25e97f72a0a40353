import { randomBytes } from 'node:crypto';
import { RedisSharedTurns } from '../../src/adapters/redis/shared-turns.redis';
import { deleteKeys, testRedis } from '../support/redis';

describe('shared turns on real Redis', () => {
  const prefix = `test-turns-${randomBytes(4).toString('hex')}`;
  const redis = testRedis({ enableAutoPipelining: true });
  const turns = new RedisSharedTurns(redis, prefix);
  const other = new RedisSharedTurns(redis, prefix);

  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('gives a turn to one taker at a time, says how long it is held, and frees it when the hold lapses', async () => {
    const answers = await Promise.all([turns.take('relay', 5000), other.take('relay', 5000)]);
    expect(answers.filter((ms) => ms === 0)).toHaveLength(1);
    const left = answers.find((ms) => ms !== 0)!;
    expect(left).toBeGreaterThan(4000);
    expect(left).toBeLessThanOrEqual(5000);
    // Another name is a turn of its own.
    expect(await other.take('sweep', 5000)).toBe(0);

    // The holder's pass is over: the next one is due in 50 ms, for whichever replica asks then.
    await turns.hold('relay', 50);
    expect(await other.take('relay', 5000)).toBeLessThanOrEqual(50);
    await new Promise((r) => setTimeout(r, 80));
    expect(await other.take('relay', 5000)).toBe(0);
  });
});
