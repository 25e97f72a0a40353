import type { HolidayCalendar } from './holidays';
import type { CallKind, Hours } from './types';

/**
 * When calls may be placed, in the called party's local time. `saturday`/`sunday` replace `hours` on that day
 * (null = no calls); `holidays` bans the days of a calendar. `callKinds` limits a rule to some calls.
 */
export interface CallingHoursRule {
  citation: string;
  hours: Hours;
  saturday?: Hours | null;
  sunday?: Hours | null;
  holidays?: HolidayCalendar;
  callKinds?: readonly CallKind[];
}

export interface FrequencyCap {
  citation: string;
  maxCalls: number;
  perHours: number;
}

export interface StateRules {
  callingHours: readonly CallingHoursRule[];
  frequencyCap?: FrequencyCap;
  /** Citation of a law requiring prior express written consent for any call dialed by an automated system. */
  writtenConsentForAutomatedDialing?: string;
}

const at = (hour: number, minute = 0): number => hour * 60 + minute;
const hours = (start: number, end: number): Hours => ({ start: at(start), end: at(end) });

export const FEDERAL_CALLING_HOURS: CallingHoursRule = {
  citation: '47 CFR 64.1200(c)(1)',
  hours: hours(8, 21),
};

/** Florida, Oklahoma and Maryland copied one "mini-TCPA" text: 8:00–20:00, three calls per 24 h, written consent. */
const miniTcpa = (
  citations: { hours: string; cap: string; consent: string },
  ...moreHours: CallingHoursRule[]
): StateRules => ({
  callingHours: [{ citation: citations.hours, hours: hours(8, 20) }, ...moreHours],
  frequencyCap: { citation: citations.cap, maxCalls: 3, perHours: 24 },
  writtenConsentForAutomatedDialing: citations.consent,
});

/**
 * State rules stricter than the federal ones. Each cites the provision whose text it was checked against,
 * except Texas (see there). Rules written for automated or prerecorded calls are applied to every call unless
 * `callKinds` says otherwise: where a state's scope is unclear, the stricter reading wins.
 */
export const STATE_RULES: Readonly<Record<string, StateRules>> = {
  // Ala. Admin. Code r. 770-X-5-.17(1)(b): no solicitation calls on Sundays or holidays; 8 a.m.–8 p.m. otherwise.
  AL: {
    callingHours: [
      {
        citation: 'Ala. Admin. Code r. 770-X-5-.17(1)(b)',
        hours: hours(8, 20),
        sunday: null,
        holidays: 'AL',
      },
    ],
  },
  // Conn. Gen. Stat. § 42-288a(c), as amended by P.A. 23-98: 9 a.m.–8 p.m.
  CT: { callingHours: [{ citation: 'Conn. Gen. Stat. § 42-288a(c)', hours: hours(9, 20) }] },
  FL: miniTcpa({
    hours: 'Fla. Stat. § 501.616(6)(a)',
    cap: 'Fla. Stat. § 501.616(6)(b)',
    consent: 'Fla. Stat. § 501.059(8)(a)',
  }),
  // La. R.S. 45:811(2)-(3): 8 a.m.–8 p.m. Monday–Saturday, never on Sundays or state holidays, for automatic
  // dialers and live operators alike.
  LA: {
    callingHours: [{ citation: 'La. R.S. 45:811', hours: hours(8, 20), sunday: null, holidays: 'LA' }],
  },
  // 201 CMR 12.02(2): no unsolicited sales calls between 8 p.m. and 8 a.m.
  MA: { callingHours: [{ citation: '201 CMR 12.02(2)', hours: hours(8, 20) }] },
  // Md. Code, Com. Law § 14-4502 (Stop the Spam Calls Act of 2023, in force 2024-01-01).
  MD: miniTcpa({
    hours: 'Md. Code, Com. Law § 14-4502',
    cap: 'Md. Code, Com. Law § 14-4502',
    consent: 'Md. Code, Com. Law § 14-4502(a)(3)',
  }),
  // Miss. Code § 77-3-723(1): no telephone solicitation on a Sunday (§ 77-3-603(a): 8 a.m.–9 p.m. otherwise).
  MS: { callingHours: [{ citation: 'Miss. Code § 77-3-723(1)', hours: hours(8, 21), sunday: null }] },
  // NMSA § 57-12-22(B)(5): not before 9 a.m. or after 9 p.m.
  NM: { callingHours: [{ citation: 'NMSA § 57-12-22(B)(5)', hours: hours(9, 21) }] },
  // NRS 597.814(2)(a): automatic dialing-announcing devices not between 9 p.m. and 9 a.m.
  NV: { callingHours: [{ citation: 'NRS 597.814(2)(a)', hours: hours(9, 21), callKinds: ['agent'] }] },
  OK: miniTcpa(
    { hours: '15 O.S. § 775C.4', cap: '15 O.S. § 775C.4', consent: '15 O.S. § 775C.3' },
    // 15 O.S. § 755.1(C)(2)(a): automatic dial announcing devices (prerecorded or synthesized voice) 9 a.m.–9 p.m.
    { citation: '15 O.S. § 755.1(C)(2)(a)', hours: hours(9, 21), callKinds: ['agent'] },
  ),
  // 73 P.S. § 2245(a)(10): no telephone solicitation on legal holidays.
  PA: { callingHours: [{ citation: '73 P.S. § 2245(a)(10)', hours: hours(8, 21), holidays: 'PA' }] },
  // R.I. Gen. Laws § 5-61-3.6 with § 5-61-2(2): Mon–Fri 9–18 except holidays, Sat 10–17, never on Sunday.
  RI: {
    callingHours: [
      {
        citation: 'R.I. Gen. Laws § 5-61-3.6',
        hours: hours(9, 18),
        saturday: hours(10, 17),
        sunday: null,
        holidays: 'RI',
      },
    ],
  },
  // Tex. Bus. & Com. Code § 301.051: 9 a.m.–9 p.m. weekdays and Saturday, noon–9 p.m. Sunday. Its text could not be
  // re-read for this rule set: confirm the 9 a.m. start with counsel (an error here only narrows the window).
  TX: {
    callingHours: [
      { citation: 'Tex. Bus. & Com. Code § 301.051', hours: hours(9, 21), sunday: hours(12, 21) },
    ],
  },
  // Utah Code § 13-25a-103(3): not 9 p.m.–8 a.m., not on a Sunday or a legal holiday.
  UT: {
    callingHours: [
      { citation: 'Utah Code § 13-25a-103(3)', hours: hours(8, 21), sunday: null, holidays: 'UT' },
    ],
  },
  // RCW 19.158.040(2): commercial telephone solicitors not before 8 a.m. or after 8 p.m.
  WA: { callingHours: [{ citation: 'RCW 19.158.040(2)', hours: hours(8, 20) }] },
};
