import { startPeriodic } from '../../src/services/periodic';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodic', () => {
  it('never runs two passes at once, keeps going after a failed pass, and stop() waits for the pass in hand', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const errors: string[] = [];
    const runner = startPeriodic(
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        passes += 1;
        await sleep(15); // longer than the interval: a timer-based loop would overlap here
        active -= 1;
        if (passes === 2) throw new Error('second pass failed');
      },
      5,
      (err) => errors.push(err.message),
    );
    await sleep(120);
    await runner.stop();
    const stoppedAt = passes;
    expect(active).toBe(0);
    expect(maxActive).toBe(1);
    expect(errors).toEqual(['second pass failed']);
    expect(passes).toBeGreaterThanOrEqual(3);
    await sleep(40);
    expect(passes).toBe(stoppedAt);
  });
});
