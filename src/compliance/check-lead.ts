import { STATE_RULES } from './calling-rules';
import { buildEvidence } from './evidence';
import { ceilToMinute, nextLawfulMinute } from './lawful-time';
import { applyOverride } from './override';
import { parseUsPhone } from './phone';
import { checkAttemptLimit } from './rules/attempt-limit.rule';
import { checkCallingHours, noLawfulMinute } from './rules/calling-hours.rule';
import { checkConsent } from './rules/consent.rule';
import { checkDnc } from './rules/dnc.rule';
import { checkFrequency } from './rules/frequency.rule';
import { checkPhone } from './rules/phone.rule';
import { scheduleFor } from './schedule';
import { candidateStates } from './states';
import type { ComplianceDecision, ComplianceInput, Violation } from './types';
import { candidateZones, zoneNames } from './zones';

export { RULE_SET_VERSION } from './rule-set-version';

/**
 * Decides one call. Blocked beats deferred: every blocking violation is reported, and a lead that only has to
 * wait (calling hours, frequency cap) is deferred to the first minute that is lawful in every candidate zone.
 */
export function checkLead(input: ComplianceInput): ComplianceDecision {
  const nowMs = input.now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('checkLead needs a valid `now`');
  const phone = parseUsPhone(input.phone);
  const zones = candidateZones(phone, input.lead);
  const names = zoneNames(zones);
  const states = candidateStates(phone, input.lead);
  const stateRules = states.flatMap((state) => STATE_RULES[state] ?? []);
  const schedule = scheduleFor(states, input.callKind, input.campaign.callingWindow);

  const { remaining, record } = applyOverride(
    [
      ...checkPhone(phone),
      ...checkConsent(input.consent, {
        now: input.now,
        leadId: input.lead.id,
        callKind: input.callKind,
        stateWrittenConsentLaws: stateRules.flatMap((rules) => rules.writtenConsentForAutomatedDialing ?? []),
      }),
      ...checkDnc(input.dnc, input.phone, input.now),
      ...checkAttemptLimit(input.history, input.campaign, input.lead.id),
    ],
    input.override,
  );
  const evidence = buildEvidence(input, { zones, zoneNames: names, states, schedule }, record);

  const hours = checkCallingHours(nowMs, names, schedule);
  const cap = checkFrequency(
    input.history.callsToPhoneLast24h.map((call) => call.getTime()),
    nowMs,
    stateRules.flatMap((rules) => rules.frequencyCap ?? []),
  );
  const notBeforeMs = cap
    ? nextLawfulMinute(ceilToMinute(Math.max(nowMs, cap.releaseAtMs)), names, schedule)
    : hours.nextLawfulMs;
  if (notBeforeMs === null) remaining.push(noLawfulMinute(names, schedule));
  if (remaining.length > 0) return { result: 'blocked', violations: remaining, evidence };

  const waits: Violation[] = [...(hours.violation ? [hours.violation] : []), ...(cap ? [cap.violation] : [])];
  if (waits.length > 0 && notBeforeMs !== null) {
    return { result: 'deferred', notBefore: new Date(notBeforeMs), violations: waits, evidence };
  }
  return { result: 'allowed', evidence };
}
