import type { HolidayCalendar } from './holidays';
import type { CallKind, Hours } from './types';

/**
 * When calls may be placed, in the called party's local time. `saturday`/`sunday` replace `hours` on that day
 * (null = no calls); `holidays` bans the days of those calendars. `callKinds` limits a rule to some calls:
 * ['agent'] marks a law on automatic dialing-announcing devices, robocalls or synthesized voices, which binds our
 * AI-voice calls (FCC 24-17: an AI voice is an artificial voice) and not a human caller.
 */
export interface CallingHoursRule {
  citation: string;
  hours: Hours;
  saturday?: Hours | null;
  sunday?: Hours | null;
  holidays?: readonly HolidayCalendar[];
  callKinds?: readonly CallKind[];
}

export interface FrequencyCap {
  citation: string;
  maxCalls: number;
  perHours: number;
  callKinds?: readonly CallKind[];
}

/**
 * A state law forbidding a kind of call outright. `liftedByWrittenConsent` is our reading of the statute: true
 * only where its text exempts calls the called party agreed to (an explicit consent exception, or a definition
 * that covers only unsolicited calls); a ban whose only exception is a call the customer asked for is not lifted
 * by a consent form, which is not a request for this call.
 */
export interface CallBan {
  citation: string;
  callKinds: readonly CallKind[];
  liftedByWrittenConsent: boolean;
  what: string;
}

export interface Jurisdiction {
  name: string;
  /**
   * The day the provisions below were last read against their text (ISO date); null when the jurisdiction has
   * not been gone through: it then also gets STRICTEST_WINDOW, whatever rules of it are listed.
   */
  verifiedOn: string | null;
  callingHours: readonly CallingHoursRule[];
  frequencyCaps?: readonly FrequencyCap[];
  bans?: readonly CallBan[];
  /** Citation of a law requiring prior express written consent for any call dialed by an automated system. */
  writtenConsentForAutomatedDialing?: string;
}

const at = (hour: number, minute = 0): number => hour * 60 + minute;
const hours = (start: number, end: number): Hours => ({ start: at(start), end: at(end) });
const AGENT: readonly CallKind[] = ['agent'];

export const FEDERAL_CALLING_HOURS: CallingHoursRule = {
  citation: '47 CFR 64.1200(c)(1)',
  hours: hours(8, 21),
};

/** The rule set of 2026-11-25, whose windows the independent check of issue 12 found exact. */
const RULE_SET_2026_11_25 = '2026-11-25';
/** Read again, or added, for issue 12. */
const ISSUE_12 = '2026-12-02';

/** Florida, Oklahoma and Maryland copied one "mini-TCPA" text: 8:00–20:00, three calls per 24 h, written consent. */
const miniTcpa = (
  citations: { hours: string; cap: string; consent: string },
  ...moreHours: CallingHoursRule[]
): Omit<Jurisdiction, 'name' | 'verifiedOn'> => ({
  callingHours: [{ citation: citations.hours, hours: hours(8, 20) }, ...moreHours],
  frequencyCaps: [{ citation: citations.cap, maxCalls: 3, perHours: 24 }],
  writtenConsentForAutomatedDialing: citations.consent,
});

const federalOnly = (name: string, verifiedOn: string | null): Jurisdiction => ({
  name,
  verifiedOn,
  callingHours: [],
});

/**
 * Every state, DC and inhabited territory. A verified entry cites the provisions whose text it was checked
 * against; rules written for automated or prerecorded calls carry `callKinds: AGENT`. An unverified entry lists
 * what is known of it and is judged under STRICTEST_WINDOW as well: a state we have not read costs calling hours,
 * never a fine.
 */
