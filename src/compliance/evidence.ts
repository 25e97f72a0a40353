import { epochDayOfLocalMs } from './civil-date';
import { RULE_SET_VERSION } from './rule-set-version';
import type { Schedule } from './schedule';
import type { ComplianceEvidence, ComplianceInput, ZoneCandidate } from './types';
import { formatLocalIso, formatMinuteOfDay, localMsOf } from './zone-clock';

/** Today's local window shared by every candidate zone; 00:00–00:00 when calls are banned today in one of them. */
function todaysWindow(
  nowMs: number,
  zones: readonly string[],
  schedule: Schedule,
): ComplianceEvidence['window'] {
  let start = 0;
  let end = 24 * 60;
  for (const zone of zones) {
    const hours = schedule.hoursOn(epochDayOfLocalMs(localMsOf(zone, nowMs)));
    start = Math.max(start, hours?.start ?? 0);
    end = Math.min(end, hours?.end ?? 0);
  }
  return start < end
    ? { start: formatMinuteOfDay(start), end: formatMinuteOfDay(end), sources: [...schedule.sources] }
    : { start: '00:00', end: '00:00', sources: [...schedule.sources] };
}

export function buildEvidence(
  input: ComplianceInput,
  facts: { zones: ZoneCandidate[]; zoneNames: readonly string[]; states: string[]; schedule: Schedule },
  override: ComplianceEvidence['override'],
): ComplianceEvidence {
  const nowMs = input.now.getTime();
  return {
    ruleSetVersion: RULE_SET_VERSION,
    checkedAt: input.now,
    consentId: input.consent?.id ?? null,
    registryDownloadedAt: input.dnc.registryDownloadedAt,
    zones: facts.zones,
    localTimes: facts.zoneNames.map((zone) => ({ zone, local: formatLocalIso(zone, nowMs) })),
    states: facts.states,
    window: todaysWindow(nowMs, facts.zoneNames, facts.schedule),
    override,
  };
}
