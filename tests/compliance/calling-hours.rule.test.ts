import { checkLead, type CallKind, type ComplianceInput } from '../../src/compliance';
import { input, leadAt } from './fixtures';

type Case = [name: string, lead: ComplianceInput, expected: 'allowed' | string];

// Pennsylvania is verified and, outside its legal holidays, keeps the federal 8:00–21:00 window.
const pa = { id: 'lead-1', state: 'PA', zip: '19103' };

/** `expected`: 'allowed', or the notBefore of a deferral for OUTSIDE_CALLING_HOURS. */
function expectDecision(lead: ComplianceInput, expected: string): void {
  const decision = checkLead(lead);
  if (expected === 'allowed') {
    expect(decision).toMatchObject({ result: 'allowed' });
    return;
  }
  expect(decision.result).toBe('deferred');
  if (decision.result !== 'deferred') return;
  expect(decision.violations.map((v) => v.code)).toEqual(['OUTSIDE_CALLING_HOURS']);
  expect(decision.notBefore.toISOString()).toBe(expected);
}

describe('federal calling hours (8:00–21:00 at the called party)', () => {
  it.each<Case>([
    ['07:59 EDT → 08:00 EDT', leadAt('215', pa, '2026-03-10T11:59:00Z'), '2026-03-10T12:00:00.000Z'],
    ['08:00 EDT sharp', leadAt('215', pa, '2026-03-10T12:00:00Z'), 'allowed'],
    ['20:59:59 EDT', leadAt('215', pa, '2026-03-11T00:59:59Z'), 'allowed'],
    ['21:00 EDT → next morning', leadAt('215', pa, '2026-03-11T01:00:00Z'), '2026-03-11T12:00:00.000Z'],
    ['23:59 EDT → next morning', leadAt('215', pa, '2026-03-11T03:59:00Z'), '2026-03-11T12:00:00.000Z'],
    ['midnight EDT → same morning', leadAt('215', pa, '2026-03-11T04:00:00Z'), '2026-03-11T12:00:00.000Z'],
    [
      'Hawaii, 07:00 HST',
      leadAt('808', { id: 'l', zip: '96813' }, '2026-03-10T17:00:00Z'),
      '2026-03-10T18:00:00.000Z',
    ],
    [
      'Arizona skips DST: 07:30 MST in July',
      leadAt('602', { id: 'l' }, '2026-07-01T14:30:00Z'),
      '2026-07-01T15:00:00.000Z',
    ],
  ])('%s', (_, lead, expected) => expectDecision(lead, expected));
});

describe('DST changes', () => {
  it.each<Case>([
    // Spring forward, Sunday 2026-03-08: Saturday 21:30 EST waits for 08:00 EDT, not 08:00 EST.
    ['Sat 21:30 EST → Sun 08:00 EDT', leadAt('215', pa, '2026-03-08T02:30:00Z'), '2026-03-08T12:00:00.000Z'],
    [
      'Sun 03:30 EDT, right after the gap',
      leadAt('215', pa, '2026-03-08T07:30:00Z'),
      '2026-03-08T12:00:00.000Z',
    ],
    ['Sun 08:00 EDT on the change day', leadAt('215', pa, '2026-03-08T12:00:00Z'), 'allowed'],
    [
      'Sun 07:59 EDT on the change day',
      leadAt('215', pa, '2026-03-08T11:59:00Z'),
      '2026-03-08T12:00:00.000Z',
    ],
    // Fall back, Sunday 2026-11-01: Saturday 21:30 EDT waits for 08:00 EST.
    ['Sat 21:30 EDT → Sun 08:00 EST', leadAt('215', pa, '2026-11-01T01:30:00Z'), '2026-11-01T13:00:00.000Z'],
    [
      'Sun 01:30 EST, the repeated hour',
      leadAt('215', pa, '2026-11-01T06:30:00Z'),
      '2026-11-01T13:00:00.000Z',
    ],
    ['Sun 20:59 EST', leadAt('215', pa, '2026-11-02T01:59:00Z'), 'allowed'],
    // Los Angeles changes three hours after Philadelphia: a PA number in LA is bound by both clocks, each under
    // its own state's law (California: automatic dialing-announcing devices 9:00–21:00).
    [
      'PA phone in LA, spring-forward morning',
      leadAt('215', { id: 'l', zip: '90210' }, '2026-03-08T14:00:00Z'),
      '2026-03-08T16:00:00.000Z',
    ],
  ])('%s', (_, lead, expected) => expectDecision(lead, expected));
});

