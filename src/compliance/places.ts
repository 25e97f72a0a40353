import { zonesOfState } from './data/area-codes';
import { normalizeState } from './data/us-states';
import { stateOfZip } from './data/zip-prefix-states';
import { nextLawfulMinute } from './lawful-time';
import { parseUsPhone, type PhoneCheck } from './phone';
import { scheduleFor, type Schedule } from './schedule';
import type { CallKind, ComplianceInput, LeadFacts, ZoneCandidate } from './types';
import { normalizeZip } from './zip';
import { candidateStates } from './states';
import { candidateZones } from './zones';

/** A zone the called party may be in, judged under the law of the states that place could belong to. */
export interface Place {
  zone: string;
  states: readonly string[];
  schedule: Schedule;
}

/**
 * Pairs every candidate zone with the states its evidence points to: the area code's zones with the area code's
 * states, the ZIP's zone with the ZIP's state, the uploader's zone with the lead's stated (else ZIP) state. A zone
 * whose state is unknown is judged under every candidate state. A candidate state none of those zones belongs to
 * (a stated Texas address for a Manhattan number) is judged in each zone of its own, which joins the candidates:
 * if the called party is there, that state's hours count on that state's clock.
 */
export function candidatePlaces(
  phone: PhoneCheck,
  lead: Pick<LeadFacts, 'state' | 'zip'>,
  zones: readonly ZoneCandidate[],
  states: readonly string[],
  call: { callKind: CallKind; callingWindow: ComplianceInput['campaign']['callingWindow'] },
): { places: Place[]; zones: ZoneCandidate[] } {
  const given = normalizeState(lead.state);
  const zip = normalizeZip(lead.zip);
  const zipState = zip ? stateOfZip(zip) : null;
  const givenOrZip = given ?? zipState;
  const byZone = new Map<string, Set<string>>();
  const add = (zone: string, of: readonly string[]): void => {
    const set = byZone.get(zone) ?? new Set<string>();
    of.forEach((state) => set.add(state));
    byZone.set(zone, set);
  };
  for (const candidate of zones) {
    if (candidate.source === 'area_code' && phone.valid) add(candidate.zone, phone.states);
    else if (candidate.source === 'zip' && zipState) add(candidate.zone, [zipState]);
    else if (candidate.source === 'given' && givenOrZip) add(candidate.zone, [givenOrZip]);
    else add(candidate.zone, states);
  }
  const allZones = [...zones];
  for (const state of states) {
    if ([...byZone.values()].some((set) => set.has(state))) continue;
    for (const zone of zonesOfState(state)) {
      add(zone, [state]);
      allZones.push({ zone, source: 'state' });
    }
  }
  const places = [...byZone].map(([zone, set]) => {
    const placeStates = [...set].sort();
    return {
      zone,
      states: placeStates,
      schedule: scheduleFor(placeStates, call.callKind, call.callingWindow),
    };
  });
  return { places, zones: allZones };
}

/**
 * The first minute at or after `fromMs` that is lawful for `callKind` in every place the number may ring, under
 * the same places and laws checkLead judges: for times a lead names (a callback), which compliance checks again.
 */
export function firstLawfulMinuteFor(
  phone: string,
  lead: Pick<LeadFacts, 'state' | 'zip' | 'timeZone'>,
  call: { callKind: CallKind; callingWindow: ComplianceInput['campaign']['callingWindow'] },
  fromMs: number,
): number | null {
  const parsed = parseUsPhone(phone);
  const { places } = candidatePlaces(
    parsed,
    lead,
    candidateZones(parsed, lead),
    candidateStates(parsed, lead),
    call,
  );
  return nextLawfulMinute(fromMs, places);
}
