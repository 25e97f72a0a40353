import { FEDERAL_CALLING_HOURS, STATE_RULES, type CallingHoursRule } from './calling-rules';
import { isHoliday } from './holidays';
import type { CallKind, CivilDate, ComplianceInput, Hours } from './types';

/** The calling-hours rules that govern one call, plus the campaign's own (narrower) window. */
export interface Schedule {
  rules: readonly CallingHoursRule[];
  /** null: no campaign window; an empty Hours (start = end) when the campaign's window is unusable. */
  campaign: Hours | null;
  sources: readonly string[];
}

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

const cache = new Map<string, Schedule>();

export function scheduleFor(
  states: readonly string[],
  callKind: CallKind,
  window: ComplianceInput['campaign']['callingWindow'],
): Schedule {
  const key = `${states.join(',')}|${callKind}|${window ? `${window.start}-${window.end}` : ''}`;
  let schedule = cache.get(key);
  if (!schedule) {
    const rules = [
      FEDERAL_CALLING_HOURS,
      ...states.flatMap((state) => STATE_RULES[state]?.callingHours ?? []),
    ].filter((rule) => !rule.callKinds || rule.callKinds.includes(callKind));
    const campaign = campaignHours(window);
    const sources = [...rules.map((rule) => rule.citation), ...(campaign ? ['campaign calling window'] : [])];
    schedule = { rules, campaign, sources };
    cache.set(key, schedule);
  }
  return schedule;
}

function ruleHours(rule: CallingHoursRule, date: CivilDate): Hours | null {
  if (rule.holidays && isHoliday(rule.holidays, date)) return null;
  if (date.weekday === 0 && rule.sunday !== undefined) return rule.sunday;
  if (date.weekday === 6 && rule.saturday !== undefined) return rule.saturday;
  return rule.hours;
}

/** The local hours lawful under every rule on a date, or null when no call may be placed that day. */
export function windowOn(schedule: Schedule, date: CivilDate): Hours | null {
  let start = schedule.campaign?.start ?? 0;
  let end = schedule.campaign?.end ?? 24 * 60;
  for (const rule of schedule.rules) {
    const hours = ruleHours(rule, date);
    if (!hours) return null;
    start = Math.max(start, hours.start);
    end = Math.min(end, hours.end);
  }
  return start < end ? { start, end } : null;
}