describe('candidate zones: every one must be inside the window', () => {
  const florida = { id: 'l', state: 'FL' };
  it.each<Case>([
    // 850 spans Central and Eastern time; Florida allows 8:00–20:00.
    [
      '850 at 08:30 EDT / 07:30 CDT',
      leadAt('850', florida, '2026-03-10T12:30:00Z'),
      '2026-03-10T13:00:00.000Z',
    ],
    ['850 at 08:00 CDT / 09:00 EDT', leadAt('850', florida, '2026-03-10T13:00:00Z'), 'allowed'],
    ['850 at 19:59 EDT / 18:59 CDT', leadAt('850', florida, '2026-03-10T23:59:00Z'), 'allowed'],
    [
      '850 at 20:00 EDT / 19:00 CDT',
      leadAt('850', florida, '2026-03-11T00:00:00Z'),
      '2026-03-11T13:00:00.000Z',
    ],
    // ZIP in Beverly Hills, area code in Philadelphia: Pennsylvania's law on Eastern time, California's on Pacific.
    [
      '215 + 90210 at 08:30 EDT / 05:30 PDT → 09:00 PDT (Cal. Pub. Util. Code § 2872(c))',
      leadAt('215', { id: 'l', zip: '90210' }, '2026-03-10T12:30:00Z'),
      '2026-03-10T16:00:00.000Z',
    ],
    [
      '215 + 90210 at 08:30 EDT / 05:30 PDT, live call → 08:00 PDT',
      { ...leadAt('215', { id: 'l', zip: '90210' }, '2026-03-10T12:30:00Z'), callKind: 'live' },
      '2026-03-10T15:00:00.000Z',
    ],
    [
      '215 + 90210 at 20:30 EDT / 17:30 PDT',
      leadAt('215', { id: 'l', zip: '90210' }, '2026-03-11T00:30:00Z'),
      'allowed',
    ],
    [
      '215 + 90210 at 21:30 EDT / 18:30 PDT',
      leadAt('215', { id: 'l', zip: '90210' }, '2026-03-11T01:30:00Z'),
      '2026-03-11T16:00:00.000Z',
    ],
    // The uploader says Denver; the number and ZIP say Philadelphia.
    [
      '215 + given Denver at 07:30 MDT',
      leadAt('215', { ...pa, timeZone: 'America/Denver' }, '2026-03-10T13:30:00Z'),
      '2026-03-10T14:00:00.000Z',
    ],
    // A stated Texas address for a Philadelphia number: Texas law on Texas clocks (Central and Mountain) too.
    [
      '215 + stated TX at 09:30 EDT / 07:30 MDT → 09:00 MDT',
      leadAt('215', { id: 'l', state: 'TX' }, '2026-03-10T13:30:00Z'),
      '2026-03-10T15:00:00.000Z',
    ],
  ])('%s', (_, lead, expected) => expectDecision(lead, expected));

  it('blocks when the zones never share a lawful minute', () => {
    // Rhode Island's 9–18 in Providence and in Guam (14 h apart) never overlap.
    const decision = checkLead(
      leadAt('401', { id: 'l', state: 'RI', timeZone: 'Pacific/Guam' }, '2026-03-10T15:00:00Z'),
    );
    expect(decision.result).toBe('blocked');
    if (decision.result === 'blocked') {
      expect(decision.violations.map((v) => v.code)).toEqual(['OUTSIDE_CALLING_HOURS']);
      expect(decision.violations[0]?.message).toMatch(/No minute in the next 14 days/);
    }
  });
});

