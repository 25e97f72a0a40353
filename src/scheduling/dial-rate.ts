/**
 * Back-pressure: how fast the dialer may place calls, given how well the rest of the system follows the calls it
 * already has. A pure rule, applied once a second by one replica (src/services/dial-governor.ts); every dial job
 * then takes min(configured global CPS, this rate) as its global calls-per-second limit.
 */

/** What the system shows of its own load, read from every process's report in Redis. */
export interface LoadSignals {
  /** Slowest webhook answer (p95 of the last second) across API processes; null when none answered. */
  webhookAnswerMs: number | null;
  /** Longest event-loop stall (p99 of the last second) across API and worker processes. */
  eventLoopLagMs: number | null;
  /** Post-call jobs ready to run that no worker has taken yet. */
  postCallBacklog: number;
  /** Calls the reconciler had to settle in the last minutes because their final webhook never came. */
  unsettledCalls: number;
}

export type LoadSignal = keyof LoadSignals;

/** Above `high` a signal slows the dialer; only when every signal is at or below `low` does it speed up again. */
export type LoadThresholds = Record<LoadSignal, { high: number; low: number }>;

/**
 * Twilio gives up on a status callback after 15 s and never retries it: a webhook answered in more than a
 * second is a warning long before that. Event-loop stalls past 500 ms (p99 of a second) delay every webhook and
 * lock renewal in that process; a machine shared with other work shows 100-300 ms without being behind. A post-call backlog means transcripts and lead updates lag behind the calls. Any call settled by
 * the reconciler lost its final webhook.
 */
export const LOAD_THRESHOLDS: LoadThresholds = {
  webhookAnswerMs: { high: 1000, low: 300 },
  eventLoopLagMs: { high: 500, low: 200 },
  postCallBacklog: { high: 200, low: 50 },
  unsettledCalls: { high: 5, low: 0 },
};

/** The throttle in force: `callsPerSecond` null means none (the configured limits alone apply). */
export interface DialRate {
  callsPerSecond: number | null;
  /** The signals over their `high` threshold at the last decision. */
  reasons: LoadSignal[];
  /** Calm decisions in a row since the rate last changed or held (absent: none). */
  calmStreak?: number;
}

export const UNTHROTTLED: DialRate = { callsPerSecond: null, reasons: [] };

/** Never slower than this (or the configured rate, if lower): a stopped dialer would never learn it may speed up. */
export const MIN_CALLS_PER_SECOND = 1;
/** Per decision under pressure: half the rate when a signal is twice its threshold or worse, else 70%. */
const DECREASE = 0.7;
const SEVERE_DECREASE = 0.5;
/** Each step up when every signal is calm: 10% more plus one call per second, until the configured rate. */
const INCREASE = 1.1;
const INCREASE_STEP = 1;
/**
 * Calm decisions in a row before each step up. A step's own webhooks take a few seconds to show in the answer
 * times (and in the bench a step every second overshot the API's capacity threefold before the first slow
 * answer was seen, and the queue it built lost webhooks after the rate was already cut): each step is judged
 * before the next one.
 */
export const CALM_DECISIONS_PER_STEP = 3;
/**
 * After a second with nothing sent (startup, between campaigns), a configured rate above this is reached by the
 * same calm steps from here: at full rate, a new campaign's first seconds place calls faster than their webhooks'
 * answer times can show it. In the bench, 187 instant calls in three seconds built a queue of TwiML fetches that
 * Twilio would have given up on (105 lost) before the first cut. Ten calls a second is within what one API
 * process on two busy cores follows.
 */
export const START_CALLS_PER_SECOND = 10;

/**
 * Multiplicative decrease from what is actually being sent (the configured rate may be far above it), a gentle
 * step up after every CALM_DECISIONS_PER_STEP decisions in a row with every signal calm, and between the two
 * thresholds the rate holds (and the calm count starts again): the band keeps the rate from swinging on every
 * small change. An idle second starts the climb again from START_CALLS_PER_SECOND.
 */
export function decideDialRate(input: {
  signals: LoadSignals;
  current: DialRate;
  /** Calls sent in the last second (all campaigns). */
  sentLastSecond: number;
  /** The configured global calls per second. */
  configuredCps: number;
  thresholds?: LoadThresholds;
}): DialRate {
  const { signals, current, sentLastSecond, configuredCps } = input;
  const thresholds = input.thresholds ?? LOAD_THRESHOLDS;
  const floor = Math.min(configuredCps, MIN_CALLS_PER_SECOND);
  const over = (Object.keys(thresholds) as LoadSignal[]).filter(
    (s) => (signals[s] ?? 0) > thresholds[s].high,
  );
  if (over.length) {
    const severe = over.some((s) => (signals[s] ?? 0) >= 2 * Math.max(thresholds[s].high, 1));
    const base = Math.min(current.callsPerSecond ?? configuredCps, Math.max(sentLastSecond, floor));
    const next = Math.max(floor, base * (severe ? SEVERE_DECREASE : DECREASE));
    return { callsPerSecond: Math.min(next, configuredCps), reasons: over };
  }
  const calmer = speedUp(signals, current, configuredCps, thresholds);
  const idle = sentLastSecond === 0 && configuredCps > START_CALLS_PER_SECOND;
  return idle && (calmer.callsPerSecond ?? Infinity) > START_CALLS_PER_SECOND
    ? { callsPerSecond: START_CALLS_PER_SECOND, reasons: [] }
    : calmer;
}

/** With no signal over its threshold: hold between the thresholds, step up after a calm streak. */
function speedUp(
  signals: LoadSignals,
  current: DialRate,
  configuredCps: number,
  thresholds: LoadThresholds,
): DialRate {
  if (current.callsPerSecond === null) return UNTHROTTLED;
  const calm = (Object.keys(thresholds) as LoadSignal[]).every((s) => (signals[s] ?? 0) <= thresholds[s].low);
  if (!calm) return { callsPerSecond: current.callsPerSecond, reasons: current.reasons };
  const calmStreak = (current.calmStreak ?? 0) + 1;
  if (calmStreak < CALM_DECISIONS_PER_STEP)
    return { callsPerSecond: current.callsPerSecond, reasons: [], calmStreak };
  const next = current.callsPerSecond * INCREASE + INCREASE_STEP;
  return next >= configuredCps ? UNTHROTTLED : { callsPerSecond: next, reasons: [] };
}

/** The global calls-per-second a dial job uses: the configured one, lowered by the throttle in force. */
export function effectiveGlobalCps(configuredCps: number, rate: DialRate): number {
  return rate.callsPerSecond === null ? configuredCps : Math.min(configuredCps, rate.callsPerSecond);
}

/** What a campaign's progress says of its pace: the rate it may dial at now, and whether back-pressure set it. */
export function dialRateProgress(
  campaignCps: number,
  configuredCps: number,
  rate: DialRate,
): { callsPerSecond: number; slowedByLoad: boolean; reasons: LoadSignal[] } {
  const unslowed = Math.min(campaignCps, configuredCps);
  const callsPerSecond = Math.min(campaignCps, effectiveGlobalCps(configuredCps, rate));
  const slowedByLoad = callsPerSecond < unslowed;
  return { callsPerSecond, slowedByLoad, reasons: slowedByLoad ? rate.reasons : [] };
}
