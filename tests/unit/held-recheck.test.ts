import { FIRST_RECHECK_MS, LONGEST_RECHECK_MS, heldRecheckDelayMs } from '../../src/scheduling/held-recheck';

describe('heldRecheckDelayMs', () => {
  it('looks again after a second at first, then after as long as it has been held', () => {
    expect(heldRecheckDelayMs(0)).toBe(FIRST_RECHECK_MS);
    expect(heldRecheckDelayMs(400)).toBe(FIRST_RECHECK_MS);
    expect(heldRecheckDelayMs(2_000)).toBe(2_000);
    expect(heldRecheckDelayMs(90_000)).toBe(90_000);
  });

  it('never waits longer than the longest recheck, however long the hold', () => {
    expect(heldRecheckDelayMs(LONGEST_RECHECK_MS + 1)).toBe(LONGEST_RECHECK_MS);
    expect(heldRecheckDelayMs(7 * 24 * 3600_000)).toBe(LONGEST_RECHECK_MS);
  });

  it('runs a job held for an hour 16 times (doubling waits, then one each 10 minutes), not 3,600', () => {
    let held = 0;
    let runs = 0;
    while (held < 3600_000) {
      held += heldRecheckDelayMs(held);
      runs += 1;
    }
    expect(runs).toBe(16);
  });
});
