import { randomBytes } from 'node:crypto';
import { RedisDialPermits } from '../../src/adapters/redis/dial-permits.redis';
import { deleteKeys, testRedis } from '../support/redis';

const limits = {
  globalMaxConcurrent: 3,
  globalCallsPerSecond: 1000,
  campaignMaxConcurrent: 2,
  campaignCallsPerSecond: 1000,
};

/** A campaign's slot line in real Redis: who may go, who sleeps, and who is woken when a slot is freed. */
describe('the slot line (real Redis)', () => {
  const prefix = `test-slot-line-${randomBytes(4).toString('hex')}`;
  const redis = testRedis();
  let n = 0;
  /** Permits on a prefix of their own, with every wake they announce. */
  function permitsWithWakes() {
    const permits = new RedisDialPermits(redis, `${prefix}:${(n += 1)}`, 60_000);
    const woken: string[] = [];
    permits.onTurnCame = (_campaignId, callIds) => woken.push(...callIds);
    return { permits, woken };
  }
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('lets as many go as there are free slots, and tells the rest how many calls must end first', async () => {
    const { permits } = permitsWithWakes();
    expect(await permits.dialTurn('a', 'c', limits)).toEqual({ kind: 'go' });
    expect(await permits.dialTurn('b', 'c', limits)).toEqual({ kind: 'go' });
    expect(await permits.dialTurn('c', 'c', limits)).toMatchObject({ kind: 'no-slot', behind: 1 });
    expect(await permits.dialTurn('d', 'c', limits)).toMatchObject({ kind: 'no-slot', behind: 2 });
    // Asking again keeps the place (and counts the wait from the first question).
    await new Promise((r) => setTimeout(r, 30));
    const again = await permits.dialTurn('c', 'c', limits);
    expect(again).toMatchObject({ kind: 'no-slot', behind: 1 });
    expect(again.kind === 'no-slot' && again.waitedMs).toBeGreaterThanOrEqual(25);
  });

  it('wakes the head of the line when a slot is freed, not before, and only as many as are free', async () => {
    const { permits, woken } = permitsWithWakes();
    for (const id of ['a', 'b']) {
      expect(await permits.dialTurn(id, 'c', limits)).toEqual({ kind: 'go' });
      expect(await permits.acquire(id, 'c', limits)).toEqual({ granted: true, waited: false });
    }
    for (const id of ['c', 'd', 'e']) expect((await permits.dialTurn(id, 'c', limits)).kind).toBe('no-slot');
    expect(woken).toEqual([]);

    await permits.release('a', 'c');
    expect(woken).toEqual(['c']);
    // A second release of the same call (the post-call job's safety net) wakes nobody more.
    await permits.release('a', 'c');
    expect(woken).toEqual(['c']);
    // The woken call goes; the others still wait, one place nearer.
    expect(await permits.dialTurn('c', 'c', limits)).toEqual({ kind: 'go' });
    expect(await permits.dialTurn('e', 'c', limits)).toMatchObject({ kind: 'no-slot', behind: 2 });
    expect(await permits.acquire('c', 'c', limits)).toEqual({ granted: true, waited: false });
    expect(await permits.dialTurn('e', 'c', limits)).toMatchObject({ kind: 'no-slot', behind: 2 });

    await permits.release('b', 'c');
    await permits.release('c', 'c');
    expect(woken).toEqual(['c', 'd', 'e']);
  });

  it('a call that leaves the line (blocked, stopped) hands its turn to the next', async () => {
    const { permits, woken } = permitsWithWakes();
    const one = { ...limits, campaignMaxConcurrent: 1 };
    expect(await permits.dialTurn('a', 'c', one)).toEqual({ kind: 'go' });
    expect((await permits.dialTurn('b', 'c', one)).kind).toBe('no-slot');
    await permits.leaveSlotLine('a', 'c');
    expect(woken).toEqual(['b']);
    expect(await permits.dialTurn('b', 'c', one)).toEqual({ kind: 'go' });
  });

  it('a call holding its slot already (a retried job) goes without a place in the line', async () => {
    const { permits } = permitsWithWakes();
    const one = { ...limits, campaignMaxConcurrent: 1 };
    expect(await permits.dialTurn('a', 'c', one)).toEqual({ kind: 'go' });
    await permits.acquire('a', 'c', { ...limits, campaignMaxConcurrent: 1 });
    expect(await permits.dialTurn('a', 'c', one)).toEqual({ kind: 'go' });
    expect(await permits.dialTurn('b', 'c', one)).toMatchObject({ kind: 'no-slot', behind: 1 });
  });

  it('with room in its campaign but the global limit full, the head asks again shortly instead of sleeping', async () => {
    const { permits } = permitsWithWakes();
    const globalOne = { ...limits, globalMaxConcurrent: 1 };
    expect(await permits.dialTurn('x', 'other', globalOne)).toEqual({ kind: 'go' });
    await permits.acquire('x', 'other', { ...limits, globalMaxConcurrent: 1 });
    const turn = await permits.dialTurn('a', 'c', globalOne);
    expect(turn.kind).toBe('global-full');
    expect(turn.kind === 'global-full' && turn.retryInMs).toBeLessThanOrEqual(2000);
    expect(await permits.dialTurn('b', 'c', globalOne)).toMatchObject({ kind: 'global-full' });
    expect(await permits.dialTurn('c', 'c', globalOne)).toMatchObject({ kind: 'no-slot', behind: 1 });
  });

  it("a cancelled campaign's line is forgotten: a freed slot wakes nobody", async () => {
    const { permits, woken } = permitsWithWakes();
    const one = { ...limits, campaignMaxConcurrent: 1 };
    expect(await permits.dialTurn('a', 'c', one)).toEqual({ kind: 'go' });
    await permits.acquire('a', 'c', { ...limits, campaignMaxConcurrent: 1 });
    for (const id of ['b', 'c']) expect((await permits.dialTurn(id, 'c', one)).kind).toBe('no-slot');
    expect(await permits.waitingForSlot('c')).toBe(2);
    await permits.forgetSlotLine('c');
    expect(await permits.waitingForSlot('c')).toBe(0);
    await permits.release('a', 'c');
    expect(woken).toEqual([]);
    expect(await permits.activeCount('c')).toBe(0);
  });

  it('a raised campaign limit wakes as many more as it frees', async () => {
    const { permits, woken } = permitsWithWakes();
    const one = { ...limits, campaignMaxConcurrent: 1 };
    expect(await permits.dialTurn('a', 'c', one)).toEqual({ kind: 'go' });
    await permits.acquire('a', 'c', { ...limits, campaignMaxConcurrent: 1 });
    for (const id of ['b', 'c', 'd']) expect((await permits.dialTurn(id, 'c', one)).kind).toBe('no-slot');
    expect(await permits.dialTurn('e', 'c', { ...limits, campaignMaxConcurrent: 3 })).toMatchObject({
      kind: 'no-slot',
      behind: 2,
    });
    expect(woken).toEqual(['b', 'c']);
  });
});
