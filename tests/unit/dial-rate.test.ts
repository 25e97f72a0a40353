import fc from 'fast-check';
import {
  CALM_DECISIONS_PER_STEP,
  decideDialRate,
  effectiveGlobalCps,
  LOAD_THRESHOLDS,
  MIN_CALLS_PER_SECOND,
  START_CALLS_PER_SECOND,
  UNTHROTTLED,
  type DialRate,
  type LoadSignals,
} from '../../src/scheduling/dial-rate';

const calm: LoadSignals = { webhookAnswerMs: 20, eventLoopLagMs: 10, postCallBacklog: 0, unsettledCalls: 0 };
const decide = (signals: Partial<LoadSignals>, current: DialRate = UNTHROTTLED, sent = 40, cps = 100) =>
  decideDialRate({ signals: { ...calm, ...signals }, current, sentLastSecond: sent, configuredCps: cps });

describe('decideDialRate', () => {
  it('leaves a calm system unthrottled', () => {
    expect(decide({})).toEqual(UNTHROTTLED);
    expect(decide({ webhookAnswerMs: null, eventLoopLagMs: null })).toEqual(UNTHROTTLED);
  });

  it.each([
    ['slow webhook answers', { webhookAnswerMs: 1500 }, 'webhookAnswerMs'],
    ['a stalled event loop', { eventLoopLagMs: 600 }, 'eventLoopLagMs'],
    ['a post-call backlog', { postCallBacklog: 250 }, 'postCallBacklog'],
  ] as const)('slows to 70%% of what is sent on %s, and names it', (_label, signal, reason) => {
    expect(decide(signal)).toEqual({ callsPerSecond: 28, reasons: [reason] });
  });

  it('halves on a signal at twice its threshold or worse, also for calls that lost their final webhook', () => {
    expect(decide({ webhookAnswerMs: 2000 })).toEqual({ callsPerSecond: 20, reasons: ['webhookAnswerMs'] });
    expect(decide({ unsettledCalls: 5 })).toEqual(UNTHROTTLED);
    expect(decide({ unsettledCalls: 6 }).callsPerSecond).toBe(28);
    expect(decide({ unsettledCalls: 10 }).callsPerSecond).toBe(20);
  });

  it('names every signal over its threshold', () => {
    expect(decide({ eventLoopLagMs: 600, postCallBacklog: 900 }).reasons).toEqual([
      'eventLoopLagMs',
      'postCallBacklog',
    ]);
  });

  it('decreases from what is actually sent, not from a configured rate far above it', () => {
    expect(decide({ eventLoopLagMs: 600 }, UNTHROTTLED, 50, 10_000).callsPerSecond).toBe(35);
    // Already throttled below what was sent (sends admitted earlier): from the throttle.
    expect(decide({ eventLoopLagMs: 600 }, { callsPerSecond: 10, reasons: [] }, 50).callsPerSecond).toBe(7);
  });

  it('never goes below the floor, nor above the configured rate', () => {
    expect(decide({ eventLoopLagMs: 5000 }, { callsPerSecond: 0.6, reasons: [] }, 0).callsPerSecond).toBe(
      MIN_CALLS_PER_SECOND,
    );
    expect(decide({ eventLoopLagMs: 5000 }, UNTHROTTLED, 0, 0.2).callsPerSecond).toBe(0.2);
  });

  /** The rate after `n` decisions in a row on the same signals. */
  const after = (n: number, signals: Partial<LoadSignals>, from: DialRate) => {
    let rate = from;
    for (let i = 0; i < n; i++) rate = decide(signals, rate);
    return rate;
  };

  it('holds between the thresholds and speeds up only after every signal was calm for a few decisions', () => {
    const throttled: DialRate = { callsPerSecond: 10, reasons: ['webhookAnswerMs'] };
    expect(decide({ webhookAnswerMs: 500 }, throttled)).toEqual(throttled);
    expect(after(CALM_DECISIONS_PER_STEP - 1, { webhookAnswerMs: 100 }, throttled)).toEqual({
      callsPerSecond: 10,
      reasons: [],
      calmStreak: CALM_DECISIONS_PER_STEP - 1,
    });
    expect(after(CALM_DECISIONS_PER_STEP, { webhookAnswerMs: 100 }, throttled)).toEqual({
      callsPerSecond: 12,
      reasons: [],
    });
    expect(after(CALM_DECISIONS_PER_STEP, {}, { callsPerSecond: 95, reasons: [] })).toEqual(UNTHROTTLED);
  });

  it('starts counting calm decisions again after one between the thresholds', () => {
    const almost = after(CALM_DECISIONS_PER_STEP - 1, {}, { callsPerSecond: 10, reasons: [] });
    const held = decide({ webhookAnswerMs: 500 }, almost);
    expect(held).toEqual({ callsPerSecond: 10, reasons: [] });
    expect(after(CALM_DECISIONS_PER_STEP - 1, {}, held).callsPerSecond).toBe(10);
    expect(after(CALM_DECISIONS_PER_STEP, {}, held).callsPerSecond).toBe(12);
  });

  it('climbs from the floor no faster than one step per calm streak', () => {
    let rate: DialRate = { callsPerSecond: MIN_CALLS_PER_SECOND, reasons: ['webhookAnswerMs'] };
    const seen: number[] = [];
    for (let i = 0; i < 4 * CALM_DECISIONS_PER_STEP; i++) {
      rate = decide({}, rate, 0, 10_000);
      seen.push(rate.callsPerSecond!);
    }
    expect(new Set(seen).size).toBe(5);
    expect(rate.callsPerSecond).toBeCloseTo(1 * 1.1 ** 4 + (1.1 ** 3 + 1.1 ** 2 + 1.1 + 1), 9);
  });

  it('starts again from the start rate after a second with nothing sent, and climbs from there', () => {
    const start: DialRate = { callsPerSecond: START_CALLS_PER_SECOND, reasons: [] };
    expect(decide({}, UNTHROTTLED, 0)).toEqual(start);
    expect(decide({}, { callsPerSecond: 50, reasons: [] }, 0)).toEqual(start);
    // Idle, the calm streak still counts, but the step it earns waits for calls to be sent.
    expect(after(CALM_DECISIONS_PER_STEP - 1, {}, start)).toEqual({ ...start, calmStreak: 2 });
    expect(decide({}, { ...start, calmStreak: 2 }, 0)).toEqual(start);
    expect(decide({}, { ...start, calmStreak: 2 }, 7)).toEqual({ callsPerSecond: 12, reasons: [] });
    // Never up from a cut below it, and not at all when the configured rate is no higher.
    expect(decide({}, { callsPerSecond: 3, reasons: [] }, 0)).toEqual({
      callsPerSecond: 3,
      reasons: [],
      calmStreak: 1,
    });
    expect(decide({}, UNTHROTTLED, 0, START_CALLS_PER_SECOND)).toEqual(UNTHROTTLED);
    // Pressure still cuts, from the floor when nothing is sent.
    expect(decide({ eventLoopLagMs: 600 }, UNTHROTTLED, 0).callsPerSecond).toBe(MIN_CALLS_PER_SECOND);
  });

  it('from any state: under pressure never faster than before or than what is sent; calm never slower, idle from the start rate', () => {
    const signal = (t: { high: number }) =>
      fc.oneof(fc.constant(0), fc.double({ min: 0, max: t.high * 4, noNaN: true }));
    fc.assert(
      fc.property(
        fc.record({
          webhookAnswerMs: signal(LOAD_THRESHOLDS.webhookAnswerMs),
          eventLoopLagMs: signal(LOAD_THRESHOLDS.eventLoopLagMs),
          postCallBacklog: fc.nat(1000),
          unsettledCalls: fc.nat(5),
        }),
        fc.option(fc.double({ min: MIN_CALLS_PER_SECOND, max: 500, noNaN: true }), { nil: null }),
        fc.nat(600),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (signals, throttle, sent, cps) => {
          const current: DialRate = { callsPerSecond: throttle, reasons: [] };
          const next = decideDialRate({ signals, current, sentLastSecond: sent, configuredCps: cps });
          const before = effectiveGlobalCps(cps, current);
          const after = effectiveGlobalCps(cps, next);
          expect(after).toBeLessThanOrEqual(cps);
          expect(after).toBeGreaterThanOrEqual(Math.min(cps, MIN_CALLS_PER_SECOND));
          if (next.reasons.length) {
            expect(after).toBeLessThan(Math.max(before, Math.min(cps, MIN_CALLS_PER_SECOND)) + 1e-9);
            expect(after).toBeLessThanOrEqual(Math.max(sent, Math.min(cps, MIN_CALLS_PER_SECOND)));
          } else if (sent > 0) expect(after).toBeGreaterThanOrEqual(before);
          else {
            // Idle: at most the start rate, and never lower than it or than the rate before.
            expect(after).toBeGreaterThanOrEqual(Math.min(before, START_CALLS_PER_SECOND));
            if (cps > START_CALLS_PER_SECOND) expect(after).toBeLessThanOrEqual(START_CALLS_PER_SECOND);
          }
        },
      ),
    );
  });
});

describe('effectiveGlobalCps', () => {
  it('is the configured rate unless a throttle lowers it', () => {
    expect(effectiveGlobalCps(20, UNTHROTTLED)).toBe(20);
    expect(effectiveGlobalCps(20, { callsPerSecond: 5, reasons: ['eventLoopLagMs'] })).toBe(5);
    expect(effectiveGlobalCps(2, { callsPerSecond: 5, reasons: [] })).toBe(2);
  });
});
