import { FEDERAL_CALLING_HOURS, rulesOf, type FrequencyCap } from './calling-rules';
import { buildEvidence, lawEvidence } from './evidence';
import { ceilToMinute, nextLawfulMinute } from './lawful-time';
import { applyOverride } from './override';
import { parseUsPhone, type PhoneCheck } from './phone';
import { candidatePlaces, type Place } from './places';
import { checkAttemptLimit } from './rules/attempt-limit.rule';
import { checkCallingHours, noLawfulMinute } from './rules/calling-hours.rule';
import { AI_VOICE_LAW, checkConsent } from './rules/consent.rule';
import { checkDnc, registryExemption } from './rules/dnc.rule';
import { checkFrequency } from './rules/frequency.rule';
import { checkPhone } from './rules/phone.rule';
import { bansOn, checkStateBans, type StateBan } from './rules/state-ban.rule';
import { candidateStates } from './states';
import type { ComplianceDecision, ComplianceInput, Violation, ZoneCandidate } from './types';
import { candidateZones } from './zones';

export { RULE_SET_VERSION } from './rule-set-version';

const REGISTRY_LAWS = ['47 CFR 64.1200(c)(2)', '47 CFR 64.1200(d)'];

interface LawOfTheCall {
  states: string[];
  zones: ZoneCandidate[];
  places: Place[];
  caps: FrequencyCap[];
  bans: StateBan[];
  consentLaws: string[];
  statutes: string[];
  evidence: ReturnType<typeof lawEvidence>;
}

const MAX_CACHED_LAWS = 10_000;
const laws = new Map<string, LawOfTheCall>();

/**
 * Which states, zones and statutes govern a call depends only on the area code, the lead's address and zone, the
 * call kind and the campaign window: worked out once per combination, as a campaign has few of them.
 */
function lawOfTheCall(phone: PhoneCheck, input: ComplianceInput): LawOfTheCall {
  const { lead, callKind } = input;
  const window = input.campaign.callingWindow;
  const key = [
    phone.valid ? phone.npa : '',
    lead.state ?? '',
    lead.zip ?? '',
    lead.timeZone ?? '',
    callKind,
    window ? `${window.start}-${window.end}` : '',
  ].join('|');
  let law = laws.get(key);
  if (law) return law;
  const states = candidateStates(phone, lead);
  const { places, zones } = candidatePlaces(phone, lead, candidateZones(phone, lead), states, {
    callKind,
    callingWindow: window,
  });
  const jurisdictions = states.map(rulesOf);
  const ofKind = <T extends { callKinds?: readonly string[] }>(rule: T): boolean =>
    !rule.callKinds || rule.callKinds.includes(callKind);
  const caps = jurisdictions.flatMap((rules) => rules.frequencyCaps ?? []).filter(ofKind);
  const consentLaws = jurisdictions.flatMap((rules) => rules.writtenConsentForAutomatedDialing ?? []);
  const bans = bansOn(states, callKind);
  const statutes = new Set([
    FEDERAL_CALLING_HOURS.citation,
    ...places.flatMap((place) => place.schedule.rules.map((rule) => rule.citation)),
    ...caps.map((cap) => cap.citation),
    ...bans.map(({ ban }) => ban.citation),
    ...(callKind === 'agent' ? [AI_VOICE_LAW] : []),
    ...consentLaws,
    ...REGISTRY_LAWS,
  ]);
  const evidence = lawEvidence(places, states);
  law = { states, zones, places, caps, bans, consentLaws, statutes: [...statutes], evidence };
  if (laws.size >= MAX_CACHED_LAWS) laws.clear();
  laws.set(key, law);
  return law;
}

/**
 * Decides one call. Blocked beats deferred: every blocking violation is reported, and a lead that only has to
 * wait (calling hours, frequency cap) is deferred to the first minute that is lawful in every candidate zone,
 * each zone under the law of the states it could belong to.
 */
export function checkLead(input: ComplianceInput): ComplianceDecision {
  const nowMs = input.now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('checkLead needs a valid `now`');
  const { callKind } = input;
  const phone = parseUsPhone(input.phone);
  const law = lawOfTheCall(phone, input);
  const { states, zones, places, caps, consentLaws, statutes } = law;
  const exemption = registryExemption(input);

  const { remaining, record } = applyOverride(
    [
      ...checkPhone(phone),
      ...checkConsent(input.consent, {
        now: input.now,
        leadId: input.lead.id,
        callKind,
        stateWrittenConsentLaws: consentLaws,
      }),
      ...checkStateBans(law.bans, input.consent, input.now),
      ...checkDnc(input.dnc, input.phone, input.now, exemption),
      ...checkAttemptLimit(input.history, input.campaign, input.lead.id),
    ],
    input.override,
  );
  const exemptions = exemption ? [exemption] : [];
  const evidence = buildEvidence(
    input,
    { zones: [...zones], places, states: [...states], statutes, exemptions, law: law.evidence },
    record,
  );

  const hours = checkCallingHours(nowMs, places);
  const cap = checkFrequency(
    input.history.callsToPhoneLast24h.map((call) => call.getTime()),
    nowMs,
    caps,
  );
  const notBeforeMs = cap
    ? nextLawfulMinute(ceilToMinute(Math.max(nowMs, cap.releaseAtMs)), places)
    : hours.nextLawfulMs;
  if (notBeforeMs === null) remaining.push(noLawfulMinute(places));
  if (remaining.length > 0) return { result: 'blocked', violations: remaining, evidence };

  const waits: Violation[] = [...(hours.violation ? [hours.violation] : []), ...(cap ? [cap.violation] : [])];
  if (waits.length > 0 && notBeforeMs !== null) {
    return { result: 'deferred', notBefore: new Date(notBeforeMs), violations: waits, evidence };
  }
  return { result: 'allowed', evidence };
}
