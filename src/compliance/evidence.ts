import { rulesOf } from './calling-rules';
import { epochDayOfLocalMs } from './civil-date';
import type { Place } from './places';
import { RULE_SET_VERSION } from './rule-set-version';
import type { ComplianceEvidence, ComplianceInput, ZoneCandidate } from './types';
import { formatLocalIso, formatMinuteOfDay, localMsOf } from './zone-clock';

const CAMPAIGN_WINDOW = 'campaign calling window';

/** Today's local window shared by every candidate place; 00:00–00:00 when calls are banned today in one of them. */
function todaysWindow(
  nowMs: number,
  places: readonly Place[],
  sources: readonly string[],
): ComplianceEvidence['window'] {
  let start = 0;
  let end = 24 * 60;
  for (const place of places) {
    const hours = place.schedule.hoursOn(epochDayOfLocalMs(localMsOf(place.zone, nowMs)));
    start = Math.max(start, hours?.start ?? 0);
    end = Math.min(end, hours?.end ?? 0);
  }
  return start < end
    ? { start: formatMinuteOfDay(start), end: formatMinuteOfDay(end), sources: [...sources] }
    : { start: '00:00', end: '00:00', sources: [...sources] };
}

type LawEvidence = Pick<ComplianceEvidence, 'places' | 'unverifiedStates'> & { windowSources: string[] };

/** The parts of the evidence that depend only on the law of the call, not on its instant: computed once. */
export function lawEvidence(places: readonly Place[], states: readonly string[]): LawEvidence {
  const all = [...new Set([...states, ...places.flatMap((place) => place.states)])];
  return {
    places: places.map((place) => ({
      zone: place.zone,
      states: [...place.states],
      statutes: place.schedule.sources.filter((source) => source !== CAMPAIGN_WINDOW),
    })),
    unverifiedStates: all.filter((state) => rulesOf(state).verifiedOn === null).sort(),
    windowSources: [...new Set(places.flatMap((place) => place.schedule.sources))],
  };
}

export function buildEvidence(
  input: ComplianceInput,
  facts: {
    zones: ZoneCandidate[];
    places: readonly Place[];
    states: string[];
    statutes: readonly string[];
    exemptions: string[];
    law: LawEvidence;
  },
  override: ComplianceEvidence['override'],
): ComplianceEvidence {
  const nowMs = input.now.getTime();
  return {
    ruleSetVersion: RULE_SET_VERSION,
    checkedAt: input.now,
    consentId: input.consent?.id ?? null,
    registryDownloadedAt: input.dnc.registryDownloadedAt,
    zones: facts.zones,
    localTimes: facts.places.map(({ zone }) => ({ zone, local: formatLocalIso(zone, nowMs) })),
    states: facts.states,
    window: todaysWindow(nowMs, facts.places, facts.law.windowSources),
    places: facts.law.places.map((place) => ({
      ...place,
      states: [...place.states],
      statutes: [...place.statutes],
    })),
    statutes: [...facts.statutes],
    unverifiedStates: [...facts.law.unverifiedStates],
    exemptions: facts.exemptions,
    override,
  };
}
