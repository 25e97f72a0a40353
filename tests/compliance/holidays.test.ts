import { civilDateOf, epochDayOf } from '../../src/compliance/civil-date';
import { isHoliday, type HolidayCalendar } from '../../src/compliance/holidays';

const on = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return civilDateOf(epochDayOf(y, m, d));
};

describe('civil dates', () => {
  it.each([
    ['1970-01-01', 4],
    ['2000-02-29', 2],
    ['2026-03-08', 0],
    ['2026-12-31', 4],
  ])('%s is weekday %i and round-trips', (iso, weekday) => {
    const date = on(iso);
    expect(date.weekday).toBe(weekday);
    expect(
      [date.year, date.month, date.day].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-'),
    ).toBe(iso);
  });
});

describe('holiday calendars', () => {
  it.each<[HolidayCalendar, string, boolean, string]>([
    ['UT', '2026-01-01', true, "New Year's Day"],
    ['UT', '2026-01-19', true, 'MLK Day, third Monday of January'],
    ['UT', '2026-02-16', true, "Washington's Birthday"],
    ['UT', '2026-05-25', true, 'Memorial Day, last Monday of May'],
    ['UT', '2026-06-19', true, 'Juneteenth'],
    ['UT', '2026-07-03', true, 'Independence Day observed (July 4 is a Saturday)'],
    ['UT', '2026-07-04', true, 'Independence Day'],
    ['UT', '2026-07-24', true, 'Pioneer Day'],
    ['UT', '2026-09-07', true, 'Labor Day'],
    ['UT', '2026-10-12', true, 'Columbus Day'],
    ['UT', '2026-11-11', true, 'Veterans Day'],
    ['UT', '2026-11-26', true, 'Thanksgiving'],
    ['UT', '2026-12-25', true, 'Christmas'],
    ['UT', '2027-12-31', true, "New Year's Day 2028 observed"],
    ['UT', '2026-07-06', false, 'an ordinary Monday'],
    ['AL', '2026-02-17', true, 'Mardi Gras (Easter 2026 is April 5)'],
    ['AL', '2026-04-27', true, 'Confederate Memorial Day'],
    ['AL', '2026-06-01', true, "Jefferson Davis' birthday"],
    ['LA', '2026-04-03', true, 'Good Friday'],
    ['LA', '2025-03-04', true, 'Mardi Gras 2025 (Easter April 20)'],
    ['LA', '2026-11-03', true, 'general election day'],
    ['PA', '2026-06-15', true, 'Flag Day observed (June 14 is a Sunday)'],
    ['RI', '2026-08-10', true, 'Victory Day'],
    ['RI', '2026-08-03', false, 'first Monday of August'],
    ['PA', '2026-07-24', false, 'Pioneer Day is Utah only'],
  ])('%s %s → %p (%s)', (calendar, iso, expected) => {
    expect(isHoliday(calendar, on(iso))).toBe(expected);
  });
});
