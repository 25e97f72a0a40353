import { randomBytes } from 'node:crypto';
import {
  pacingIntervalMs,
  RedisDialPermits,
  RedisKillSwitch,
} from '../../src/adapters/redis/dial-permits.redis';
import { maxInWindow } from '../support/dial-stack';
import { deleteKeys, testRedis } from '../support/redis';

const limits = {
  globalMaxConcurrent: 3,
  globalCallsPerSecond: 1000,
  campaignMaxConcurrent: 2,
  campaignCallsPerSecond: 1000,
};

describe('RedisDialPermits (real Redis)', () => {
  const prefix = `test-permits-${randomBytes(4).toString('hex')}`;
  const redis = testRedis();
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it('holds the campaign and global caps and frees a slot on release', async () => {
    const permits = new RedisDialPermits(redis, prefix, 60_000);
    expect(await permits.acquire('a', 'c1', limits)).toEqual({ granted: true, waited: false });
    expect(await permits.acquire('b', 'c1', limits)).toEqual({ granted: true, waited: false });
    expect(await permits.acquire('c', 'c1', limits)).toMatchObject({
      granted: false,
      reason: 'no-slot',
    });
    expect(await permits.acquire('d', 'c2', limits)).toEqual({ granted: true, waited: false });
    expect(await permits.acquire('e', 'c3', limits)).toMatchObject({
      granted: false,
      reason: 'no-slot',
    }); // global 3
    await permits.release('a', 'c1');
    expect(await permits.acquire('c', 'c1', limits)).toEqual({ granted: true, waited: false });
    expect(await permits.activeCount('c1')).toBe(2);
  });

  it('frees a slot whose lease expired (the final webhook never came)', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:lease`, 1000);
    expect(await permits.acquire('x', 'c', { ...limits, campaignMaxConcurrent: 1 })).toEqual({
      granted: true,
      waited: false,
    });
    expect(await permits.acquire('y', 'c', { ...limits, campaignMaxConcurrent: 1 })).toMatchObject({
      granted: false,
    });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await permits.acquire('y', 'c', { ...limits, campaignMaxConcurrent: 1 })).toEqual({
      granted: true,
      waited: false,
    });
    await deleteKeys(`${prefix}:lease`);
  });

  it('waits in-process for a slot freed meanwhile, and gives up after the wait it was allowed', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:wait`, 60_000);
    const one = { ...limits, campaignMaxConcurrent: 1 };
    await permits.acquire('held', 'c', one);
    setTimeout(() => void permits.release('held', 'c'), 600);
    const waiting = permits.acquire('next', 'c', one, 5000);
    expect(await waiting).toEqual({ granted: true, waited: true });
    expect(await permits.acquire('late', 'c', one, 700)).toMatchObject({ granted: false, reason: 'no-slot' });
    expect(await permits.activeCount('c')).toBe(1);
    await deleteKeys(`${prefix}:wait`);
  });

  it('reserves send times spaced by 1/CPS across concurrent callers, on every replica', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:pace`, 60_000);
    const paced = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    const spacing = pacingIntervalMs(5);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => permits.reserveSend(`r${i}`, 'c', paced)),
    );
    const waits = answers.map((a) => (a.reserved ? a.waitMs : NaN)).sort((a, b) => a - b);
    // Ten reservations, one per slot: the n-th waits about n slots (less the time the calls took).
    waits.forEach((wait, n) => {
      expect(wait).toBeGreaterThan(n * spacing - 100);
      expect(wait).toBeLessThanOrEqual(Math.ceil(n * spacing));
    });
    await deleteKeys(`${prefix}:pace`);
  });

  it('refuses a send time more than 5 s away and gives each refused call its turn in the line', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:far`, 60_000);
    const slow = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 1 };
    const spacing = pacingIntervalMs(1);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await permits.reserveSend(`r${i}`, 'c', slow));
    // 1.1 s apart: sends 0..4 fit within 5 s (4.4 s), the sixth would be 5.5 s away.
    expect(answers.map((a) => a.reserved)).toEqual([true, true, true, true, true, false, false, false]);
    const retries = answers.slice(5).map((a) => (a.reserved ? NaN : a.retryInMs));
    // The first refused comes back 1 s before its send time (5.5 s), each next one a spacing later: each job
    // comes back about once, not every few seconds while the line moves.
    retries.forEach((retry, n) => {
      expect(retry).toBeGreaterThan(4500 + n * spacing - 300);
      expect(retry).toBeLessThanOrEqual(4500 + n * spacing + 1);
    });
    // Asking again before its moment keeps it (a re-run of the same job); a new call joins at the end. Asking
    // reserves no send time, and another campaign is not held (the global rate is far from full).
    const again = await permits.sendTurnDelayMs('r6', 'c', slow);
    expect(again).toBeGreaterThan(retries[1]! - 300);
    expect(again).toBeLessThanOrEqual(retries[1]!);
    expect(await permits.sendTurnDelayMs('r8', 'c', slow)).toBeGreaterThan(4500 + 3 * spacing - 300);
    expect(await permits.sendTurnDelayMs('o0', 'other', slow)).toBe(0);
    expect((await permits.reserveSend('o0', 'other', slow)).reserved).toBe(true);
    await deleteKeys(`${prefix}:far`);
  });

  it('tells a burst of callers to go only as far as their sends fit the horizon, the rest when to come back', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:burst`, 60_000);
    const five = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    const spacing = pacingIntervalMs(5);
    expect((await permits.reserveSend('first', 'c', five)).reserved).toBe(true);
    // Thirty compliance jobs asking at once, none of them reserving yet: each counts those told before it.
    const delays = await Promise.all(
      Array.from({ length: 30 }, (_, i) => permits.sendTurnDelayMs(`b${i}`, 'c', five)),
    );
    const go = delays.filter((d) => d === 0).length;
    // The next free send is 220 ms off: sends 220 + k * 220 ms fit within 5 s for k = 0..21.
    expect(go).toBeGreaterThanOrEqual(21);
    expect(go).toBeLessThanOrEqual(22);
    const later = delays.filter((d) => d > 0).sort((a, b) => a - b);
    later.forEach((d, n) => {
      expect(d).toBeGreaterThan(spacing * (go + 1 + n) - 1000 - 300);
      expect(d).toBeLessThanOrEqual(spacing * (go + 1 + n) - 1000 + 1);
    });
    await deleteKeys(`${prefix}:burst`);
  });

  it('spaces a burst by the rates in force before the campaign has reserved any send', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:fresh`, 60_000);
    const five = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    // A campaign's start (or its resume after a minute's pause): every compliance job asks before any dial job
    // has reserved. Sends 220 ms apart from now fit within 5 s for k = 0..22.
    const delays = await Promise.all(
      Array.from({ length: 30 }, (_, i) => permits.sendTurnDelayMs(`s${i}`, 'c', five)),
    );
    expect(delays.filter((d) => d === 0).length).toBe(23);
    // At the rate now in force, not at the one before: a lower global rate spaces the line wider.
    const slower = { ...five, globalCallsPerSecond: 2 };
    expect(await permits.sendTurnDelayMs('late', 'c', slower)).toBeGreaterThan(
      30 * pacingIntervalMs(2) - 1000 - 300,
    );
    await deleteKeys(`${prefix}:fresh`);
  });

  it('counts every call ahead once: calls woken at the same moment, and a late one told to go', async () => {
    const key = `${prefix}:ties`;
    const permits = new RedisDialPermits(redis, key, 60_000);
    const five = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    const line = `${key}:pace-line:c`;
    // Two calls woken by the same pass share a moment; the next free send leaves room for one more in the horizon.
    const [seconds, micros] = await redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await redis.zadd(line, now - 10, 'w-a', now - 10, 'w-b');
    await redis.set(`${key}:pace:c`, now + 4900, 'PX', 60_000);
    const [a, b] = [
      await permits.sendTurnDelayMs('w-a', 'c', five),
      await permits.sendTurnDelayMs('w-b', 'c', five),
    ];
    expect([a === 0, b === 0]).toEqual([true, false]);
    // A job running 29.5 s after its moment is told to go; it is still counted a while later, until it reserves.
    await redis.del(line, `${key}:pace:c`);
    await redis.zadd(line, now - 29_500, 'late');
    expect(await permits.sendTurnDelayMs('late', 'c', five)).toBe(0);
    await new Promise((r) => setTimeout(r, 700));
    await permits.sendTurnDelayMs('next', 'c', five);
    expect(await redis.zscore(line, 'late')).not.toBeNull();
    await deleteKeys(key);
  });

  it('lets a refused call reserve when its turn comes, and forgets turns nobody came back for', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:line`, 60_000);
    const fast = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    // Fill the 5 s horizon at 5/s (220 ms apart): the next two calls are refused and given turns in the line.
    for (let i = 0; i < 23; i++) expect((await permits.reserveSend(`f${i}`, 'c', fast)).reserved).toBe(true);
    const first = await permits.reserveSend('w0', 'c', fast);
    const second = await permits.reserveSend('w1', 'c', fast);
    if (first.reserved || second.reserved) throw new Error('expected refusals');
    expect(second.retryInMs - first.retryInMs).toBeGreaterThan(pacingIntervalMs(5) - 50);
    // w0 comes back at its moment: a send time is reservable and near (within the line's 1 s lead).
    await new Promise((r) => setTimeout(r, first.retryInMs));
    expect(await permits.sendTurnDelayMs('w0', 'c', fast)).toBe(0);
    const taken = await permits.reserveSend('w0', 'c', fast);
    expect(taken.reserved && taken.waitMs).toBeLessThanOrEqual(1000);
    const lineKey = `${prefix}:line:pace-line:c`;
    expect(await redis.zrange(lineKey, 0, -1)).toEqual(['w1']);
    // w1 never comes back (its lead was cancelled): 30 s after its moment a newcomer no longer queues behind it.
    await redis.zadd(lineKey, Date.now() - 31_000, 'w1');
    await redis.set(`${prefix}:line:pace:c`, Date.now() + 5500 + 1000, 'PX', 60_000);
    const newcomer = await permits.sendTurnDelayMs('n0', 'c', fast);
    expect(newcomer).toBeGreaterThan(5500 - 300);
    expect(newcomer).toBeLessThanOrEqual(5500 + 1);
    expect(await redis.zrange(lineKey, 0, -1)).toEqual(['n0']);
    await deleteKeys(`${prefix}:line`);
  }, 15_000);

  it('wakes calls told to come back at a lower rate once their sends could go sooner, in their order, once', async () => {
    const key = `${prefix}:early`;
    const permits = new RedisDialPermits(redis, key, 60_000);
    const slow = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 1 };
    for (let i = 0; i < 5; i++) expect((await permits.reserveSend(`s${i}`, 'c', slow)).reserved).toBe(true);
    for (let i = 0; i < 5; i++) expect((await permits.reserveSend(`r${i}`, 'c', slow)).reserved).toBe(false);
    expect(await permits.campaignsWithCallsToComeBack()).toEqual(['c']);
    // Told right: the first of them can send in 5.5 s at the earliest, beyond the horizon.
    expect(await permits.callsToWakeEarly('c', slow)).toEqual([]);
    // The sends ahead went, and the campaign may now dial at 10/s: all five could send within a second.
    await redis.del(`${key}:pace:c`, `${key}:pace:global`);
    const ten = { ...slow, campaignCallsPerSecond: 10 };
    expect(await permits.callsToWakeEarly('c', ten)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(await permits.callsToWakeEarly('c', ten)).toEqual([]);
    // Woken, each goes on at once when its job asks.
    expect(await permits.sendTurnDelayMs('r0', 'c', ten)).toBe(0);
    // A line gone (expired, or every call sent) is forgotten.
    await redis.del(`${key}:pace-line:c`);
    expect(await permits.campaignsWithCallsToComeBack()).toEqual([]);
    expect(await redis.exists(`${key}:pace-lines`)).toBe(0);
    await deleteKeys(key);
  });

  it('admits at most CPS sends per window, counting each until one window after its response', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:admit`, 60_000);
    const five = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 5 };
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await permits.admitSend(`s${i}`, 'c', five));
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    // All five still in flight: the sixth is told to look again shortly, and nothing of it is recorded.
    const inFlight = await permits.admitSend('s5', 'c', five);
    expect(inFlight).toBeGreaterThan(0);
    expect(inFlight).toBeLessThan(100);
    expect(await redis.zcard(permits.sendsKey('c'))).toBe(5);
    // Their answers are back: the sixth waits about one window from then.
    for (let i = 0; i < 5; i++) await permits.sendDone(`s${i}`, 'c');
    const afterAnswers = await permits.admitSend('s5', 'c', five);
    expect(afterAnswers).toBeGreaterThan(500);
    expect(afterAnswers).toBeLessThanOrEqual(1000);
    // Another campaign is not held by this one's sends, but by the global count.
    expect(await permits.admitSend('o1', 'other', five)).toBe(0);
    expect(await permits.admitSend('o2', 'other', { ...five, globalCallsPerSecond: 6 })).toBeGreaterThan(0);
    await deleteKeys(`${prefix}:admit`);
  });

  it('never lets CPS + 1 sends share a carrier second, however late each one arrives', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:late`, 60_000);
    const four = { ...limits, globalCallsPerSecond: 1000, campaignCallsPerSecond: 4 };
    const redisNow = async () => {
      const [sec, micro] = await redis.time();
      return Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
    };
    // Twelve callers asking at once; each send "arrives" at a random moment between its admission and its
    // response, which comes 0-400 ms after admission (a stalled event loop, a slow network).
    const arrivals = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (async () => {
          for (;;) {
            const wait = await permits.admitSend(`b${i}`, 'c', four);
            if (wait > 0) {
              await new Promise((r) => setTimeout(r, wait));
              continue;
            }
            const admittedAt = await redisNow();
            const flight = Math.random() * 400;
            await new Promise((r) => setTimeout(r, flight));
            const respondedAt = await redisNow();
            await permits.sendDone(`b${i}`, 'c');
            return admittedAt + Math.random() * (respondedAt - admittedAt);
          }
        })(),
      ),
    );
    expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(4);
    await deleteKeys(`${prefix}:late`);
  }, 15_000);

  it('keeps the global rate across campaigns', async () => {
    const permits = new RedisDialPermits(redis, `${prefix}:global`, 60_000);
    const paced = { ...limits, globalCallsPerSecond: 2, campaignCallsPerSecond: 1000 };
    const first = await permits.reserveSend('a', 'c1', paced);
    const second = await permits.reserveSend('b', 'c2', paced);
    expect(first).toEqual({ reserved: true, waitMs: 0 });
    expect(second.reserved && second.waitMs).toBeGreaterThan(pacingIntervalMs(2) - 100);
    await deleteKeys(`${prefix}:global`);
  });
  it('admits no send while the kill switch is engaged, asked in the same step as the admission', async () => {
    const p = `${prefix}:kill`;
    const permits = new RedisDialPermits(redis, p, 60_000);
    const killSwitch = new RedisKillSwitch(redis, p);
    await killSwitch.set(true);
    expect(await permits.admitSend('k1', 'c', limits)).toBe(-1);
    expect(await permits.awaitSendTurn('k1', 'c', limits, { waitMs: 0 })).toEqual({
      granted: false,
      killSwitchEngaged: true,
    });
    expect(await permits.activeSends()).toBe(0); // nothing counted for a refused send
    await killSwitch.set(false);
    expect(await permits.admitSend('k1', 'c', limits)).toBe(0);
    await deleteKeys(p);
  });
});
