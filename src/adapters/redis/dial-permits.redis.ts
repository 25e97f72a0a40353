import type { Redis } from 'ioredis';
import { LONGEST_SLOT_RECHECK_MS } from '../../scheduling/slot-recheck';
import type {
  DialLimits,
  DialPermits,
  DialTurn,
  PaceRates,
  KillSwitch,
  PermitAnswer,
  SendReservation,
  SendTurn,
} from '../../ports/dial-permits.port';

/** Every script works on Redis's own clock, in milliseconds, so replicas with skewed clocks agree. */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * A campaign's slot line; its keys start at KEYS[o + 1]: the global and campaign slot leases; the line (call ids by
 * the moment each first asked); when each entry is forgotten unless its job asks again (a job that went elsewhere
 * or died); the entries told to wait, whose jobs sleep as delayed jobs; the limits the last asker gave (`c`:
 * campaign, `g`: global), so that a release, which knows none, can tell whose turn has come. The first `free`
 * entries of the line may take a slot (free: the slots that neither set's holders use); those of them asleep are
 * woken (returned, and marked awake for `awake` ms, in which their job is to ask again).
 */
const slotLine = (o: number) => `local slotsG, slotsC = KEYS[${o + 1}], KEYS[${o + 2}]
local line, due, asleep, limits = KEYS[${o + 3}], KEYS[${o + 4}], KEYS[${o + 5}], KEYS[${o + 6}]
local function dropExpiredLeases()
  redis.call('ZREMRANGEBYSCORE', slotsG, '-inf', now)
  redis.call('ZREMRANGEBYSCORE', slotsC, '-inf', now)
end
local function dropGone()
  dropExpiredLeases()
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', due, '-inf', now)) do
    redis.call('ZREM', line, m)
    redis.call('ZREM', asleep, m)
  end
  redis.call('ZREMRANGEBYSCORE', due, '-inf', now)
end
local function campaignFree()
  return tonumber(redis.call('HGET', limits, 'c') or '0') - redis.call('ZCARD', slotsC)
end
local function freeSlots()
  local globalFree = tonumber(redis.call('HGET', limits, 'g') or '0') - redis.call('ZCARD', slotsG)
  return math.min(campaignFree(), globalFree)
end
local function toWake(awake)
  local wake = {}
  local free = freeSlots()
  if free <= 0 then return wake end
  for _, m in ipairs(redis.call('ZRANGE', line, 0, free - 1)) do
    if redis.call('ZREM', asleep, m) == 1 then
      redis.call('ZADD', due, now + awake, m)
      wake[#wake + 1] = m
    end
  end
  return wake
end
local function leave(member)
  redis.call('ZREM', line, member)
  redis.call('ZREM', due, member)
  redis.call('ZREM', asleep, member)
end
`;

/**
 * Slots: one Lua script, on Redis's own clock, drops expired leases and takes a lease in both sets (global and
 * campaign) only if both have room, so concurrent callers on any replica can never overshoot. A caller that
 * already holds the slot (a retried job) keeps it; one that holds it leaves the campaign's slot line. Returns 1 when
 * held, 0 when no slot is free.
 */
const ACQUIRE_SLOT = `
${NOW_MS}${slotLine(0)}dropExpiredLeases()
if redis.call('ZSCORE', slotsG, ARGV[1]) then
  leave(ARGV[1])
  return 1
end
if redis.call('ZCARD', slotsG) >= tonumber(ARGV[2]) or redis.call('ZCARD', slotsC) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', slotsG, now + tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', slotsC, now + tonumber(ARGV[4]), ARGV[1])
leave(ARGV[1])
return 1
`;

/**
 * A call's slot is freed (ARGV[2] = 1) and it leaves the slot line, or it only leaves the line: the entries whose
 * turn has come now are returned, to be woken.
 */
const LEAVE_SLOT = `
${NOW_MS}${slotLine(0)}if ARGV[2] == '1' then
  redis.call('ZREM', slotsG, ARGV[1])
  redis.call('ZREM', slotsC, ARGV[1])
end
leave(ARGV[1])
dropGone()
return toWake(tonumber(ARGV[3]))
`;

/** The next free send time for both the global and the campaign rate (`at`), on Redis's clock (`now`). */
const PACE_AT = `${NOW_MS}local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
`;

/**
 * The campaign's line (KEYS[3]: call ids by the moment each was told to go or to come back; KEYS[4]: the lines
 * with calls told to come back, for WAKE_EARLY). A call is told to go when its send would come within the horizon
 * (ARGV: `horizon`) counting, after the next free send time, one `spacing` (the caller's, at the rates in force:
 * a line must not wait for its campaign's first reservation to know it) for every call before it in the line
 * that has not reserved yet; otherwise to come back `lead` ms before that send time. So a backlog of any size
 * comes back about once per call instead of every few seconds, and a burst of callers does not all go at once to
 * find the horizon full. A call given a moment still ahead keeps it (a re-run of the same job); one asking again
 * after its moment keeps its place before those told later, ties broken by id so that no two count each other
 * out. An entry `grace` ms past its moment belongs to a job that went elsewhere (blocked, cancelled, paused, dead)
 * and is dropped; a late job told to go now is kept half that long more, so that it is counted until it
 * reserves. Returns 0 (go) or the milliseconds until it should ask again.
 */
const TAKE_TURN = `local function takeTurn(member, horizon, lead, grace, spacing)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - grace)
  local was = tonumber(redis.call('ZSCORE', KEYS[3], member))
  if was and was > now then return was - now end
  local ahead = was and redis.call('ZRANK', KEYS[3], member) or redis.call('ZCARD', KEYS[3])
  local sendAt = at + ahead * spacing
  local back = 0
  if sendAt - now > horizon then back = math.floor(sendAt - lead - now) end
  redis.call('ZADD', KEYS[3], back > 0 and now + back or math.max(was or now, now - grace / 2), member)
  local last = tonumber(redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')[2])
  redis.call('PEXPIRE', KEYS[3], math.max(last - now, 0) + grace)
  if back > 0 then redis.call('ZADD', KEYS[4], now, KEYS[3]) end
  return back
end
`;

/**
 * Pacing, step 1: reserves the next free send time for both the global and the campaign rate, spacing sends by
 * 1/CPS, which bounds every sliding one-second window (a fixed-window counter allows a double burst across a
 * boundary), and takes the call out of its campaign's line. Returns the milliseconds to wait before sending; when
 * that is more than ARGV[3] away, nothing is reserved, the call takes its turn in the line, and the answer is
 * negative: minus one, minus the milliseconds until it should ask again.
 */
const RESERVE_SEND = `
${PACE_AT}${TAKE_TURN}if at - now > tonumber(ARGV[3]) then
  local spacing = math.max(tonumber(ARGV[1]), tonumber(ARGV[2]))
  return -1 - takeTurn(ARGV[4], tonumber(ARGV[3]), tonumber(ARGV[5]), tonumber(ARGV[6]), spacing)
end
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', 60000)
redis.call('SET', KEYS[2], at + tonumber(ARGV[2]), 'PX', 60000)
redis.call('ZREM', KEYS[3], ARGV[4])
return at - now
`;

/** Whether the call should try step 1 now (0), or its turn in the line: see TAKE_TURN. Reserves nothing. */
const RESERVABLE_IN = `
${PACE_AT}${TAKE_TURN}return takeTurn(ARGV[2], tonumber(ARGV[1]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
`;

/**
 * A call told to come back is given a moment from the line as it was then: a rate lowered for a moment, or calls
 * ahead of it that went elsewhere, can leave it asleep long after its send could be reserved, with nobody sending
 * meanwhile. The first entries of the line (KEYS as TAKE_TURN's) whose send would come within the horizon (ARGV[1])
 * at the spacing in force (ARGV[6]) but whose moment is more than ARGV[3] ms later than their turn needs (ARGV[2]:
 * the lead) are moved to now and returned, at most ARGV[4] of them, so that their jobs are run now; a line with
 * none left leaves KEYS[4].
 */
const WAKE_EARLY = `
${PACE_AT}redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[5]))
if redis.call('ZCARD', KEYS[3]) == 0 then
  redis.call('ZREM', KEYS[4], KEYS[3])
  return {}
end
local spacing = tonumber(ARGV[6])
local horizon, lead, slack = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local entries = redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')
local wake = {}
for i = 1, #entries, 2 do
  local sendAt = at + (i - 1) / 2 * spacing
  if sendAt - now > horizon then break end
  if tonumber(entries[i + 1]) > math.max(now, sendAt - lead) + slack then
    redis.call('ZADD', KEYS[3], now, entries[i])
    wake[#wake + 1] = entries[i]
  end
end
return wake
`;

/**
 * The dial job's first question: may this call go for a slot and a send time now? The call takes its place in its
 * campaign's slot line, or keeps the one it has (KEYS 5–10, slotLine). Within the first `free` places it is awake
 * and goes on to its turn in the pacing line (KEYS 1–4, as RESERVABLE_IN); further back it is told to wait, asleep
 * until its turn comes, and leaves the pacing line. When only the global limit is full, a call whose campaign has
 * room asks again shortly: the slot it waits for may be freed by another campaign's call. ARGV 5–8: the campaign and
 * global slot limits, how long an awake and an asleep entry is kept without news; ARGV[9]: the pacing spacing.
 * Returns { kind, value, waitedMs, ...to wake }: kind 0 = its pacing turn (value: 0 go, else ms until it should ask
 * again), 1 = asleep (value: calls to end before its turn), 2 = the global limit is full.
 */
const SLOT_TURN = `
${PACE_AT}${TAKE_TURN}${slotLine(4)}local member, awake, asleepFor = ARGV[2], tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('HSET', limits, 'c', ARGV[5], 'g', ARGV[6])
dropGone()
local result
if not redis.call('ZSCORE', slotsG, member) then
  redis.call('ZADD', line, 'NX', now, member)
  local rank = redis.call('ZRANK', line, member)
  local waited = now - tonumber(redis.call('ZSCORE', line, member))
  local roomInCampaign = math.max(campaignFree(), 0)
  if rank >= roomInCampaign then
    redis.call('ZADD', asleep, now, member)
    redis.call('ZADD', due, now + asleepFor, member)
    -- Asleep, it will not come for a send time soon: its place in the pacing line would hold back those that do.
    redis.call('ZREM', KEYS[3], member)
    result = { 1, rank - roomInCampaign + 1, waited }
  else
    redis.call('ZREM', asleep, member)
    redis.call('ZADD', due, now + awake, member)
    if rank >= freeSlots() then result = { 2, 0, waited } end
  end
end
for _, key in ipairs({ line, due, asleep, limits }) do redis.call('PEXPIRE', key, asleepFor) end
if not result then
  local spacing = tonumber(ARGV[9])
  result = { 0, takeTurn(member, tonumber(ARGV[1]), tonumber(ARGV[3]), tonumber(ARGV[4]), spacing), 0 }
end
for _, m in ipairs(toWake(awake)) do result[#result + 1] = m end
return result
`;

/**
 * Pacing, step 2, right before the request: the sends that could still share a one-second window with this one
 * at the carrier, globally and per campaign. This send is admitted only if both counts are under their cap.
 * A send counts from the moment it is admitted until one window after its response came back. Its arrival at the
 * carrier lies somewhere between those two moments, so any two sends that arrive within one second of each other
 * were counted together when the later one was admitted, however long either spent in event loops, the SDK or
 * the network. A send still in flight is held for IN_FLIGHT_MS, until SEND_DONE says when its response came.
 * No send is admitted while the kill switch (KEYS[3]) is engaged: asked in the same step, it costs no round trip.
 * Returns 0 when admitted, -1 for the kill switch, else the milliseconds to wait before asking again (nothing
 * recorded).
 */
const ADMIT_SEND = `
if redis.call('GET', KEYS[3]) == '1' then return -1 end
${NOW_MS}local window = tonumber(ARGV[3])
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local over = redis.call('ZCARD', KEYS[i]) - tonumber(ARGV[i])
  if over >= 0 then
    local freed = tonumber(redis.call('ZRANGE', KEYS[i], over, over, 'WITHSCORES')[2])
    -- Still in flight: its response (and so its end) is not known yet; look again shortly.
    if freed - now > window then freed = now + tonumber(ARGV[5]) end
    wait = math.max(wait, freed - now)
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[6]), ARGV[4])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[6]) + window)
end
return 0
`;

/** The response of an admitted send came back: it stays counted for one more window from now. */
const SEND_DONE = `
${NOW_MS}for i = 1, 2 do redis.call('ZADD', KEYS[i], 'XX', now + tonumber(ARGV[2]), ARGV[1]) end
return 0
`;

/** Sends still counted: admitted within the last window, or in flight. */
const COUNT_SENDS = `
${NOW_MS}return redis.call('ZCOUNT', KEYS[1], now, '+inf')
`;

/** The carrier's window. */
const CARRIER_WINDOW_MS = 1000;

/** How long an admitted send with no word of its response is held: past any request timeout (a dead worker). */
const IN_FLIGHT_MS = 60_000;

/** How soon a caller blocked by a send still in flight asks again. */
const IN_FLIGHT_POLL_MS = 20;

/** A reservation further off than this is refused: the job goes back to the queue instead of holding a worker. */
const MAX_SEND_WAIT_MS = 5000;

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
 * A job in its campaign's line comes back this long before its send time should be near: time to load and check
 * the lead and take a slot, and to absorb a little drift, while the send it reserves then is at most this far off.
 */
const LINE_LEAD_MS = 1000;

/** A line entry whose moment passed this long ago is dropped: its job went elsewhere or died. */
const LINE_GRACE_MS = 30_000;

/** A call asleep in the line is woken early only when its turn needs it this much sooner: no churn for drift. */
const EARLY_WAKE_SLACK_MS = 1000;

/** Calls of one campaign woken early per pass: the horizon's worth at up to 10 calls/s; the next pass goes on. */
const MAX_EARLY_WAKES = 50;

/**
 * Sends are spaced 10% wider than 1/CPS so that, in the steady state, the admission step (the hard limit) admits
 * each send at its reserved time and only holds back sends that a stalled event loop let out late.
 */
const PACING_HEADROOM = 1.1;

/** Milliseconds between two sends at `cps`, with the headroom (fractional: Redis keeps them as floats). */
export function pacingIntervalMs(cps: number): number {
  return (1000 / cps) * PACING_HEADROOM;
}

/** The spacing of a campaign's sends at these rates: the slower of the two limits sets it. */
function sendSpacingMs(rates: PaceRates): number {
  return Math.max(
    pacingIntervalMs(rates.globalCallsPerSecond),
    pacingIntervalMs(rates.campaignCallsPerSecond),
  );
}

/** Sends admitted per window at `cps`: whole calls, at least one (a rate below 1/s is kept by the spacing). */
export function sendsPerWindow(cps: number): number {
  return Math.max(1, Math.floor(cps));
}

/**
 * An entry of the slot line told to go (or woken) is forgotten if its job has not asked again, or taken a slot, in
 * this time: it went elsewhere (blocked, paused, cancelled) or died, and the slot it was counted for goes on.
 */
const SLOT_AWAKE_MS = 30_000;

/** An entry told to wait is kept this long without news: past its job's longest look-again. */
const SLOT_ASLEEP_MS = LONGEST_SLOT_RECHECK_MS + 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Told the calls of a campaign whose turn for a slot has come: their sleeping jobs should run now. */
export type SlotTurnListener = (campaignId: string, callIds: string[]) => void;

export class RedisDialPermits implements DialPermits {
  /** Set once the queues exist (src/container.ts): without it, sleeping jobs wake at their own next look. */
  onTurnCame: SlotTurnListener | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    redis.defineCommand('dialerAcquireSlot', { numberOfKeys: 6, lua: ACQUIRE_SLOT });
    redis.defineCommand('dialerLeaveSlot', { numberOfKeys: 6, lua: LEAVE_SLOT });
    redis.defineCommand('dialerSlotTurn', { numberOfKeys: 10, lua: SLOT_TURN });
    redis.defineCommand('dialerReserveSend', { numberOfKeys: 4, lua: RESERVE_SEND });
    redis.defineCommand('dialerReservableIn', { numberOfKeys: 4, lua: RESERVABLE_IN });
    redis.defineCommand('dialerWakeEarly', { numberOfKeys: 4, lua: WAKE_EARLY });
    redis.defineCommand('dialerAdmitSend', { numberOfKeys: 3, lua: ADMIT_SEND });
    redis.defineCommand('dialerSendDone', { numberOfKeys: 2, lua: SEND_DONE });
    redis.defineCommand('dialerCountSends', { numberOfKeys: 1, lua: COUNT_SENDS });
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
      ...this.slotLineKeys(campaignId),
      callId,
      limits.globalMaxConcurrent,
      limits.campaignMaxConcurrent,
      this.leaseMs,
    )) as number;
    return held === 1;
  }

  async dialTurn(callId: string, campaignId: string, limits: DialLimits): Promise<DialTurn> {
    const [kind, value, waitedMs, ...wake] = (await (this.redis as unknown as PermitCommands).dialerSlotTurn(
      ...this.paceKeys(campaignId),
      ...this.slotLineKeys(campaignId),
      MAX_SEND_WAIT_MS,
      callId,
      LINE_LEAD_MS,
      LINE_GRACE_MS,
      limits.campaignMaxConcurrent,
      limits.globalMaxConcurrent,
      SLOT_AWAKE_MS,
      SLOT_ASLEEP_MS,
      sendSpacingMs(limits),
    )) as [number, number, number, ...string[]];
    this.turnCame(campaignId, wake);
    if (kind === 1) return { kind: 'no-slot', behind: value, waitedMs };
    if (kind === 2) return { kind: 'global-full', retryInMs: slotPollMs() };
    return value > 0 ? { kind: 'pacing', retryInMs: value } : { kind: 'go' };
  }

  async leaveSlotLine(callId: string, campaignId: string): Promise<void> {
    await this.leave(callId, campaignId, false);
  }

  private async leave(callId: string, campaignId: string, freeSlot: boolean): Promise<void> {
    const wake = (await (this.redis as unknown as PermitCommands).dialerLeaveSlot(
      ...this.slotLineKeys(campaignId),
      callId,
      freeSlot ? 1 : 0,
      SLOT_AWAKE_MS,
    )) as string[];
    this.turnCame(campaignId, wake);
  }

  private turnCame(campaignId: string, callIds: string[]): void {
    if (callIds.length > 0) this.onTurnCame?.(campaignId, callIds);
  }

  /** The keys of a campaign's slot line (see slotLine). */
  private slotLineKeys(campaignId: string): [string, string, string, string, string, string] {
    const line = `${this.prefix}:slot-line:${campaignId}`;
    return [
      this.slotsKey(),
      this.slotsKey(campaignId),
      line,
      `${line}:due`,
      `${line}:asleep`,
      `${line}:limits`,
    ];
  }

  /** 0 when a send time could be reserved now; else the call's turn in its campaign's line, in milliseconds. */
  async sendTurnDelayMs(callId: string, campaignId: string, rates: PaceRates): Promise<number> {
    return (await (this.redis as unknown as PermitCommands).dialerReservableIn(
      ...this.paceKeys(campaignId),
      MAX_SEND_WAIT_MS,
      callId,
      LINE_LEAD_MS,
      LINE_GRACE_MS,
      sendSpacingMs(rates),
    )) as number;
  }

  /** Step 1 of pacing: the milliseconds until this send's reserved time, or refused (with its turn) when too far off. */
  async reserveSend(callId: string, campaignId: string, limits: DialLimits): Promise<SendReservation> {
    const waitMs = (await (this.redis as unknown as PermitCommands).dialerReserveSend(
      ...this.paceKeys(campaignId),
      pacingIntervalMs(limits.globalCallsPerSecond),
      pacingIntervalMs(limits.campaignCallsPerSecond),
      MAX_SEND_WAIT_MS,
      callId,
      LINE_LEAD_MS,
      LINE_GRACE_MS,
    )) as number;
    return waitMs >= 0 ? { reserved: true, waitMs } : { reserved: false, retryInMs: -waitMs - 1 };
  }

  /** The keys of step 1: the global and campaign send clocks, the campaign's line, the lines with calls told to come back. */
  private paceKeys(campaignId: string): [string, string, string, string] {
    return [
      `${this.prefix}:pace:global`,
      `${this.prefix}:pace:${campaignId}`,
      this.paceLineKey(campaignId),
      this.pacedLinesKey(),
    ];
  }

  private paceLineKey(campaignId: string): string {
    return `${this.prefix}:pace-line:${campaignId}`;
  }

  private pacedLinesKey(): string {
    return `${this.prefix}:pace-lines`;
  }

  async campaignsWithCallsToComeBack(): Promise<string[]> {
    const lines = await this.redis.zrange(this.pacedLinesKey(), 0, -1);
    // A line expires once its last moment is past (a cancelled or finished campaign's): it is forgotten here.
    const exists = await Promise.all(lines.map((line) => this.redis.exists(line)));
    const gone = lines.filter((_, i) => exists[i] === 0);
    if (gone.length > 0) await this.redis.zrem(this.pacedLinesKey(), ...gone);
    const lineOf = this.paceLineKey('');
    return lines.filter((_, i) => exists[i] === 1).map((line) => line.slice(lineOf.length));
  }

  async callsToWakeEarly(campaignId: string, rates: PaceRates): Promise<string[]> {
    return (await (this.redis as unknown as PermitCommands).dialerWakeEarly(
      ...this.paceKeys(campaignId),
      MAX_SEND_WAIT_MS,
      LINE_LEAD_MS,
      EARLY_WAKE_SLACK_MS,
      MAX_EARLY_WAKES,
      LINE_GRACE_MS,
      sendSpacingMs(rates),
    )) as string[];
  }

  async awaitSendTurn(
    callId: string,
    campaignId: string,
    limits: DialLimits,
    reservation: { waitMs: number },
  ): Promise<SendTurn> {
    const giveUpAt = Date.now() + MAX_SEND_WAIT_MS;
    // Unique per try: a retried job's earlier send stays counted.
    const sendId = `${callId}@${Date.now()}`;
    let waitMs = reservation.waitMs;
    for (;;) {
      if (waitMs > 0) await sleep(waitMs);
      waitMs = await this.admitSend(sendId, campaignId, limits);
      if (waitMs === 0) return { granted: true, sent: () => this.sendDone(sendId, campaignId) };
      if (waitMs < 0) return { granted: false, killSwitchEngaged: true };
      if (Date.now() + waitMs > giveUpAt) return { granted: false, retryInMs: waitMs };
    }
  }

  /**
   * Step 2: 0 when the send is admitted and must go now, -1 while the kill switch is engaged, else the milliseconds
   * to wait before asking again.
   */
  async admitSend(sendId: string, campaignId: string, limits: DialLimits): Promise<number> {
    return (await (this.redis as unknown as PermitCommands).dialerAdmitSend(
      this.sendsKey(),
      this.sendsKey(campaignId),
      killSwitchKey(this.prefix),
      sendsPerWindow(limits.globalCallsPerSecond),
      sendsPerWindow(limits.campaignCallsPerSecond),
      CARRIER_WINDOW_MS,
      sendId,
      IN_FLIGHT_POLL_MS,
      IN_FLIGHT_MS,
    )) as number;
  }

  /** Step 3, when the carrier's response (or error) came back. */
  async sendDone(sendId: string, campaignId: string): Promise<void> {
    await (this.redis as unknown as PermitCommands).dialerSendDone(
      this.sendsKey(),
      this.sendsKey(campaignId),
      sendId,
      CARRIER_WINDOW_MS,
    );
  }

  async release(callId: string, campaignId: string): Promise<void> {
    await this.leave(callId, campaignId, true);
  }

  async activeCount(campaignId?: string): Promise<number> {
    const key = this.slotsKey(campaignId);
    const [seconds] = await this.redis.time();
    const now = Number(seconds) * 1000;
    return this.redis.zcount(key, now, '+inf');
  }

  async forgetSlotLine(campaignId: string): Promise<void> {
    const [, , ...line] = this.slotLineKeys(campaignId);
    await this.redis.del(...line);
  }

  async waitingForSlot(campaignId: string): Promise<number> {
    return this.redis.zcard(this.slotLineKeys(campaignId)[4]);
  }

  async activeSends(): Promise<number> {
    return (await (this.redis as unknown as PermitCommands).dialerCountSends(this.sendsKey())) as number;
  }

  /** Where a campaign's (or, without one, every) admitted send is counted. */
  sendsKey(campaignId?: string): string {
    return campaignId ? `${this.prefix}:sends:${campaignId}` : `${this.prefix}:sends:global`;
  }

  private slotsKey(campaignId?: string): string {
    return campaignId ? `${this.prefix}:slots:${campaignId}` : `${this.prefix}:slots:global`;
  }
}