describe('state windows, Sundays and holidays', () => {
  const at = (npa: string, state: string, now: string, callKind: CallKind = 'agent'): ComplianceInput => ({
    ...leadAt(npa, { id: 'l', state }, now),
    callKind,
  });
  it.each<Case>([
    ['FL 19:59 EST', at('305', 'FL', '2026-01-13T00:59:00Z'), 'allowed'],
    ['FL 20:00 EST', at('305', 'FL', '2026-01-13T01:00:00Z'), '2026-01-13T13:00:00.000Z'],
    ['OK 20:00 CST', at('405', 'OK', '2026-01-13T02:00:00Z'), '2026-01-13T15:00:00.000Z'],
    ['MD 20:00 EST', at('410', 'MD', '2026-01-13T01:00:00Z'), '2026-01-13T13:00:00.000Z'],
    ['CT 08:30 EST', at('203', 'CT', '2026-01-12T13:30:00Z'), '2026-01-12T14:00:00.000Z'],
    ['CT 20:00 EST', at('203', 'CT', '2026-01-13T01:00:00Z'), '2026-01-13T14:00:00.000Z'],
    ['WA 20:00 PST', at('206', 'WA', '2026-01-13T04:00:00Z'), '2026-01-13T16:00:00.000Z'],
    ['MA 20:00 EST', at('617', 'MA', '2026-01-13T01:00:00Z'), '2026-01-13T13:00:00.000Z'],
    ['NM 08:30 MST', at('505', 'NM', '2026-01-12T15:30:00Z'), '2026-01-12T16:00:00.000Z'],
    // Oklahoma's 9:00 start binds automatic dial-announcing devices (AI voice), not live calls.
    ['OK 08:30 CST, AI voice', at('405', 'OK', '2026-01-12T14:30:00Z'), '2026-01-12T15:00:00.000Z'],
    ['OK 08:30 CST, live', at('405', 'OK', '2026-01-12T14:30:00Z', 'live'), 'allowed'],
    ['NV 08:30 PST, AI voice', at('702', 'NV', '2026-01-12T16:30:00Z'), '2026-01-12T17:00:00.000Z'],
    ['NV 08:30 PST, live', at('702', 'NV', '2026-01-12T16:30:00Z', 'live'), 'allowed'],
    // Texas: 9–21 Monday to Saturday, 12–21 on Sunday.
    ['TX Mon 08:30 CST', at('214', 'TX', '2026-01-12T14:30:00Z'), '2026-01-12T15:00:00.000Z'],
    ['TX Sun 10:00 CST', at('214', 'TX', '2026-01-11T16:00:00Z'), '2026-01-11T18:00:00.000Z'],
    ['TX Sun 12:00 CST', at('214', 'TX', '2026-01-11T18:00:00Z'), 'allowed'],
    ['TX Sat 21:30 CST → Sun 12:00', at('214', 'TX', '2026-01-11T03:30:00Z'), '2026-01-11T18:00:00.000Z'],
    // Utah: no Sunday, no legal holiday.
    ['UT Sun 10:00 MST → Mon 08:00', at('801', 'UT', '2026-01-11T17:00:00Z'), '2026-01-12T15:00:00.000Z'],
    [
      'UT Pioneer Day (Fri) → Sat 08:00 MDT',
      at('801', 'UT', '2026-07-24T16:00:00Z'),
      '2026-07-25T14:00:00.000Z',
    ],
    // July 4, 2026 is a Saturday, observed Friday 3: Fri, Sat and Sun are all closed in Utah.
    [
      'UT Fri Jul 3 (observed) → Mon Jul 6',
      at('801', 'UT', '2026-07-03T16:00:00Z'),
      '2026-07-06T14:00:00.000Z',
    ],
    // New Year's Day 2028 falls on a Saturday, observed Friday Dec 31, 2027.
    [
      'UT Fri Dec 31 2027 → Mon Jan 3 2028',
      at('801', 'UT', '2027-12-31T17:00:00Z'),
      '2028-01-03T15:00:00.000Z',
    ],
    // Rhode Island: Mon–Fri 9–18, Sat 10–17, no Sunday, no holidays.
    ['RI Sat 09:30 EST', at('401', 'RI', '2026-01-10T14:30:00Z'), '2026-01-10T15:00:00.000Z'],
    ['RI Sat 17:00 EST → Mon 09:00', at('401', 'RI', '2026-01-10T22:00:00Z'), '2026-01-12T14:00:00.000Z'],
    ['RI Fri 18:00 EST → Sat 10:00', at('401', 'RI', '2026-01-09T23:00:00Z'), '2026-01-10T15:00:00.000Z'],
    [
      'RI Victory Day (Mon Aug 10) → Tue 09:00 EDT',
      at('401', 'RI', '2026-08-10T14:00:00Z'),
      '2026-08-11T13:00:00.000Z',
    ],
    // Alabama: 8–20, no Sunday, no state holiday.
    ['AL Sun 10:00 CST → Mon 08:00', at('205', 'AL', '2026-01-11T16:00:00Z'), '2026-01-12T14:00:00.000Z'],
    [
      'AL Confederate Memorial Day (Mon Apr 27) → Tue',
      at('205', 'AL', '2026-04-27T15:00:00Z'),
      '2026-04-28T13:00:00.000Z',
    ],
    // 334 also covers Phenix City, which keeps Eastern time: both clocks must be past 08:00.
    ['AL 334 at 07:30 CDT / 08:30 EDT', at('334', 'AL', '2026-04-28T12:30:00Z'), '2026-04-28T13:00:00.000Z'],
    // Louisiana: 8–20 Monday to Saturday, no Sunday, no state holiday (Mardi Gras 2026 is Tuesday Feb 17).
    ['LA Mardi Gras → Wed 08:00 CST', at('504', 'LA', '2026-02-17T16:00:00Z'), '2026-02-18T14:00:00.000Z'],
    ['LA Sat 20:00 CST → Mon 08:00', at('504', 'LA', '2026-01-11T02:00:00Z'), '2026-01-12T14:00:00.000Z'],
    // Mississippi: no Sunday; Saturday evening until 21:00.
    ['MS Sat 20:30 CST', at('601', 'MS', '2026-01-11T02:30:00Z'), 'allowed'],
    ['MS Sun 12:00 CST → Mon 08:00', at('601', 'MS', '2026-01-11T18:00:00Z'), '2026-01-12T14:00:00.000Z'],
    // Pennsylvania: no legal holidays (Flag Day 2026 is a Sunday, observed Monday June 15).
    [
      'PA Flag Day observed → Tue 08:00 EDT',
      at('215', 'PA', '2026-06-15T14:00:00Z'),
      '2026-06-16T12:00:00.000Z',
    ],
    ['PA Thanksgiving → Fri 08:00 EST', at('215', 'PA', '2026-11-26T15:00:00Z'), '2026-11-27T13:00:00.000Z'],
    // Christmas is no holiday for a verified state without a holiday ban.
    ['AZ Christmas', at('602', 'AZ', '2026-12-25T17:00:00Z'), 'allowed'],
    // New York is not verified: the strictest window (no holiday of any calendar, Saturday 10–17) applies.
    [
      'NY Christmas (unverified) → Sat 10:00 EST',
      at('212', 'NY', '2026-12-25T15:00:00Z'),
      '2026-12-26T15:00:00.000Z',
    ],
    // California's 9:00 binds automatic dialing-announcing devices (AI voice), not live calls.
    ['CA 08:30 PST, AI voice', at('415', 'CA', '2026-01-12T16:30:00Z'), '2026-01-12T17:00:00.000Z'],
    ['CA 08:30 PST, live', at('415', 'CA', '2026-01-12T16:30:00Z', 'live'), 'allowed'],
  ])('%s', (_, lead, expected) => expectDecision(lead, expected));
});

