import { epochDayOfLocalMs, MS_PER_DAY } from './civil-date';
import type { Schedule } from './schedule';
import { localMsOf, MS_PER_MINUTE, utcMsOfLocal } from './zone-clock';

/** Long enough for any run of banned days (a Sunday next to a holiday weekend); past it the lead is blocked. */
export const SEARCH_HORIZON_DAYS = 14;

/** Walks one zone's lawful intervals (UTC instants), day by day from the local date of the search start. */
class ZoneIntervals {
  private day: number;
  private readonly lastDay: number;
  start = 0;
  end = 0;

  constructor(
    private readonly zone: string,
    fromMs: number,
    private readonly schedule: Schedule,
  ) {
    this.day = epochDayOfLocalMs(localMsOf(zone, fromMs));
    this.lastDay = this.day + SEARCH_HORIZON_DAYS;
  }

  /** Moves to the next lawful interval; false past the horizon. */
  next(): boolean {
    while (this.day <= this.lastDay) {
      const day = this.day++;
      const hours = this.schedule.hoursOn(day);
      if (!hours) continue;
      const midnight = day * MS_PER_DAY;
      this.start = utcMsOfLocal(this.zone, midnight + hours.start * MS_PER_MINUTE, 'later');
      this.end = utcMsOfLocal(this.zone, midnight + hours.end * MS_PER_MINUTE, 'earlier');
      if (this.start < this.end) return true;
    }
    return false;
  }
}

/** A zone and the schedule of the law it is judged under. */
export interface ZoneSchedule {
  zone: string;
  schedule: Schedule;
}

/**
 * The first instant at or after `fromMs` that is lawful in every zone under its own schedule (the intersection
 * of their lawful intervals), or null if there is none within the horizon. Returns `fromMs` when it is lawful.
 */
export function nextLawfulMinute(fromMs: number, places: readonly ZoneSchedule[]): number | null {
  const cursors = places.map((place) => new ZoneIntervals(place.zone, fromMs, place.schedule));
  if (cursors.length === 0 || !cursors.every((cursor) => cursor.next())) return null;
  for (;;) {
    let start = fromMs;
    let earliest = cursors[0] as ZoneIntervals;
    for (const cursor of cursors) {
      start = Math.max(start, cursor.start);
      if (cursor.end < earliest.end) earliest = cursor;
    }
    if (start < earliest.end) return start;
    if (!earliest.next()) return null;
  }
}

/** Rounds up to a whole minute: a deferral lands on a minute boundary, like the windows it must fall in. */
export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MS_PER_MINUTE) * MS_PER_MINUTE;
}