interface PermitCommands {
  dialerAcquireSlot(...args: Array<string | number>): Promise<unknown>;
  dialerLeaveSlot(...args: Array<string | number>): Promise<unknown>;
  dialerSlotTurn(...args: Array<string | number>): Promise<unknown>;
  dialerReserveSend(...args: Array<string | number>): Promise<unknown>;
  dialerReservableIn(...args: Array<string | number>): Promise<unknown>;
  dialerWakeEarly(...args: Array<string | number>): Promise<unknown>;
  dialerAdmitSend(...args: Array<string | number>): Promise<unknown>;
  dialerSendDone(...args: Array<string | number>): Promise<unknown>;
  dialerCountSends(...args: Array<string | number>): Promise<unknown>;
}

/** Where the kill switch is: read by RedisKillSwitch, and by the admission of every send. */
const killSwitchKey = (prefix: string) => `${prefix}:kill-switch`;

export class RedisKillSwitch implements KillSwitch {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async isEngaged(): Promise<boolean> {
    return (await this.redis.get(killSwitchKey(this.prefix))) === '1';
  }

  async set(engaged: boolean): Promise<void> {
    if (engaged) await this.redis.set(killSwitchKey(this.prefix), '1');
    else await this.redis.del(killSwitchKey(this.prefix));
  }
}
