import type { Redis } from 'ioredis';
import type {
  DialLimits,
  DialPermits,
  KillSwitch,
  PermitAnswer,
  SendReservation,
} from '../../ports/dial-permits.port';

/**
 * Slots: one Lua script, on Redis's own clock, drops expired leases and takes a lease in both sets (global and
 * campaign) only if both have room, so concurrent callers on any replica can never overshoot. A caller that
 * already holds the slot (a retried job) keeps it. Returns 1 when held, 0 when no slot is free.
 */
const ACQUIRE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
return 1
`;

/**
 * Pacing: reserves the next free send time for both the global and the campaign rate, spacing sends by 1/CPS,
 * which bounds every sliding one-second window (a fixed-window counter allows a double burst across a
 * boundary). Returns the milliseconds to wait before sending, or -1 when that is more than ARGV[3] away (then
 * nothing is reserved).
 */
const RESERVE_SEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
if at - now > tonumber(ARGV[3]) then return -1 end
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', 60000)
redis.call('SET', KEYS[2], at + tonumber(ARGV[2]), 'PX', 60000)
return at - now
`;

/** A reservation further off than this is refused: the job goes back to the queue instead of holding a worker. */
const MAX_SEND_WAIT_MS = 5000;

/**
 * How long a caller waits before asking again for a slot. Slots free up as calls end (seconds to minutes), so
 * asking more often only burns CPU on every replica; the spread keeps hundreds of waiting jobs from coming back
 * in the same instant.
 */
const SLOT_POLL_MS = 1000;
const slotPollMs = () => SLOT_POLL_MS + Math.floor(Math.random() * SLOT_POLL_MS);

/**
 * Between our reservation and the carrier receiving the request, a busy worker's event loop can add tens to
 * hundreds of milliseconds, squeezing two sends together as the carrier sees them. 25% extra spacing keeps the
 * carrier's sliding one-second count at or under the cap (measured: 10 calls/s campaign, 3 workers on 2 cores).
 */
export const PACING_HEADROOM = 1.25;

/** Milliseconds between two sends at `cps`, with the headroom (fractional: Redis keeps them as floats). */
export function pacingIntervalMs(cps: number): number {
  return (1000 / cps) * PACING_HEADROOM;
}

export class RedisDialPermits implements DialPermits {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    redis.defineCommand('dialerAcquireSlot', { numberOfKeys: 2, lua: ACQUIRE_SLOT });
    redis.defineCommand('dialerReserveSend', { numberOfKeys: 2, lua: RESERVE_SEND });
  }

  async acquire(callId: string, campaignId: string, limits: DialLimits): Promise<PermitAnswer> {
    const held = (await (this.redis as unknown as PermitCommands).dialerAcquireSlot(
      this.slotsKey(),
      this.slotsKey(campaignId),
      callId,
      limits.globalMaxConcurrent,
      limits.campaignMaxConcurrent,
      this.leaseMs,
    )) as number;
    return held === 1 ? { granted: true } : { granted: false, retryInMs: slotPollMs(), reason: 'no-slot' };
  }

  async reserveSend(campaignId: string, limits: DialLimits): Promise<SendReservation> {
    const waitMs = (await (this.redis as unknown as PermitCommands).dialerReserveSend(
      `${this.prefix}:pace:global`,
      `${this.prefix}:pace:${campaignId}`,
      pacingIntervalMs(limits.globalCallsPerSecond),
      pacingIntervalMs(limits.campaignCallsPerSecond),
      MAX_SEND_WAIT_MS,
    )) as number;
    return waitMs >= 0 ? { reserved: true, waitMs } : { reserved: false, retryInMs: MAX_SEND_WAIT_MS / 2 };
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

interface PermitCommands {
  dialerAcquireSlot(...args: Array<string | number>): Promise<unknown>;
  dialerReserveSend(...args: Array<string | number>): Promise<unknown>;
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
