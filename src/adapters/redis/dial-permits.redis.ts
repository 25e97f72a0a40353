import type { Redis } from 'ioredis';
import type {
  DialLimits,
  DialPermits,
  KillSwitch,
  PermitAnswer,
  SendTurn,
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
 * Pacing, step 1: reserves the next free send time for both the global and the campaign rate, spacing sends by
 * 1/CPS, which bounds every sliding one-second window (a fixed-window counter allows a double burst across a
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

/**
 * Pacing, step 2, right before the request: a log of the sends of the last window (global and campaign) that
 * admits this send only if both hold fewer than their cap. A reserved time can be missed: a worker whose event
 * loop stalls fires several waits at once, and the spacing alone would let them out together. Returns 0 when
 * the send is logged, else the milliseconds until the oldest logged send leaves the window (nothing logged).
 */
const CONFIRM_SEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local over = redis.call('ZCARD', KEYS[i]) - tonumber(ARGV[i])
  if over >= 0 then
    local leaving = redis.call('ZRANGE', KEYS[i], over, over, 'WITHSCORES')
    wait = math.max(wait, tonumber(leaving[2]) + window - now + 1)
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[i], window * 2)
end
return 0
`;

/** A reservation further off than this is refused: the job goes back to the queue instead of holding a worker. */
const MAX_SEND_WAIT_MS = 5000;

/**
 * The window of the send log: one second, plus a margin for the time between the log entry and the carrier
 * receiving the request (one local HTTP request; tens of milliseconds on a loaded host), so that the carrier's
 * own one-second count stays within the cap.
 */
export const SEND_WINDOW_MS = 1000 + 50;

/**
 * A caller waiting in-process asks again every 200–400 ms: one small Lua call, while a slot freed by a call's
 * end is taken within a fraction of a second.
 */
const SLOT_RETRY_MS = 200;

/**
 * How long a job that gave up waiting stays in the queue before asking again. Slots free up as calls end
 * (seconds to minutes), so asking more often only burns CPU on every replica; the spread keeps hundreds of
 * waiting jobs from coming back in the same instant.
 */
const SLOT_POLL_MS = 1000;
const slotPollMs = () => SLOT_POLL_MS + Math.floor(Math.random() * SLOT_POLL_MS);

/**
 * Spacing a little wider than 1/CPS keeps the send log (the hard limit) from refusing sends that the spacing
 * let through, which would cost a second round trip and a wait.
 */
export const PACING_HEADROOM = 1.1;

/** Milliseconds between two sends at `cps`, with the headroom (fractional: Redis keeps them as floats). */
export function pacingIntervalMs(cps: number): number {
  return (1000 / cps) * PACING_HEADROOM;
}

/** Sends admitted per window at `cps`: whole calls, at least one (a rate below 1/s is kept by the spacing). */
export function sendsPerWindow(cps: number): number {
  return Math.max(1, Math.floor(cps));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisDialPermits implements DialPermits {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    redis.defineCommand('dialerAcquireSlot', { numberOfKeys: 2, lua: ACQUIRE_SLOT });
    redis.defineCommand('dialerReserveSend', { numberOfKeys: 2, lua: RESERVE_SEND });
    redis.defineCommand('dialerConfirmSend', { numberOfKeys: 2, lua: CONFIRM_SEND });
  }

  async acquire(
    callId: string,
    campaignId: string,
    limits: DialLimits,
    waitUpToMs = 0,
  ): Promise<PermitAnswer> {
    const giveUpAt = Date.now() + waitUpToMs;
    for (let waited = false; ; waited = true) {
      if (await this.tryAcquire(callId, campaignId, limits)) return { granted: true, waited };
      const pause = SLOT_RETRY_MS + Math.floor(Math.random() * SLOT_RETRY_MS);
      if (Date.now() + pause > giveUpAt)
        return { granted: false, retryInMs: slotPollMs(), reason: 'no-slot' };
      await sleep(pause);
    }
  }

  private async tryAcquire(callId: string, campaignId: string, limits: DialLimits): Promise<boolean> {
    const held = (await (this.redis as unknown as PermitCommands).dialerAcquireSlot(
      this.slotsKey(),
      this.slotsKey(campaignId),
      callId,
      limits.globalMaxConcurrent,
      limits.campaignMaxConcurrent,
      this.leaseMs,
    )) as number;
    return held === 1;
  }

  async awaitSendTurn(callId: string, campaignId: string, limits: DialLimits): Promise<SendTurn> {
    const reservation = await this.reserveSend(campaignId, limits);
    if (!reservation.reserved) return { granted: false, retryInMs: MAX_SEND_WAIT_MS / 2 };
    const giveUpAt = Date.now() + MAX_SEND_WAIT_MS;
    let waitMs = reservation.waitMs;
    for (let n = 0; ; n++) {
      if (waitMs > 0) await sleep(waitMs);
      // Unique per try: a retried job's earlier send stays counted.
      waitMs = await this.confirmSend(`${callId}@${Date.now()}#${n}`, campaignId, limits);
      if (waitMs === 0) return { granted: true };
      if (Date.now() + waitMs > giveUpAt) return { granted: false, retryInMs: waitMs };
    }
  }

  /** Step 1 of pacing: the milliseconds until this send's reserved time, or refused when too far off. */
  async reserveSend(
    campaignId: string,
    limits: DialLimits,
  ): Promise<{ reserved: true; waitMs: number } | { reserved: false }> {
    const waitMs = (await (this.redis as unknown as PermitCommands).dialerReserveSend(
      `${this.prefix}:pace:global`,
      `${this.prefix}:pace:${campaignId}`,
      pacingIntervalMs(limits.globalCallsPerSecond),
      pacingIntervalMs(limits.campaignCallsPerSecond),
      MAX_SEND_WAIT_MS,
    )) as number;
    return waitMs >= 0 ? { reserved: true, waitMs } : { reserved: false };
  }

  /** Step 2: 0 when the send is logged and may go now, else the milliseconds to wait before asking again. */
  async confirmSend(sendId: string, campaignId: string, limits: DialLimits): Promise<number> {
    return (await (this.redis as unknown as PermitCommands).dialerConfirmSend(
      this.sendsKey(),
      this.sendsKey(campaignId),
      sendsPerWindow(limits.globalCallsPerSecond),
      sendsPerWindow(limits.campaignCallsPerSecond),
      SEND_WINDOW_MS,
      sendId,
    )) as number;
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

  /** The send log a campaign's (or, without one, every) send is counted in. */
  sendsKey(campaignId?: string): string {
    return campaignId ? `${this.prefix}:sends:${campaignId}` : `${this.prefix}:sends:global`;
  }

  private slotsKey(campaignId?: string): string {
    return campaignId ? `${this.prefix}:slots:${campaignId}` : `${this.prefix}:slots:global`;
  }
}

interface PermitCommands {
  dialerAcquireSlot(...args: Array<string | number>): Promise<unknown>;
  dialerReserveSend(...args: Array<string | number>): Promise<unknown>;
  dialerConfirmSend(...args: Array<string | number>): Promise<unknown>;
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