export const JURISDICTIONS: Readonly<Record<string, Jurisdiction>> = {
  // Ala. Admin. Code r. 770-X-5-.17(1)(b): no solicitation calls on Sundays or holidays; 8 a.m.–8 p.m. otherwise.
  AL: {
    name: 'Alabama',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [
      {
        citation: 'Ala. Admin. Code r. 770-X-5-.17(1)(b)',
        hours: hours(8, 20),
        sunday: null,
        holidays: ['AL'],
      },
    ],
  },
  // AS 45.50.475(a)(4): a person may not originate "a telephone call using an automated or recorded message as a
  // telephonic advertisement or a telephone solicitation". Its only relevant exception, (g)(4)(B)(i), is a call
  // "made in response to a request or inquiry by the called customer": a consent form is not that request.
  AK: {
    name: 'Alaska',
    verifiedOn: ISSUE_12,
    callingHours: [],
    bans: [
      {
        citation: 'AS 45.50.475(a)(4)',
        callKinds: AGENT,
        liftedByWrittenConsent: false,
        what: 'telephone solicitation by an automated or recorded message',
      },
    ],
  },
  AZ: federalOnly('Arizona', RULE_SET_2026_11_25),
  AR: federalOnly('Arkansas', null),
  // Cal. Pub. Util. Code § 2872(c): no automatic dialing-announcing device call received in California between
  // 9 p.m. and 9 a.m. California time.
  CA: {
    name: 'California',
    verifiedOn: ISSUE_12,
    callingHours: [{ citation: 'Cal. Pub. Util. Code § 2872(c)', hours: hours(9, 21), callKinds: AGENT }],
  },
  CO: federalOnly('Colorado', null),
  // Conn. Gen. Stat. § 42-288a(c), as amended by P.A. 23-98: 9 a.m.–8 p.m.
  CT: {
    name: 'Connecticut',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: 'Conn. Gen. Stat. § 42-288a(c)', hours: hours(9, 20) }],
  },
  DE: federalOnly('Delaware', null),
  DC: federalOnly('District of Columbia', null),
  FL: {
    name: 'Florida',
    verifiedOn: RULE_SET_2026_11_25,
    ...miniTcpa({
      hours: 'Fla. Stat. § 501.616(6)(a)',
      cap: 'Fla. Stat. § 501.616(6)(b)',
      consent: 'Fla. Stat. § 501.059(8)(a)',
    }),
  },
  GA: federalOnly('Georgia', null),
  HI: federalOnly('Hawaii', RULE_SET_2026_11_25),
  ID: federalOnly('Idaho', null),
  // 815 ILCS 413/15(a): no solicitation by telephone between 9 p.m. and 8 a.m. The Automatic Telephone Dialers
  // Act (815 ILCS 305/15) has not been read: unverified.
  IL: {
    name: 'Illinois',
    verifiedOn: null,
    callingHours: [{ citation: '815 ILCS 413/15(a)', hours: hours(8, 21) }],
  },
  // Ind. Code § 24-5-14-5(b): no automatic dialing-announcing device unless the subscriber "requested, consented
  // to, permitted, or authorized receipt of the message". Indiana's hours have not been read: unverified.
  IN: {
    name: 'Indiana',
    verifiedOn: null,
    callingHours: [],
    bans: [
      {
        citation: 'Ind. Code § 24-5-14-5(b)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'an automatic dialing-announcing device message without the subscriber’s consent',
      },
    ],
  },
  IA: federalOnly('Iowa', null),
  KS: federalOnly('Kansas', null),
  // KRS 367.461(2): automated calling equipment only with the called person's consent (KRS 367.463) and only
  // 8:00 a.m.–9:00 p.m. Kentucky's hours for live solicitation have not been read: unverified.
  KY: {
    name: 'Kentucky',
    verifiedOn: null,
    callingHours: [{ citation: 'KRS 367.461(2)(e)', hours: hours(8, 21), callKinds: AGENT }],
    bans: [
      {
        citation: 'KRS 367.461(2)(a)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'automated calling equipment without the consent of KRS 367.463',
      },
    ],
  },
  // La. R.S. 45:811(2)-(3): 8 a.m.–8 p.m. Monday–Saturday, never on Sundays or state holidays, for automatic
  // dialers and live operators alike.
  LA: {
    name: 'Louisiana',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: 'La. R.S. 45:811', hours: hours(8, 20), sunday: null, holidays: ['LA'] }],
  },
  // 10 M.R.S. § 1498(3) as quoted in L.D. 392 (2003): automated solicitation calls weekdays 9 a.m.–5 p.m. only,
  // at most one per number per 8 hours. The statute in force has not been read: unverified.
  ME: {
    name: 'Maine',
    verifiedOn: null,
    callingHours: [
      {
        citation: '10 M.R.S. § 1498(3)',
        hours: hours(9, 17),
        saturday: null,
        sunday: null,
        callKinds: AGENT,
      },
    ],
    frequencyCaps: [{ citation: '10 M.R.S. § 1498(3)', maxCalls: 1, perHours: 8, callKinds: AGENT }],
  },
  // Md. Code, Com. Law § 14-4502 (Stop the Spam Calls Act of 2023, in force 2024-01-01).
  MD: {
    name: 'Maryland',
    verifiedOn: RULE_SET_2026_11_25,
    ...miniTcpa({
      hours: 'Md. Code, Com. Law § 14-4502',
      cap: 'Md. Code, Com. Law § 14-4502',
      consent: 'Md. Code, Com. Law § 14-4502(a)(3)',
    }),
  },
  // 201 CMR 12.02(2): no unsolicited sales calls between 8 p.m. and 8 a.m.
  MA: {
    name: 'Massachusetts',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: '201 CMR 12.02(2)', hours: hours(8, 20) }],
  },
  MI: federalOnly('Michigan', null),
  // Minn. Stat. § 325E.27(a): no automatic dialing-announcing device ("prerecorded or synthesized voice message",
  // § 325E.26 subd. 2) unless the subscriber "requested, consented to, permitted, or authorized" the message.
  // Minnesota's hours have not been read: unverified.
  MN: {
    name: 'Minnesota',
    verifiedOn: null,
    callingHours: [],
    bans: [
      {
        citation: 'Minn. Stat. § 325E.27(a)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'a prerecorded or synthesized voice message without the subscriber’s consent',
      },
    ],
  },
  // Miss. Code § 77-3-723(1): no telephone solicitation on a Sunday (§ 77-3-603(a): 8 a.m.–9 p.m. otherwise).
  MS: {
    name: 'Mississippi',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: 'Miss. Code § 77-3-723(1)', hours: hours(8, 21), sunday: null }],
  },
  MO: federalOnly('Missouri', null),
  MT: federalOnly('Montana', null),
  NE: federalOnly('Nebraska', null),
  // NRS 597.814(2)(a): automatic dialing-announcing devices not between 9 p.m. and 9 a.m.
  NV: {
    name: 'Nevada',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: 'NRS 597.814(2)(a)', hours: hours(9, 21), callKinds: AGENT }],
  },
  NH: federalOnly('New Hampshire', null),
  // N.J.S.A. 56:8-128(d): no unsolicited telemarketing sales call between 9:00 p.m. and 8:00 a.m. New Jersey's
  // law on automatic dialing-announcing devices has not been read: unverified.
  NJ: {
    name: 'New Jersey',
    verifiedOn: null,
    callingHours: [{ citation: 'N.J.S.A. 56:8-128(d)', hours: hours(8, 21) }],
  },
  // NMSA § 57-12-22(B)(5): not before 9 a.m. or after 9 p.m.
  NM: {
    name: 'New Mexico',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: 'NMSA § 57-12-22(B)(5)', hours: hours(9, 21) }],
  },
  // N.Y. Gen. Bus. Law § 399-z(2): telemarketing only 8:00 a.m.–9:00 p.m. at the customer's location (a consent
  // to other hours is not taken). § 399-p, on automatic dialing-announcing devices, was read only as far as its
  // definitions: unverified.
  NY: {
    name: 'New York',
    verifiedOn: null,
    callingHours: [{ citation: 'N.Y. Gen. Bus. Law § 399-z(2)', hours: hours(8, 21) }],
  },
  // N.C.G.S. § 75-104(a): no automatic dialing and recorded message player for an "unsolicited telephone call";
  // a call on prior express written consent is not unsolicited. The hours of § 75-102 have not been read:
  // unverified.
  NC: {
    name: 'North Carolina',
    verifiedOn: null,
    callingHours: [],
    bans: [
      {
        citation: 'N.C.G.S. § 75-104(a)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'an unsolicited call by an automatic dialing and recorded message player',
      },
    ],
  },
  ND: federalOnly('North Dakota', null),
  OH: federalOnly('Ohio', null),
  OK: {
    name: 'Oklahoma',
    verifiedOn: RULE_SET_2026_11_25,
    ...miniTcpa(
      { hours: '15 O.S. § 775C.4', cap: '15 O.S. § 775C.4', consent: '15 O.S. § 775C.3' },
      // 15 O.S. § 755.1(C)(2)(a): automatic dial announcing devices (prerecorded or synthesized voice) 9 a.m.–9 p.m.
      { citation: '15 O.S. § 755.1(C)(2)(a)', hours: hours(9, 21), callKinds: AGENT },
    ),
  },
  OR: federalOnly('Oregon', null),
  // 73 P.S. § 2245(a)(10): no telephone solicitation on legal holidays.
  PA: {
    name: 'Pennsylvania',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [{ citation: '73 P.S. § 2245(a)(10)', hours: hours(8, 21), holidays: ['PA'] }],
  },
  // R.I. Gen. Laws § 5-61-3.6 with § 5-61-2(2): Mon–Fri 9–18 except holidays, Sat 10–17, never on Sunday.
  RI: {
    name: 'Rhode Island',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [
      {
        citation: 'R.I. Gen. Laws § 5-61-3.6',
        hours: hours(9, 18),
        saturday: hours(10, 17),
        sunday: null,
        holidays: ['RI'],
      },
    ],
  },
  SC: federalOnly('South Carolina', null),
  SD: federalOnly('South Dakota', null),
  // Tenn. Comp. R. & Regs. 1220-04-11-.02(1): telephone solicitation 8:00 a.m.–9:00 p.m. at the called party's
  // location (prior permission to call at other hours is not taken). Tenn. Code § 47-18-1502(a): ADAD equipment
  // only with consent received before the call, (a)(1), and only 8 a.m.–9 p.m., (a)(2).
  TN: {
    name: 'Tennessee',
    verifiedOn: ISSUE_12,
    callingHours: [
      { citation: 'Tenn. Comp. R. & Regs. 1220-04-11-.02(1)', hours: hours(8, 21) },
      { citation: 'Tenn. Code § 47-18-1502(a)(2)', hours: hours(8, 21), callKinds: AGENT },
    ],
    bans: [
      {
        citation: 'Tenn. Code § 47-18-1502(a)(1)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'ADAD equipment without consent received before the call',
      },
    ],
  },
  // Tex. Bus. & Com. Code § 301.051: 9 a.m.–9 p.m. weekdays and Saturday, noon–9 p.m. Sunday.
  TX: {
    name: 'Texas',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [
      { citation: 'Tex. Bus. & Com. Code § 301.051', hours: hours(9, 21), sunday: hours(12, 21) },
    ],
  },
  // Utah Code § 13-25a-103(3): not 9 p.m.–8 a.m., not on a Sunday or a legal holiday.
  UT: {
    name: 'Utah',
    verifiedOn: RULE_SET_2026_11_25,
    callingHours: [
      { citation: 'Utah Code § 13-25a-103(3)', hours: hours(8, 21), sunday: null, holidays: ['UT'] },
    ],
  },
  VT: federalOnly('Vermont', null),
  // Va. Code § 59.1-511: telephone solicitation calls only 8:00 a.m.–9:00 p.m. at the called person's location
  // (its prior-consent exception is not taken). § 59.1-518.2: no automatic dialing-announcing device for a
  // commercial telephone solicitation unless the subscriber "requested, consented to, permitted, or authorized" it.
  VA: {
    name: 'Virginia',
    verifiedOn: ISSUE_12,
    callingHours: [{ citation: 'Va. Code § 59.1-511', hours: hours(8, 21) }],
    bans: [
      {
        citation: 'Va. Code § 59.1-518.2',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'a commercial solicitation by an automatic dialing-announcing device without the subscriber’s consent',
      },
    ],
  },
  // RCW 19.158.040(2): commercial telephone solicitors not before 8 a.m. or after 8 p.m. RCW 80.36.400(2): no
  // automatic dialing and announcing device for "commercial solicitation", defined in (1)(b) as "the unsolicited
  // initiation of a telephone conversation": a call on prior express written consent is not unsolicited.
  WA: {
    name: 'Washington',
    verifiedOn: ISSUE_12,
    callingHours: [{ citation: 'RCW 19.158.040(2)', hours: hours(8, 20) }],
    bans: [
      {
        citation: 'RCW 80.36.400(2)',
        callKinds: AGENT,
        liftedByWrittenConsent: true,
        what: 'unsolicited commercial solicitation by an automatic dialing and announcing device',
      },
    ],
  },
  WV: federalOnly('West Virginia', null),
  WI: federalOnly('Wisconsin', null),
  WY: federalOnly('Wyoming', null),
  PR: federalOnly('Puerto Rico', null),
  VI: federalOnly('U.S. Virgin Islands', null),
  GU: federalOnly('Guam', null),
  MP: federalOnly('Northern Mariana Islands', null),
  AS: federalOnly('American Samoa', null),
};

