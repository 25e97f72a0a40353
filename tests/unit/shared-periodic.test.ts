import { startSharedPeriodic } from '../../src/services/shared-periodic';
import type { SharedTurns } from '../../src/ports/shared-turns.port';

/** The Redis turns' contract in memory, on the (fake) clock. */
function memoryTurns(): SharedTurns {
  const heldUntil = new Map<string, number>();
  return {
    async take(name, leaseMs) {
      const left = (heldUntil.get(name) ?? 0) - Date.now();
      if (left > 0) return left;
      heldUntil.set(name, Date.now() + leaseMs);
      return 0;
    },
    async hold(name, holdMs) {
      heldUntil.set(name, Date.now() + holdMs);
    },
  };
}

const PACING = { busyMs: 100, idleMs: 1000, leaseMs: 5000 };

describe('startSharedPeriodic', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs one pass per period across replicas, never two at once', async () => {
    const turns = memoryTurns();
    const passes: string[] = [];
    let active = 0;
    let maxActive = 0;
    const replica = (name: string) =>
      startSharedPeriodic(
        turns,
        'job',
        async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          passes.push(name);
          await new Promise((r) => setTimeout(r, 10));
          active -= 1;
          return true;
        },
        PACING,
        () => undefined,
      );
    const runners = [replica('a'), replica('b'), replica('c')];
    await jest.advanceTimersByTimeAsync(2000);
    await Promise.all(runners.map((r) => r.stop()));
    expect(maxActive).toBe(1);
    // One pass per busyMs + the pass itself for all three together (each alone would make about as many).
    expect(passes.length).toBeGreaterThanOrEqual(15);
    expect(passes.length).toBeLessThanOrEqual(21);
  });

  it('waits idleMs after a pass that found nothing and busyMs after one that found work', async () => {
    const at: number[] = [];
    let work = 0;
    const runner = startSharedPeriodic(
      memoryTurns(),
      'job',
      async () => {
        at.push(Date.now());
        if (!work) return false;
        work -= 1;
        return true;
      },
      PACING,
      () => undefined,
    );
    await jest.advanceTimersByTimeAsync(2500);
    const start = at[0]!;
    expect(at.map((t) => t - start)).toEqual([0, 1000, 2000]);
    work = 2;
    await jest.advanceTimersByTimeAsync(1000);
    await runner.stop();
    // Work that came during a quiet second is taken within idleMs, then passes follow busyMs apart.
    expect(at.slice(3).map((t) => t - start)).toEqual([3000, 3100, 3200]);
  });

  it('lets another replica take over when the holder hangs past its lease, and retries a failed pass soon', async () => {
    const turns = memoryTurns();
    const passes: string[] = [];
    const errors: string[] = [];
    let release!: () => void;
    const hung = startSharedPeriodic(
      turns,
      'job',
      async () => {
        passes.push('hung');
        await new Promise<void>((r) => (release = r));
        return true;
      },
      PACING,
      () => undefined,
    );
    let failures = 1;
    const other = startSharedPeriodic(
      turns,
      'job',
      async () => {
        passes.push('other');
        if (failures-- > 0) throw new Error('broker away');
        return false;
      },
      PACING,
      (err) => errors.push(err.message),
    );
    await jest.advanceTimersByTimeAsync(PACING.leaseMs - 10);
    expect(passes).toEqual(['hung']);
    await jest.advanceTimersByTimeAsync(20);
    expect(passes).toEqual(['hung', 'other']);
    await jest.advanceTimersByTimeAsync(PACING.busyMs);
    expect(errors).toEqual(['broker away']);
    expect(passes).toEqual(['hung', 'other', 'other']);
    release();
    await Promise.all([hung.stop(), other.stop()]);
  });
});
