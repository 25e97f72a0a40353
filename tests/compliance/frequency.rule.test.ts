import { checkLead } from '../../src/compliance';
import { checkFrequency } from '../../src/compliance/rules/frequency.rule';
import { input } from './fixtures';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-10T15:00:00Z');
const FL_CAP = { citation: 'Fla. Stat. § 501.616(6)(b)', maxCalls: 3, perHours: 24 };
const ago = (...hours: number[]): number[] => hours.map((h) => now - h * HOUR);

describe('frequency cap rule', () => {
  it.each([
    ['no calls', [], null],
    ['two calls', ago(1, 2), null],
    ['three calls: the fourth waits for the oldest to age out', ago(1, 2, 3), now + 21 * HOUR],
    ['five calls: waits for the third most recent', ago(1, 2, 3, 4, 5), now + 21 * HOUR],
    ['order does not matter', ago(3, 1, 2), now + 21 * HOUR],
    ['calls older than 24 h do not count', ago(1, 2, 25), null],
    ['a call exactly 24 h old no longer counts', ago(1, 2, 24), null],
    ['a call dated after now counts', [now + HOUR, ...ago(1, 2)], now + 22 * HOUR],
  ])('%s', (_, calls, releaseAtMs) => {
    const limit = checkFrequency(calls, now, [FL_CAP]);
    expect(limit?.releaseAtMs ?? null).toBe(releaseAtMs);
    if (limit)
      expect(limit.violation).toMatchObject({
        code: 'FREQUENCY_CAP',
        fineEstimateUsd: { min: 500, max: 1500 },
      });
  });

  it('does not cap states without a cap', () => {
    expect(checkFrequency(ago(1, 2, 3, 4), now, [])).toBeNull();
  });
});

describe('frequency cap in checkLead', () => {
  const florida = { phone: '+13052345678', lead: { id: 'lead-1', state: 'FL', zip: '33101' } };
  const calls = (...hours: number[]): Date[] => ago(...hours).map((t) => new Date(t));

  it.each([
    // Tue 11:00 EDT; released Wed 08:00 EDT (12:00Z), as Florida's 8–20 window opens.
    ['released inside the window', calls(1, 2, 3), '2026-03-11T12:00:00.000Z'],
    // Released Wed 06:00 EDT: deferred further, to 08:00 EDT.
    ['released before the window opens', calls(1, 2, 5), '2026-03-11T12:00:00.000Z'],
    // Released Wed 09:00:30 EDT: rounded up to the next whole minute.
    [
      'released mid-minute',
      [...calls(1, 1.5), new Date(now - 2 * HOUR + 30_000)],
      '2026-03-11T13:01:00.000Z',
    ],
  ])('%s', (_, callsToPhoneLast24h, notBefore) => {
    const decision = checkLead(
      input({ ...florida, history: { callsToPhoneLast24h, attemptsInCampaign: 3 } }),
    );
    expect(decision.result).toBe('deferred');
    if (decision.result !== 'deferred') return;
    expect(decision.violations.map((v) => v.code)).toEqual(['FREQUENCY_CAP']);
    expect(decision.notBefore.toISOString()).toBe(notBefore);
  });

  it('lets a New York lead be called a fourth time in 24 h', () => {
    const decision = checkLead(
      input({ history: { callsToPhoneLast24h: calls(1, 2, 3), attemptsInCampaign: 3 } }),
    );
    expect(decision.result).toBe('allowed');
  });

  it('caps a New York address whose phone has a Florida area code (residency presumed from it)', () => {
    const decision = checkLead(
      input({
        phone: '+13052345678',
        history: { callsToPhoneLast24h: calls(1, 2, 3), attemptsInCampaign: 3 },
      }),
    );
    expect(decision.result).toBe('deferred');
  });
});
