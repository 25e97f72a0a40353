import type { Redis } from 'ioredis';
import type { LoadBoard, LoadReport } from '../../ports/load-board.port';
import { UNTHROTTLED, type DialRate } from '../../scheduling/dial-rate';

/** A rate not renewed within this long lapses: with no replica left to decide, the configured limits apply. */
const RATE_TTL_MS = 10_000;
/** How long a cached rate is used before asking Redis again. */
const RATE_CACHE_MS = 500;
const REPORTS_TTL_MS = 60_000;

/** The load board in Redis: a hash of per-process reports, a sorted set of unsettled calls, the rate as JSON. */
export class RedisLoadBoard implements LoadBoard {
  private cached: { rate: DialRate; at: number } | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async report(processId: string, report: LoadReport): Promise<void> {
    const key = `${this.prefix}:load:reports`;
    await this.redis
      .multi()
      .hset(key, processId, JSON.stringify({ ...report, at: Date.now() }))
      .pexpire(key, REPORTS_TTL_MS)
      .exec();
  }

  async reports(maxAgeMs: number): Promise<LoadReport[]> {
    const key = `${this.prefix}:load:reports`;
    const all = await this.redis.hgetall(key);
    const since = Date.now() - maxAgeMs;
    const fresh: LoadReport[] = [];
    const gone: string[] = [];
    for (const [id, json] of Object.entries(all)) {
      const { at, ...report } = JSON.parse(json) as LoadReport & { at: number };
      if (at >= since) fresh.push(report);
      else if (at < Date.now() - REPORTS_TTL_MS) gone.push(id);
    }
    // Processes that stopped long ago: their fields would otherwise stay as long as anyone reports.
    if (gone.length) await this.redis.hdel(key, ...gone);
    return fresh;
  }

  async noteUnsettledCall(callId: string): Promise<void> {
    const key = `${this.prefix}:load:unsettled`;
    await this.redis.multi().zadd(key, Date.now(), callId).pexpire(key, 3_600_000).exec();
  }

  async unsettledCalls(windowMs: number): Promise<number> {
    const key = `${this.prefix}:load:unsettled`;
    const [, [, count]] = (await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', Date.now() - windowMs)
      .zcard(key)
      .exec()) as [unknown, [unknown, number]];
    return count;
  }

  async dialRate(): Promise<DialRate> {
    if (this.cached && Date.now() - this.cached.at < RATE_CACHE_MS) return this.cached.rate;
    const json = await this.redis.get(`${this.prefix}:load:dial-rate`);
    const rate = json ? (JSON.parse(json) as DialRate) : UNTHROTTLED;
    this.cached = { rate, at: Date.now() };
    return rate;
  }

  async setDialRate(rate: DialRate): Promise<void> {
    const key = `${this.prefix}:load:dial-rate`;
    if (rate.callsPerSecond === null) await this.redis.del(key);
    else await this.redis.set(key, JSON.stringify(rate), 'PX', RATE_TTL_MS);
    this.cached = { rate, at: Date.now() };
  }

  async claimDecision(periodMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:load:decider`, '1', 'PX', periodMs, 'NX')) === 'OK';
  }
}
