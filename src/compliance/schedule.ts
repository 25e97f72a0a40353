import { FEDERAL_CALLING_HOURS, rulesOf, type CallingHoursRule } from './calling-rules';
import { isHoliday } from './holidays';
import { civilDateOf } from './civil-date';
import type { CallKind, CivilDate, ComplianceInput, Hours } from './types';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(value: string): number | null {
  if (value === '24:00') return 24 * 60;
  const match = HH_MM.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** A campaign window that is not "HH:mm" ≤ "HH:mm" within one day closes the campaign rather than opening it. */
function campaignHours(window: ComplianceInput['campaign']['callingWindow']): Hours | null {
  if (!window) return null;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start !== null && end !== null && start < end ? { start, end } : { start: 0, end: 0 };
}

function ruleHours(rule: CallingHoursRule, date: CivilDate): Hours | null {
  if (rule.holidays?.some((calendar) => isHoliday(calendar, date))) return null;
  if (date.weekday === 0 && rule.sunday !== undefined) return rule.sunday;
  if (date.weekday === 6 && rule.saturday !== undefined) return rule.saturday;
  return rule.hours;
}

const MAX_CACHED_DAYS = 10_000;

/** The calling-hours rules that govern one call, plus the campaign's own (narrower) window. */
export class Schedule {
  readonly sources: readonly string[];
  private readonly days = new Map<number, Hours | null>();

  constructor(
    readonly rules: readonly CallingHoursRule[],
    /** null: no campaign window; empty (start = end) when the campaign's window is unusable. */
    readonly campaign: Hours | null,
  ) {
    this.sources = [...rules.map((rule) => rule.citation), ...(campaign ? ['campaign calling window'] : [])];
  }

  /** The local hours lawful under every rule on a date (days since 1970-01-01), or null when no call may go. */
  hoursOn(epochDay: number): Hours | null {
    let hours = this.days.get(epochDay);
    if (hours === undefined) {
      if (this.days.size > MAX_CACHED_DAYS) this.days.clear();
      hours = this.compute(civilDateOf(epochDay));
      this.days.set(epochDay, hours);
    }
    return hours;
  }

  private compute(date: CivilDate): Hours | null {
    let start = this.campaign?.start ?? 0;
    let end = this.campaign?.end ?? 24 * 60;
    for (const rule of this.rules) {
      const hours = ruleHours(rule, date);
      if (!hours) return null;
      start = Math.max(start, hours.start);
      end = Math.min(end, hours.end);
    }
    return start < end ? { start, end } : null;
  }
}

const cache = new Map<string, Schedule>();

/**
 * The schedule of a place judged under the law of `states` (federal law always). Schedules are shared by every
 * lead with the same states, call kind and campaign window, with their day cache.
 */
export function scheduleFor(
  states: readonly string[],
  callKind: CallKind,
  window: ComplianceInput['campaign']['callingWindow'],
): Schedule {
  const key = `${states.join(',')}|${callKind}|${window ? `${window.start}-${window.end}` : ''}`;
  let schedule = cache.get(key);
  if (!schedule) {
    const rules = [FEDERAL_CALLING_HOURS, ...states.flatMap((state) => rulesOf(state).callingHours)].filter(
      (rule) => !rule.callKinds || rule.callKinds.includes(callKind),
    );
    schedule = new Schedule(rules, campaignHours(window));
    cache.set(key, schedule);
  }
  return schedule;
}