describe('campaign calling window', () => {
  const windowed = (start: string, end: string, now: string): ComplianceInput =>
    input({
      now: new Date(now),
      phone: '+12152345678',
      lead: pa,
      campaign: { maxAttemptsPerLead: 5, callingWindow: { start, end } },
    });
  it.each<Case>([
    ['narrows the start', windowed('10:00', '16:00', '2026-03-10T13:30:00Z'), '2026-03-10T14:00:00.000Z'],
    ['narrows the end', windowed('10:00', '16:00', '2026-03-10T20:00:00Z'), '2026-03-11T14:00:00.000Z'],
    [
      'cannot widen the legal window',
      windowed('06:00', '23:00', '2026-03-10T11:00:00Z'),
      '2026-03-10T12:00:00.000Z',
    ],
    ['inside', windowed('10:00', '16:00', '2026-03-10T15:00:00Z'), 'allowed'],
  ])('%s', (_, lead, expected) => expectDecision(lead, expected));

  it.each([
    ['25:00', '16:00'],
    ['10:00', '09:00'],
    ['10am', '4pm'],
  ])('a malformed window %s–%s closes the campaign instead of opening it', (start, end) => {
    const decision = checkLead(windowed(start, end, '2026-03-10T15:00:00Z'));
    expect(decision.result).toBe('blocked');
    if (decision.result === 'blocked')
      expect(decision.violations.map((v) => v.code)).toEqual(['OUTSIDE_CALLING_HOURS']);
  });
});
