import type { Redis } from 'ioredis';
import type { DialLimits, DialPermits, KillSwitch, PermitAnswer } from '../../ports/dial-permits.port';

/**
 * One Lua script checks and takes everything at once, with Redis's own clock, so replicas with skewed clocks
 * and concurrent callers can never overshoot: expired leases are dropped, both slot sets must have room, and
 * both pacing marks (global and campaign) must have passed. Pacing spaces grants by 1/CPS, which bounds every
 * sliding one-second window, unlike a fixed-window counter that allows a double burst across a boundary.
 * Returns 0 when granted, -1 when no slot is free, or the milliseconds until the pacing mark.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return -1
end
local ready = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(redis.call('GET', KEYS[4]) or '0'))
if ready > now then return ready - now end
redis.call('SET', KEYS[3], now + tonumber(ARGV[4]), 'PX', 60000)
redis.call('SET', KEYS[4], now + tonumber(ARGV[5]), 'PX', 60000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[6]), ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[1])
return 0
`;

/**
 * How long a caller waits before asking again for a slot: short, as slots free up on webhooks, and spread
 * out so that hundreds of waiting jobs do not all come back in the same instant.
 */
const SLOT_POLL_MS = 250;
const slotPollMs = () => SLOT_POLL_MS + Math.floor(Math.random() * SLOT_POLL_MS);

/**
 * Network jitter between our grant and the carrier receiving the request can squeeze two grants closer
 * together; 10% extra spacing keeps the carrier's measured rate under the cap.
 */
export const PACING_HEADROOM = 1.1;

export class RedisDialPermits implements DialPermits {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    redis.defineCommand('dialerAcquire', { numberOfKeys: 4, lua: ACQUIRE });
  }

  async acquire(callId: string, campaignId: string, limits: DialLimits): Promise<PermitAnswer> {
    const interval = (cps: number) => Math.ceil((1000 / cps) * PACING_HEADROOM);
    const answer = (await (this.redis as unknown as AcquireCommand).dialerAcquire(
      this.slotsKey(),
      this.slotsKey(campaignId),
      `${this.prefix}:pace:global`,
      `${this.prefix}:pace:${campaignId}`,
      callId,
      limits.globalMaxConcurrent,
      limits.campaignMaxConcurrent,
      interval(limits.globalCallsPerSecond),
      interval(limits.campaignCallsPerSecond),
      this.leaseMs,
    )) as number;
    if (answer === 0) return { granted: true };
    if (answer < 0) return { granted: false, retryInMs: slotPollMs(), reason: 'no-slot' };
    return { granted: false, retryInMs: answer, reason: 'pacing' };
  }

  async release(callId: string, campaignId: string): Promise<void> {
    await this.redis.multi().zrem(this.slotsKey(), callId).zrem(this.slotsKey(campaignId), callId).exec();
  }

  async activeCount(campaignId?: string): Promise<number> {
    const key = this.slotsKey(campaignId);
    const [seconds] = await this.redis.time();
    const now = Number(seconds) * 1000;
    return this.redis.zcount(key, now, '+inf');
  }

  private slotsKey(campaignId?: string): string {
    return campaignId ? `${this.prefix}:slots:${campaignId}` : `${this.prefix}:slots:global`;
  }
}

interface AcquireCommand {
  dialerAcquire(...args: Array<string | number>): Promise<unknown>;
}

export class RedisKillSwitch implements KillSwitch {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async isEngaged(): Promise<boolean> {
    return (await this.redis.get(`${this.prefix}:kill-switch`)) === '1';
  }

  async set(engaged: boolean): Promise<void> {
    if (engaged) await this.redis.set(`${this.prefix}:kill-switch`, '1');
    else await this.redis.del(`${this.prefix}:kill-switch`);
  }
}
