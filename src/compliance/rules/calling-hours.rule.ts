import { violation } from '../fines';
import { nextLawfulMinute, SEARCH_HORIZON_DAYS, type ZoneSchedule } from '../lawful-time';
import type { Violation } from '../types';
import { civilDateOf, epochDayOfLocalMs } from '../civil-date';
import { formatLocalMinute, localMsOf } from '../zone-clock';

export interface CallingHoursCheck {
  /** Set when `now` is not lawful in every candidate zone. */
  violation: Violation | null;
  /** `now` when lawful, else the first lawful minute, or null when none is within the search horizon. */
  nextLawfulMs: number | null;
}

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localClock(zone: string, utcMs: number): string {
  const localMs = localMsOf(zone, utcMs);
  return `${WEEKDAY[civilDateOf(epochDayOfLocalMs(localMs)).weekday]} ${formatLocalMinute(localMs)} in ${zone}`;
}

const underLaw = (place: ZoneSchedule): string => `${place.zone} (${place.schedule.sources.join(', ')})`;

/**
 * 47 CFR 64.1200(c)(1) and the state windows, at the called party's location: every zone it could be in, each
 * under the law of the states it could belong to.
 */
export function checkCallingHours(nowMs: number, places: readonly ZoneSchedule[]): CallingHoursCheck {
  const nextLawfulMs = nextLawfulMinute(nowMs, places);
  if (nextLawfulMs === nowMs) return { violation: null, nextLawfulMs };
  const clocks = places.map((place) => localClock(place.zone, nowMs)).join(', ');
  const next = nextLawfulMs === null ? 'none' : new Date(nextLawfulMs).toISOString();
  const message = `It is ${clocks}: outside the hours of ${places.map(underLaw).join('; ')} in at least one of them; the next minute lawful in all is ${next}.`;
  return { violation: violation('OUTSIDE_CALLING_HOURS', message), nextLawfulMs };
}

/** No minute is lawful in every candidate zone within the horizon: waiting would not help, so the lead is blocked. */
export function noLawfulMinute(places: readonly ZoneSchedule[]): Violation {
  const message = `No minute in the next ${SEARCH_HORIZON_DAYS} days is lawful in all of ${places.map(underLaw).join('; ')}.`;
  return violation('OUTSIDE_CALLING_HOURS', message);
}
