export type {
  CallKind,
  ComplianceDecision,
  ComplianceEvidence,
  ComplianceInput,
  ConsentFacts,
  ConsentMethod,
  LeadFacts,
  Violation,
  ViolationCode,
  ZoneCandidate,
  ZoneSource,
} from './types';
export { checkLead, RULE_SET_VERSION } from './check-lead';
export { FINE_PER_VIOLATION } from './fines';
export { resolveZones, US_FALLBACK_ZONES, zoneNames } from './zones';
export { resolveStates } from './states';
export { parseUsPhone, type PhoneCheck, type UsPhone } from './phone';
export { nextLawfulMinute, SEARCH_HORIZON_DAYS } from './lawful-time';
export { scheduleFor, type Schedule } from './schedule';
export { firstLawfulMinuteFor } from './places';
export {
  JURISDICTIONS,
  FEDERAL_CALLING_HOURS,
  STRICTEST_WINDOW,
  rulesOf,
  type CallBan,
  type CallingHoursRule,
  type Jurisdiction,
} from './calling-rules';
export { REGISTRY_MAX_AGE_DAYS } from './rules/dnc.rule';
