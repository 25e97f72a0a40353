import {
  FIRST_SLOT_RECHECK_MS,
  LONGEST_SLOT_RECHECK_MS,
  PER_CALL_AHEAD_MS,
  slotRecheckDelayMs,
} from '../../src/scheduling/slot-recheck';

describe('slotRecheckDelayMs', () => {
  it('the head of the line looks again after 10 s, then after as long as it has waited', () => {
    expect(slotRecheckDelayMs(0, 1)).toBe(FIRST_SLOT_RECHECK_MS);
    expect(slotRecheckDelayMs(9_500, 1)).toBe(FIRST_SLOT_RECHECK_MS);
    expect(slotRecheckDelayMs(40_000, 1)).toBe(40_000);
  });

  it('a job far back waits at least 5 s for each call that has to end before its turn', () => {
    expect(slotRecheckDelayMs(0, 30)).toBe(30 * PER_CALL_AHEAD_MS);
    expect(slotRecheckDelayMs(300_000, 30)).toBe(300_000);
  });

  it('never waits longer than an hour', () => {
    expect(slotRecheckDelayMs(0, 1_000_000)).toBe(LONGEST_SLOT_RECHECK_MS);
    expect(slotRecheckDelayMs(7 * 24 * 3600_000, 1)).toBe(LONGEST_SLOT_RECHECK_MS);
  });

  it('10,000 leads behind 10 slots run about 3 times a second in all once each has waited an hour', () => {
    let runsInHour = 0;
    for (let rank = 0; rank < 10_000; rank++) {
      const behind = Math.floor(rank / 10) + 1;
      let waited = 0;
      while (waited < 2 * 3600_000) {
        const next = slotRecheckDelayMs(waited, behind);
        waited += next;
        if (waited > 3600_000 && waited <= 2 * 3600_000) runsInHour += 1;
      }
    }
    expect(runsInHour / 3600).toBeLessThan(4);
  });
});
