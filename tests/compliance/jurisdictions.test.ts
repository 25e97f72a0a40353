import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  checkLead,
  FEDERAL_CALLING_HOURS,
  JURISDICTIONS,
  rulesOf,
  STRICTEST_WINDOW,
  type CallingHoursRule,
  type CallKind,
  type ComplianceInput,
} from '../../src/compliance';
import { isHoliday } from '../../src/compliance/holidays';
import { leadAt } from './fixtures';

const MINUTE = 60_000;
const at = (hour: number): number => hour * 60;

/** [Mon–Fri, Saturday, Sunday] local windows in hours; null = no call that day. */
type Week = readonly [
  weekday: [number, number],
  saturday: [number, number] | null,
  sunday: [number, number] | null,
];
const every = (start: number, end: number): Week => [
  [start, end],
  [start, end],
  [start, end],
];
const noSunday = (start: number, end: number): Week => [[start, end], [start, end], null];
/** Unverified: Rhode Island's Mon–Fri 9–18 and Saturday 10–17 are the narrowest of the verified windows. */
const STRICTEST: Week = [[9, 18], [10, 17], null];
const BANNED = 'banned';

/**
 * What each jurisdiction allows an AI-voice call (`agent`) and a live call, written from the statutes the table
 * cites (federal 8:00–21:00 included), and zones written from geography: the rule engine is not consulted.
 */
