import { randomBytes } from 'node:crypto';
import { RedisLoadBoard } from '../../src/adapters/redis/load-board.redis';
import { RedisDialPermits } from '../../src/adapters/redis/dial-permits.redis';
import { governDialRate, UNSETTLED_WINDOW_MS } from '../../src/services/dial-governor';
import {
  CALM_DECISIONS_PER_STEP,
  effectiveGlobalCps,
  START_CALLS_PER_SECOND,
  UNTHROTTLED,
  type DialRate,
} from '../../src/scheduling/dial-rate';
import { maxInWindow } from '../support/dial-stack';
import { deleteKeys, testRedis } from '../support/redis';

describe('the dial governor on real Redis: load reports in, a shared dial rate out', () => {
  const prefix = `test-governor-${randomBytes(4).toString('hex')}`;
  const redis = testRedis({ enableAutoPipelining: true });
  const board = new RedisLoadBoard(redis, prefix);
  const permits = new RedisDialPermits(redis, prefix, 60_000);
  let backlog = 0;
  const deps = {
    load: board,
    permits,
    settings: { globalCallsPerSecond: 100 } as never,
    postCallBacklog: async () => backlog,
  };
  /** One decision period: the claim of the previous one lapses first. */
  const decide = async () => {
    await redis.del(`${prefix}:load:decider`);
    return governDialRate(deps, 1000);
  };
  const calm = { role: 'api' as const, eventLoopLagMs: 5, eventLoopMaxMs: 9, webhookAnswerMs: 20 };

  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });
  beforeEach(async () => {
    backlog = 0;
    await deleteKeys(prefix);
    await board.setDialRate(UNTHROTTLED);
  });

  it('slows every replica when an API answers webhooks slowly, and says why', async () => {
    await board.report('api-1', { ...calm, webhookAnswerMs: 1500 });
    await board.report('worker-1', {
      role: 'worker',
      eventLoopLagMs: 10,
      eventLoopMaxMs: 12,
      webhookAnswerMs: null,
    });
    const decided = await decide();
    expect(decided?.signals).toEqual({
      webhookAnswerMs: 1500,
      eventLoopLagMs: 10,
      postCallBacklog: 0,
      unsettledCalls: 0,
    });
    // Nothing was sent in the last second: down to the floor, from the configured 100/s.
    expect(decided?.rate).toEqual({ callsPerSecond: 1, reasons: ['webhookAnswerMs'] });
    // Another replica (its own board) sees the same rate.
    expect(await new RedisLoadBoard(redis, prefix).dialRate()).toEqual(decided?.rate);
  });

  it('decides once per period across replicas', async () => {
    await board.report('api-1', calm);
    expect(await decide()).not.toBeNull();
    expect(await governDialRate(deps, 1000)).toBeNull();
  });

  it('slows from the rate actually sent, for the worst lag of any process and for a post-call backlog', async () => {
    for (let i = 0; i < 40; i++) expect(await permits.admitSend(`s${i}`, 'c1', limitsAt(1000))).toBe(0);
    await board.report('api-1', calm);
    await board.report('worker-2', {
      role: 'worker',
      eventLoopLagMs: 600,
      eventLoopMaxMs: 700,
      webhookAnswerMs: null,
    });
    expect((await decide())?.rate).toEqual({ callsPerSecond: 28, reasons: ['eventLoopLagMs'] });
    await board.report('worker-2', {
      role: 'worker',
      eventLoopLagMs: 5,
      eventLoopMaxMs: 9,
      webhookAnswerMs: null,
    });
    backlog = 1000;
    expect((await decide())?.rate).toEqual({ callsPerSecond: 14, reasons: ['postCallBacklog'] });
  });

  it('counts calls the reconciler settled, within the window only', async () => {
    for (let i = 0; i < 6; i++) await board.noteUnsettledCall(`call-${i}`);
    await redis.zadd(`${prefix}:load:unsettled`, Date.now() - UNSETTLED_WINDOW_MS - 1000, 'call-old');
    expect(await board.unsettledCalls(UNSETTLED_WINDOW_MS)).toBe(6);
    await board.report('api-1', calm);
    expect((await decide())?.rate.reasons).toEqual(['unsettledCalls']);
  });

  it('ignores reports of processes that stopped reporting, and speeds back up once all is calm', async () => {
    await board.setDialRate({ callsPerSecond: 80, reasons: ['webhookAnswerMs'] });
    const stale = JSON.stringify({ ...calm, webhookAnswerMs: 9000, at: Date.now() - 60_000 });
    await redis.hset(`${prefix}:load:reports`, 'api-gone', stale);
    await board.report('api-1', calm);
    // Calls go out meanwhile: an idle second would start the climb again from the start rate.
    expect(await permits.admitSend('s-busy', 'c1', limitsAt(1000))).toBe(0);
    // Each step up waits for a streak of calm decisions, counted in the rate every replica reads.
    for (let i = 1; i < CALM_DECISIONS_PER_STEP; i++)
      expect((await decide())?.rate).toEqual({ callsPerSecond: 80, reasons: [], calmStreak: i });
    expect((await decide())?.rate).toEqual({ callsPerSecond: 89, reasons: [] });
    for (let i = 1; i < CALM_DECISIONS_PER_STEP; i++) expect((await decide())?.rate.callsPerSecond).toBe(89);
    expect((await decide())?.rate.callsPerSecond).toBeCloseTo(98.9);
    for (let i = 1; i < CALM_DECISIONS_PER_STEP; i++) await decide();
    expect((await decide())?.rate).toEqual(UNTHROTTLED);
    expect(await redis.exists(`${prefix}:load:dial-rate`)).toBe(0);
  });

  it('starts from the start rate while nothing is sent, so a new campaign does not open at full speed', async () => {
    await board.report('api-1', calm);
    expect((await decide())?.rate).toEqual({ callsPerSecond: START_CALLS_PER_SECOND, reasons: [] });
  });

  it('a throttled rate handed to the permits is the rate the sends get', async () => {
    const throttled: DialRate = { callsPerSecond: 4, reasons: ['eventLoopLagMs'] };
    const limits = limitsAt(effectiveGlobalCps(1000, throttled));
    const sentAt: number[] = [];
    for (let i = 0; i < 9; i++) {
      const reservation = await permits.reserveSend(`call-${i}`, 'c2', limits);
      if (!reservation.reserved) throw new Error('no send time');
      const turn = await permits.awaitSendTurn(`call-${i}`, 'c2', limits, reservation);
      if (!turn.granted) throw new Error('no send turn');
      sentAt.push(Date.now());
      await turn.sent();
    }
    expect(maxInWindow(sentAt)).toBeLessThanOrEqual(4);
  }, 20_000);
});

function limitsAt(globalCallsPerSecond: number) {
  return {
    globalMaxConcurrent: 1000,
    globalCallsPerSecond,
    campaignMaxConcurrent: 1000,
    campaignCallsPerSecond: 1000,
  };
}
