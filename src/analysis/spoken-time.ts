import * as chrono from 'chrono-node';
import { offsetMinutes } from '../compliance/zone-clock';
import type { AnalysisLanguage } from './language';

const PARSERS: Record<AnalysisLanguage, chrono.Chrono> = { en: chrono.en.casual, es: chrono.es.casual };

/**
 * Spoken phrasings chrono reads as a day without its hour ("Tuesday after 3", "el martes después de las 3"):
 * rewritten to the "at 3" it does read. A callback "after 3" is due at 3.
 */
const REWRITES: Record<AnalysisLanguage, ReadonlyArray<readonly [RegExp, string]>> = {
  en: [[/\b(?:after|around|about|by|past)\s+(\d{1,2})(?=\b)/gi, 'at $1']],
  es: [
    [/\b(?:despu[eé]s|alrededor|antes)\s+de\s+las\b/gi, 'a las'],
    [/\bde la (?:tarde|noche)\b/gi, 'pm'],
    [/\bde la ma[nñ]ana\b/gi, 'am'],
    [/\b(?:la pr[oó]xima semana|la semana que viene)\b/gi, 'el próximo lunes'],
  ],
};

const MIN_AHEAD_MS = 60_000;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** A bare hour below this is meant in the afternoon: nobody asks to be called at 3 in the night. */
const FIRST_MORNING_HOUR = 8;

/**
 * The instant a lead's words name ("call me Tuesday after 3", "mañana a las 5"), read in the lead's own time
 * zone from the moment of the call; null when they name none. A day without an hour takes chrono's default for
 * it (noon; afternoon 15:00; evening 20:00): the lawful-hours check moves it where needed.
 */
export function parseSpokenTime(
  text: string,
  language: AnalysisLanguage,
  reference: Date,
  zone: string,
): Date | null {
  let rewritten = text;
  for (const [pattern, replacement] of REWRITES[language])
    rewritten = rewritten.replace(pattern, replacement);
  const timezone = offsetMinutes(zone, reference.getTime());
  // "right now", "ahora": the present is no time to call back at. A weekday is always ahead ("Wednesday at 10",
  // said on a Wednesday afternoon, is next week's), which chrono's forwardDate leaves to us.
  const ahead = (result: chrono.ParsedResult): number => {
    const ms = result.start.date().getTime();
    return ms - reference.getTime() > MIN_AHEAD_MS || !result.start.isCertain('weekday') ? ms : ms + WEEK_MS;
  };
  const results = PARSERS[language]
    .parse(rewritten, { instant: reference, timezone }, { forwardDate: true })
    .filter((result) => ahead(result) - reference.getTime() > MIN_AHEAD_MS);
  const [first] = results;
  if (!first) return null;
  const day = first.start;
  const timed = day.isCertain('hour') ? day : results.slice(1).find((r) => r.start.isCertain('hour'))?.start;
  const weekLater = ahead(first) - day.date().getTime();
  if (!timed) return new Date(day.date().getTime() + weekLater);
  let hour = timed.get('hour') ?? 12;
  if (!timed.isCertain('meridiem') && hour < FIRST_MORNING_HOUR) hour += 12;
  const localMs = Date.UTC(
    day.get('year') ?? 0,
    (day.get('month') ?? 1) - 1,
    day.get('day') ?? 1,
    hour,
    timed.get('minute') ?? 0,
  );
  const at = localMs - timezone * 60_000 + weekLater;
  return at - reference.getTime() > MIN_AHEAD_MS ? new Date(at) : null;
}
