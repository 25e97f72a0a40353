import { StatsRecorder } from '../../src/simulator/stats';
import { ALWAYS_HUMAN, startHarness, type Harness } from './support';

const NUMBERS = [
  '+15551230001',
  '+15551230002',
  '+15551230001',
  '+15551230003',
  '+15551230001',
  '+15551230002',
];

describe('simulator: stats for dialing-limit tests', () => {
  it('counts the most creates in any 1000 ms window', () => {
    const stats = new StatsRecorder();
    [0, 500, 999, 1000, 1999, 2500].forEach((t) => stats.createAccepted('+1555', t));
    // {0, 500, 999} and {500, 999, 1000} hold 3; 1999 no longer shares a window with 999.
    expect(stats.snapshot()).toMatchObject({ creates: 6, maxCallsPerSecond: 3, createsByTo: { '+1555': 6 } });
  });

  it('tracks concurrency from create until the terminal status, and creates per number', async () => {
    const h = await startHarness({ profile: { ...ALWAYS_HUMAN, ringMs: [500, 500], talkMs: [0, 0] } });
    try {
      // Rings long enough that all four are live at once, even on a loaded machine.
      await Promise.all(NUMBERS.slice(0, 4).map((to) => h.dial(to)));
      expect(h.sim.stats().activeCalls).toBe(4);
      await h.sim.idle();
      await h.dial(NUMBERS[4]!);
      await h.sim.idle();
      const stats = h.sim.stats();
      expect(stats).toMatchObject({
        creates: 5,
        activeCalls: 0,
        maxConcurrentCalls: 4,
        createsByTo: { '+15551230001': 3, '+15551230002': 1, '+15551230003': 1 },
        finalStatuses: { completed: 5 },
      });
      expect(stats.createTimestamps).toHaveLength(5);
      // Whether the fifth create shares a second with the first four depends on machine load: check by brute force.
      const perWindow = stats.createTimestamps.map(
        (t) => stats.createTimestamps.filter((u) => u > t - 1000 && u <= t).length,
      );
      expect(stats.maxCallsPerSecond).toBe(Math.max(...perWindow));
      expect(stats.maxCallsPerSecond).toBeGreaterThanOrEqual(4);
    } finally {
      await h.close();
    }
  });

  it('serves stats and calls as JSON for humans', async () => {
    const h = await startHarness({ profile: ALWAYS_HUMAN });
    try {
      await h.dial(NUMBERS[0]!);
      await h.sim.idle();
      expect(await (await fetch(`${h.sim.url}/_sim/stats`)).json()).toMatchObject({ creates: 1 });
      expect(await (await fetch(`${h.sim.url}/_sim/calls`)).json()).toEqual([
        expect.objectContaining({ to: NUMBERS[0], status: 'completed' }),
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('simulator: seeded outcomes', () => {
  async function outcomes(seed: number): Promise<string[]> {
    const h: Harness = await startHarness({ seed, profile: { ringMs: [0, 0], talkMs: [0, 0] } });
    try {
      for (const to of NUMBERS) await h.dial(to, { machineDetection: 'Enable' });
      await h.sim.idle();
      return h.sim.calls().map((c) => `${c.to} ${c.fate} ${c.answeredBy ?? '-'} ${c.reply ?? '-'}`);
    } finally {
      await h.close();
    }
  }

  it('replays the same outcomes for the same seed and differs for another seed', async () => {
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(await outcomes(43)).not.toEqual(first);
  });

  it('lets a later call to the same number draw a different outcome', async () => {
    const h = await startHarness({ seed: 5, profile: { ringMs: [0, 0], talkMs: [0, 0] } });
    try {
      for (let i = 0; i < 10; i++) await h.dial(NUMBERS[0]!);
      await h.sim.idle();
      const distinct = new Set(h.sim.calls().map((c) => `${c.fate} ${c.reply ?? '-'}`));
      expect(distinct.size).toBeGreaterThan(1);
    } finally {
      await h.close();
    }
  });

  it('rejects an impossible profile', async () => {
    const h = await startHarness();
    try {
      expect(() => h.sim.setProfile({ ringMs: [10, 5] })).toThrow(RangeError);
      expect(() => h.sim.setProfile({ answerRate: 0, busyRate: 0, noAnswerRate: 0, failedRate: 0 })).toThrow(
        RangeError,
      );
    } finally {
      await h.close();
    }
  });
});