const EXPECTED: Record<string, { npa: string; zones: string[]; agent: Week | typeof BANNED; live: Week }> = {
  AL: { npa: '205', zones: ['America/Chicago'], agent: noSunday(8, 20), live: noSunday(8, 20) },
  AK: {
    npa: '907',
    zones: ['America/Anchorage', 'America/Adak'],
    agent: BANNED, // AS 45.50.475(a)(4)
    live: every(8, 21),
  },
  AZ: { npa: '602', zones: ['America/Phoenix'], agent: every(8, 21), live: every(8, 21) },
  AR: { npa: '501', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  CA: { npa: '415', zones: ['America/Los_Angeles'], agent: every(9, 21), live: every(8, 21) },
  CO: { npa: '303', zones: ['America/Denver'], agent: STRICTEST, live: STRICTEST },
  CT: { npa: '203', zones: ['America/New_York'], agent: every(9, 20), live: every(9, 20) },
  DE: { npa: '302', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  DC: { npa: '202', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  FL: { npa: '305', zones: ['America/New_York'], agent: every(8, 20), live: every(8, 20) },
  GA: { npa: '404', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  HI: { npa: '808', zones: ['Pacific/Honolulu'], agent: every(8, 21), live: every(8, 21) },
  ID: {
    npa: '208',
    zones: ['America/Boise', 'America/Los_Angeles'],
    agent: STRICTEST,
    live: STRICTEST,
  },
  IL: { npa: '312', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  IN: { npa: '317', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  IA: { npa: '515', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  KS: { npa: '316', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  KY: { npa: '502', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  LA: { npa: '504', zones: ['America/Chicago'], agent: noSunday(8, 20), live: noSunday(8, 20) },
  // 10 M.R.S. § 1498(3): automated solicitation weekdays 9 a.m.–5 p.m. only.
  ME: { npa: '207', zones: ['America/New_York'], agent: [[9, 17], null, null], live: STRICTEST },
  MD: { npa: '410', zones: ['America/New_York'], agent: every(8, 20), live: every(8, 20) },
  MA: { npa: '617', zones: ['America/New_York'], agent: every(8, 20), live: every(8, 20) },
  MI: { npa: '313', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  MN: { npa: '612', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  MS: { npa: '601', zones: ['America/Chicago'], agent: noSunday(8, 21), live: noSunday(8, 21) },
  MO: { npa: '314', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  MT: { npa: '406', zones: ['America/Denver'], agent: STRICTEST, live: STRICTEST },
  NE: { npa: '402', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  NV: { npa: '702', zones: ['America/Los_Angeles'], agent: every(9, 21), live: every(8, 21) },
  NH: { npa: '603', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  NJ: { npa: '973', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  NM: { npa: '505', zones: ['America/Denver'], agent: every(9, 21), live: every(9, 21) },
  NY: { npa: '212', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  NC: { npa: '919', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  ND: { npa: '701', zones: ['America/Chicago', 'America/Denver'], agent: STRICTEST, live: STRICTEST },
  OH: { npa: '614', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  // 15 O.S. § 775C.4 (8–20) and, for dial-announcing devices, § 755.1(C)(2)(a) (9–21).
  OK: { npa: '405', zones: ['America/Chicago'], agent: every(9, 20), live: every(8, 20) },
  OR: { npa: '503', zones: ['America/Los_Angeles'], agent: STRICTEST, live: STRICTEST },
  PA: { npa: '215', zones: ['America/New_York'], agent: every(8, 21), live: every(8, 21) },
  // Verified: Mon–Fri 9–18, Saturday 10–17, no Sunday (R.I. Gen. Laws § 5-61-3.6), the narrowest of all.
  RI: { npa: '401', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  SC: { npa: '803', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  SD: { npa: '605', zones: ['America/Chicago', 'America/Denver'], agent: STRICTEST, live: STRICTEST },
  TN: { npa: '615', zones: ['America/Chicago'], agent: every(8, 21), live: every(8, 21) },
  TX: {
    npa: '214',
    zones: ['America/Chicago'],
    agent: [
      [9, 21],
      [9, 21],
      [12, 21],
    ],
    live: [
      [9, 21],
      [9, 21],
      [12, 21],
    ],
  },
  UT: { npa: '801', zones: ['America/Denver'], agent: noSunday(8, 21), live: noSunday(8, 21) },
  VT: { npa: '802', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  VA: { npa: '804', zones: ['America/New_York'], agent: every(8, 21), live: every(8, 21) },
  WA: { npa: '206', zones: ['America/Los_Angeles'], agent: every(8, 20), live: every(8, 20) },
  WV: { npa: '304', zones: ['America/New_York'], agent: STRICTEST, live: STRICTEST },
  WI: { npa: '414', zones: ['America/Chicago'], agent: STRICTEST, live: STRICTEST },
  WY: { npa: '307', zones: ['America/Denver'], agent: STRICTEST, live: STRICTEST },
  PR: { npa: '787', zones: ['America/Puerto_Rico'], agent: STRICTEST, live: STRICTEST },
  VI: { npa: '340', zones: ['America/St_Thomas'], agent: STRICTEST, live: STRICTEST },
  GU: { npa: '671', zones: ['Pacific/Guam'], agent: STRICTEST, live: STRICTEST },
  MP: { npa: '670', zones: ['Pacific/Saipan'], agent: STRICTEST, live: STRICTEST },
  AS: { npa: '684', zones: ['Pacific/Pago_Pago'], agent: STRICTEST, live: STRICTEST },
};

const HOUR_MS = 3_600_000;
const offsets = new Map<string, number>();

/** Local wall clock of an instant; US and territory offsets only change on the hour, so luxon is asked once an hour. */
function localClock(zone: string, ms: number): { weekday: number; minute: number } {
  const key = `${zone}@${Math.floor(ms / HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(Math.floor(ms / HOUR_MS) * HOUR_MS, { zone }).offset;
    offsets.set(key, offset);
  }
  const local = new Date(ms + offset * MINUTE);
  return { weekday: local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

function lawfulInWeek(week: Week, zone: string, ms: number): boolean {
  const { weekday, minute } = localClock(zone, ms);
  const day = weekday === 0 ? week[2] : weekday === 6 ? week[1] : week[0];
  return day !== null && minute >= at(day[0]) && minute < at(day[1]) && minute >= at(8) && minute < at(21);
}

/** Sunday 2026-03-08 (the spring DST change) to the next Sunday, with a week more to find deferrals in. */
const WEEK_START = Date.parse('2026-03-08T00:00:00Z');
const WEEK_MINUTES = 7 * 24 * 60;
const LOOKAHEAD_MINUTES = 8 * 24 * 60;

describe('the jurisdiction table', () => {
  it('lists every state, DC and inhabited territory, each verified on a date or marked unverified', () => {
    expect(Object.keys(JURISDICTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(JURISDICTIONS)).toHaveLength(56);
    for (const [state, jurisdiction] of Object.entries(JURISDICTIONS)) {
      expect({ state, verifiedOn: jurisdiction.verifiedOn }).toEqual({
        state,
        verifiedOn: jurisdiction.verifiedOn === null ? null : expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      const citations = [
        ...jurisdiction.callingHours.map((rule) => rule.citation),
        ...(jurisdiction.bans ?? []).map((ban) => ban.citation),
        ...(jurisdiction.frequencyCaps ?? []).map((cap) => cap.citation),
      ];
      citations.forEach((citation) => expect(citation.trim()).not.toBe(''));
      expect(rulesOf(state).callingHours.includes(STRICTEST_WINDOW)).toBe(jurisdiction.verifiedOn === null);
    }
  });

  it('derives the strictest window from the verified rules', () => {
    expect(STRICTEST_WINDOW).toEqual({
      citation: 'unverified, strictest window applied',
      hours: { start: at(9), end: at(18) },
      saturday: { start: at(10), end: at(17) },
      sunday: null,
      holidays: ['AL', 'LA', 'PA', 'RI', 'UT'],
    });
  });

  it('treats an unknown jurisdiction as unverified', () => {
    expect(rulesOf('XX')).toEqual({ name: 'XX', verifiedOn: null, callingHours: [STRICTEST_WINDOW] });
  });
});

describe('every jurisdiction, minute by minute through a week (spring DST change included)', () => {
  const cases = Object.entries(EXPECTED).flatMap(([state, expected]) =>
    (['agent', 'live'] as const).map((kind) => [state, kind, expected] as const),
  );

  it.each(cases)('%s, %s call', (state, kind, expected) => {
    const rule = kind === 'agent' ? expected.agent : expected.live;
    const lawful: boolean[] = [];
    for (let m = 0; m < WEEK_MINUTES + LOOKAHEAD_MINUTES; m++) {
      const ms = WEEK_START + m * MINUTE;
      lawful.push(rule !== BANNED && expected.zones.every((zone) => lawfulInWeek(rule, zone, ms)));
    }
    const step = kind === 'agent' ? 1 : 7; // live calls: every 7th minute, to keep the suite quick
    const wrong: string[] = [];
    for (let m = 0; m < WEEK_MINUTES && wrong.length < 5; m += step) {
      const now = new Date(WEEK_START + m * MINUTE);
      const input: ComplianceInput = {
        ...leadAt(expected.npa, { id: 'l', state }, now.toISOString()),
        callKind: kind,
      };
      const decision = checkLead(input);
      const next = lawful.indexOf(true, m);
      const want =
        rule === BANNED
          ? 'blocked STATE_BAN'
          : lawful[m]
            ? 'allowed'
            : `deferred ${new Date(WEEK_START + next * MINUTE).toISOString()}`;
      const got =
        decision.result === 'allowed'
          ? 'allowed'
          : decision.result === 'deferred'
            ? `deferred ${decision.notBefore.toISOString()}`
            : `blocked ${decision.violations.map((v) => v.code).join(',')}`;
      if (got !== want) wrong.push(`${now.toISOString()}: want ${want}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });
});

/** Whether `ms` is lawful in `zone` under the federal rule and every rule of `states`, read from the table. */
function lawfulUnderTable(states: readonly string[], zone: string, ms: number, kind: CallKind): boolean {
  const local = DateTime.fromMillis(ms, { zone });
  const weekday = local.weekday % 7;
  const date = {
    year: local.year,
    month: local.month,
    day: local.day,
    weekday,
    epochDay: Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000),
  };
  const minute = local.hour * 60 + local.minute;
  const rules: CallingHoursRule[] = [
    FEDERAL_CALLING_HOURS,
    ...states.flatMap((state) => rulesOf(state).callingHours),
  ].filter((rule) => !rule.callKinds || rule.callKinds.includes(kind));
  return rules.every((rule) => {
    if (rule.holidays?.some((calendar) => isHoliday(calendar, date))) return false;
    const hours =
      weekday === 0 && rule.sunday !== undefined
        ? rule.sunday
        : weekday === 6 && rule.saturday !== undefined
          ? rule.saturday
          : rule.hours;
    return hours !== null && minute >= hours.start && minute < hours.end;
  });
}

const NPAS = Object.values(EXPECTED).map((expected) => expected.npa);
const ZIPS = [
  '10001',
  '33101',
  '32501',
  '90210',
  '84101',
  '96813',
  '99501',
  '85001',
  '02903',
  '73301',
  '19103',
  '97914',
  '00601',
  '96910',
  '60601',
  '40202',
  '04101',
  '98101',
];
const STATES = ['FL', 'CA', 'AK', 'TX', 'NY', 'ME', 'RI', 'PA', 'WA', 'OK', 'Narnia'];

const drawn = fc.record({
  npa: fc.constantFrom(...NPAS),
  zip: fc.option(fc.constantFrom(...ZIPS), { nil: null }),
  state: fc.option(fc.constantFrom(...STATES), { nil: null }),
  kind: fc.constantFrom<CallKind>('agent', 'live'),
  nowMs: fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-12-31') }),
});

describe('property: each candidate zone under its own states’ law', () => {
  it('allows only a minute lawful in every place of the evidence, and defers to the first minute that is', () => {
    fc.assert(
      fc.property(drawn, (d) => {
        const input: ComplianceInput = {
          ...leadAt(d.npa, { id: 'l', state: d.state, zip: d.zip }, new Date(d.nowMs).toISOString()),
          callKind: d.kind,
        };
        const decision = checkLead(input);
        const places = decision.evidence.places;
        expect(places.length).toBeGreaterThan(0);
        // Every candidate state is judged somewhere.
        const judged = new Set(places.flatMap((place) => place.states));
        decision.evidence.states.forEach((state) => expect(judged.has(state)).toBe(true));
        const lawfulAt = (ms: number): boolean =>
          places.every((place) => lawfulUnderTable(place.states, place.zone, ms, d.kind));
        if (decision.result === 'allowed') expect(lawfulAt(d.nowMs)).toBe(true);
        const codes = decision.result === 'allowed' ? [] : decision.violations.map((v) => v.code);
        // AS 45.50.475(a)(4) forbids automated solicitation of a number that may be in Alaska.
        if (d.kind === 'agent' && judged.has('AK')) expect(codes).toContain('STATE_BAN');
        else if (decision.result === 'blocked') expect(codes).toEqual(['OUTSIDE_CALLING_HOURS']);
        if (decision.result === 'deferred') {
          const notBefore = decision.notBefore.getTime();
          expect(lawfulAt(notBefore)).toBe(true);
          for (let ms = Math.ceil(d.nowMs / MINUTE) * MINUTE; ms < notBefore; ms += MINUTE) {
            if (lawfulAt(ms)) throw new Error(`${new Date(ms).toISOString()} is lawful before the deferral`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