function intersect(a: Hours | null, b: Hours | null): Hours | null {
  if (!a || !b) return null;
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start < end ? { start, end } : null;
}

/**
 * The narrowest window of every verified jurisdiction's rules, live and automated alike: the latest start and
 * earliest end of each kind of day, no day any of them bans and every holiday calendar any of them keeps.
 */
function strictestWindow(): CallingHoursRule {
  const rules = Object.values(JURISDICTIONS)
    .filter((jurisdiction) => jurisdiction.verifiedOn !== null)
    .flatMap((jurisdiction) => jurisdiction.callingHours);
  let weekday: Hours | null = FEDERAL_CALLING_HOURS.hours;
  let saturday: Hours | null = weekday;
  let sunday: Hours | null = weekday;
  const holidays = new Set<HolidayCalendar>();
  for (const rule of rules) {
    weekday = intersect(weekday, rule.hours);
    saturday = intersect(saturday, rule.saturday === undefined ? rule.hours : rule.saturday);
    sunday = intersect(sunday, rule.sunday === undefined ? rule.hours : rule.sunday);
    rule.holidays?.forEach((calendar) => holidays.add(calendar));
  }
  if (!weekday) throw new Error('the verified jurisdictions leave no weekday window');
  return {
    citation: 'unverified, strictest window applied',
    hours: weekday,
    saturday,
    sunday,
    holidays: [...holidays].sort(),
  };
}

export const STRICTEST_WINDOW: CallingHoursRule = strictestWindow();

const APPLIED: ReadonlyMap<string, Jurisdiction> = new Map(
  Object.entries(JURISDICTIONS).map(([state, jurisdiction]) => [
    state,
    jurisdiction.verifiedOn !== null
      ? jurisdiction
      : { ...jurisdiction, callingHours: [...jurisdiction.callingHours, STRICTEST_WINDOW] },
  ]),
);

/** The rules a call to someone in `state` is judged under; an unknown or unverified state adds STRICTEST_WINDOW. */
export function rulesOf(state: string): Jurisdiction {
  return APPLIED.get(state) ?? { name: state, verifiedOn: null, callingHours: [STRICTEST_WINDOW] };
}
