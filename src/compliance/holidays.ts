import { civilDateOf, epochDayOf } from './civil-date';
import type { CivilDate } from './types';

/** Calendars of the days on which some state bans telemarketing calls. */
export type HolidayCalendar = 'AL' | 'LA' | 'PA' | 'RI' | 'UT';

type HolidayRule =
  | { fixed: [month: number, day: number] }
  | { nth: [month: number, weekday: number, n: number] } // n = -1: the last one of the month
  | { easter: number } // days after Easter Sunday
  | { electionDay: true };

const MONDAY = 1;
const THURSDAY = 4;

/** 5 U.S.C. § 6103(a): every state calendar below includes the federal holidays. */
const FEDERAL: HolidayRule[] = [
  { fixed: [1, 1] },
  { nth: [1, MONDAY, 3] },
  { nth: [2, MONDAY, 3] },
  { nth: [5, MONDAY, -1] },
  { fixed: [6, 19] },
  { fixed: [7, 4] },
  { nth: [9, MONDAY, 1] },
  { nth: [10, MONDAY, 2] },
  { fixed: [11, 11] },
  { nth: [11, THURSDAY, 4] },
  { fixed: [12, 25] },
];

/**
 * State extras. Where a list is uncertain (parish- or county-only days, election days) the day is included:
 * a wrongly banned day costs a day of calls, a wrongly allowed one a fine.
 */
const STATE_EXTRAS: Record<HolidayCalendar, HolidayRule[]> = {
  // Ala. Code § 1-3-8: Mardi Gras (Mobile and Baldwin counties), Confederate Memorial Day, Jefferson Davis' birthday.
  AL: [{ easter: -47 }, { nth: [4, MONDAY, 4] }, { nth: [6, MONDAY, 1] }],
  // La. R.S. 1:55: Mardi Gras, Good Friday, All Saints' Day, general election day.
  LA: [{ easter: -47 }, { easter: -2 }, { fixed: [11, 1] }, { electionDay: true }],
  // 44 P.S. § 11: Flag Day and general election day.
  PA: [{ fixed: [6, 14] }, { electionDay: true }],
  // R.I. Gen. Laws § 25-1-1: Victory Day (second Monday of August) and general election day.
  RI: [{ nth: [8, MONDAY, 2] }, { electionDay: true }],
  // Utah Code § 63G-1-301: Pioneer Day.
  UT: [{ fixed: [7, 24] }],
};

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = epochDayOf(year, month, 1);
    return first + ((weekday - civilDateOf(first).weekday + 7) % 7) + (n - 1) * 7;
  }
  const last = epochDayOf(year, month + 1, 1) - 1;
  return last - ((civilDateOf(last).weekday - weekday + 7) % 7);
}

/** Anonymous Gregorian computus. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayOf(year, month, day);
}

/**
 * The days a rule bans in a year. A fixed-date holiday on a weekend is observed on the Friday before or the
 * Monday after (5 U.S.C. § 6103(b), Ala. Code § 1-3-8(a), Utah Code § 63G-1-301(2)): both days are banned.
 */
function daysOf(rule: HolidayRule, year: number): number[] {
  if ('nth' in rule) return [nthWeekday(year, ...rule.nth)];
  if ('easter' in rule) return [easterSunday(year) + rule.easter];
  if ('electionDay' in rule) return [nthWeekday(year, 11, MONDAY, 1) + 1];
  const day = epochDayOf(year, ...rule.fixed);
  const weekday = civilDateOf(day).weekday;
  if (weekday === 6) return [day, day - 1];
  if (weekday === 0) return [day, day + 1];
  return [day];
}

const cache = new Map<number, ReadonlySet<number>>();
const CALENDARS = Object.keys(STATE_EXTRAS) as HolidayCalendar[];

function holidaysOf(calendar: HolidayCalendar, year: number): ReadonlySet<number> {
  const key = year * CALENDARS.length + CALENDARS.indexOf(calendar);
  let days = cache.get(key);
  if (!days) {
    days = new Set([...FEDERAL, ...STATE_EXTRAS[calendar]].flatMap((rule) => daysOf(rule, year)));
    cache.set(key, days);
  }
  return days;
}

/** Next year's calendar is consulted too: New Year's Day on a Saturday is observed on December 31. */
export function isHoliday(calendar: HolidayCalendar, date: CivilDate): boolean {
  return (
    holidaysOf(calendar, date.year).has(date.epochDay) ||
    holidaysOf(calendar, date.year + 1).has(date.epochDay)
  );
}
