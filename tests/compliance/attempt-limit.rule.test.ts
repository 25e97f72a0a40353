import { checkAttemptLimit } from '../../src/compliance/rules/attempt-limit.rule';

describe('attempt limit rule', () => {
  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
    [0, 0, true],
    [0, Number.NaN, true],
  ])('%i attempts, limit %p → blocked: %p', (attemptsInCampaign, maxAttemptsPerLead, blocked) => {
    const violations = checkAttemptLimit(
      { attemptsInCampaign, callsToPhoneLast24h: [] },
      { maxAttemptsPerLead },
      'lead-1',
    );
    expect(violations.length > 0).toBe(blocked);
    violations.forEach((v) =>
      expect(v).toMatchObject({ code: 'ATTEMPT_LIMIT', fineEstimateUsd: { min: 0, max: 0 } }),
    );
  });
});
