import { IANAZone } from 'luxon';
import { civilDateOf, MS_PER_DAY } from './civil-date';

const MS_PER_MINUTE = 60_000;
const TRANSITION_BUCKET_MS = 15 * MS_PER_MINUTE;
const MAX_CACHED_DAYS = 100_000;

/**
 * Offsets per zone and UTC day: luxon needs ~7 µs per offset, and a lead is decided in a few µs. A zone changes
 * offset at most once a day, so a day whose first and last instants share an offset has it throughout; the few
 * transition days are cached per quarter hour (today's transitions all fall on a quarter hour UTC).
 */
interface ZoneOffsets {
  zone: IANAZone;
  byDay: Map<number, number>;
  byQuarterHour: Map<number, number>;
}

const zones = new Map<string, ZoneOffsets | null>();
const TRANSITION_DAY = Number.NaN;

function zoneOffsets(name: string): ZoneOffsets | null {
  let entry = zones.get(name);
  if (entry === undefined) {
    const zone = IANAZone.create(name);
    entry = zone.isValid ? { zone, byDay: new Map(), byQuarterHour: new Map() } : null;
    zones.set(name, entry);
  }
  return entry;
}

export function isValidZone(name: string): boolean {
  return zoneOffsets(name) !== null;
}

/** The zone's UTC offset in minutes at an instant. */
export function offsetMinutes(name: string, utcMs: number): number {
  const entry = zoneOffsets(name);
  if (entry === null) throw new RangeError(`unknown time zone ${name}`);
  const day = Math.floor(utcMs / MS_PER_DAY);
  let offset = entry.byDay.get(day);
  if (offset === undefined) {
    if (entry.byDay.size > MAX_CACHED_DAYS) entry.byDay.clear();
    const first = entry.zone.offset(day * MS_PER_DAY);
    offset = first === entry.zone.offset((day + 1) * MS_PER_DAY - 1) ? first : TRANSITION_DAY;
    entry.byDay.set(day, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const bucket = Math.floor(utcMs / TRANSITION_BUCKET_MS);
  let exact = entry.byQuarterHour.get(bucket);
  if (exact === undefined) {
    exact = entry.zone.offset(bucket * TRANSITION_BUCKET_MS);
    entry.byQuarterHour.set(bucket, exact);
  }
  return exact;
}

/** Local wall-clock milliseconds (local time counted as if it were UTC). */
export function localMsOf(name: string, utcMs: number): number {
  return utcMs + offsetMinutes(name, utcMs) * MS_PER_MINUTE;
}

/**
 * The instant of a local wall-clock time. A time that happens twice (fall back) or never (spring forward) is
 * resolved by `prefer`: a window's start takes the later instant and its end the earlier one, so a window is
 * only ever narrowed by a DST change, never widened.
 */
export function utcMsOfLocal(name: string, localMs: number, prefer: 'earlier' | 'later'): number {
  const before = offsetMinutes(name, localMs - MS_PER_DAY);
  const after = offsetMinutes(name, localMs + MS_PER_DAY);
  const a = localMs - before * MS_PER_MINUTE;
  if (before === after) return a;
  const b = localMs - after * MS_PER_MINUTE;
  const valid = [a, b].filter((utc, i) => offsetMinutes(name, utc) === (i === 0 ? before : after));
  const candidates = valid.length > 0 ? valid : [a, b];
  return prefer === 'later' ? Math.max(...candidates) : Math.min(...candidates);
}

const two = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/** "09:30" for 570 minutes after midnight. */
export function formatMinuteOfDay(minutes: number): string {
  return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** "2026-03-08 09:30" for wall-clock milliseconds; built by hand as it runs for every zone of every lead. */
export function formatLocalMinute(localMs: number): string {
  const epochDay = Math.floor(localMs / MS_PER_DAY);
  const { year, month, day } = civilDateOf(epochDay);
  const minuteOfDay = Math.floor((localMs - epochDay * MS_PER_DAY) / MS_PER_MINUTE);
  return `${year}-${two(month)}-${two(day)} ${formatMinuteOfDay(minuteOfDay)}`;
}

/** ISO 8601 local time with its offset, e.g. 2026-03-08T09:30:00.000-04:00. */
export function formatLocalIso(name: string, utcMs: number): string {
  const offset = offsetMinutes(name, utcMs);
  const localMs = utcMs + offset * MS_PER_MINUTE;
  const ms = ((localMs % MS_PER_MINUTE) + MS_PER_MINUTE) % MS_PER_MINUTE;
  const seconds = `${two(Math.floor(ms / 1000))}.${String(ms % 1000).padStart(3, '0')}`;
  const sign = offset < 0 ? '-' : '+';
  return `${formatLocalMinute(localMs).replace(' ', 'T')}:${seconds}${sign}${formatMinuteOfDay(Math.abs(offset))}`;
}

export { MS_PER_MINUTE };
