/** 'agent' = AI voice = an artificial voice (FCC 24-17): needs prior express WRITTEN consent covering automated calls. */
export type CallKind = 'agent' | 'live';

export type ConsentMethod = 'written' | 'electronic_signature' | 'verbal' | 'implied';

export interface ConsentFacts {
  id: string;
  method: ConsentMethod;
  capturedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  sellerName: string;
  coversAutomatedCalls: boolean;
}

export interface LeadFacts {
  id: string;
  state?: string | null;
  zip?: string | null;
  /** IANA zone given by the uploader. */
  timeZone?: string | null;
}

export interface ComplianceInput {
  now: Date;
  /** E.164, +1 NPA NXX XXXX. */
  phone: string;
  lead: LeadFacts;
  callKind: CallKind;
  consent: ConsentFacts | null;
  dnc: { onNationalRegistry: boolean; registryDownloadedAt: Date | null; onInternalList: boolean };
  /** Calls placed to this phone by us (any campaign) / attempts for this lead in this campaign. */
  history: { callsToPhoneLast24h: Date[]; attemptsInCampaign: number };
  /**
   * callingWindow: "HH:mm" in the lead's local time; it can only narrow the legal window.
   * allowRegistryWithWrittenAgreement: the admin-set option to call registry-listed numbers on a signed written
   * agreement (47 CFR 64.1200(c)(2)(ii)); off, a listed number is never called.
   */
  campaign: {
    maxAttemptsPerLead: number;
    callingWindow?: { start: string; end: string } | null;
    allowRegistryWithWrittenAgreement?: boolean;
  };
  /** Admin override (the seed's overrideTCPA). */
  override?: { reason: string; by: string } | null;
}

export type ViolationCode =
  | 'NO_CONSENT'
  | 'EXPIRED_CONSENT'
  | 'WRONG_CONSENT_METHOD'
  | 'REVOKED_CONSENT'
  | 'ON_DNC_REGISTRY'
  | 'INTERNAL_DNC'
  | 'AUTOMATED_CALL_NOT_ALLOWED'
  | 'REGISTRY_STALE'
  | 'OUTSIDE_CALLING_HOURS'
  | 'FREQUENCY_CAP'
  | 'ATTEMPT_LIMIT'
  | 'INVALID_PHONE'
  /** A law of a candidate state forbids this kind of call outright (see calling-rules.ts, `bans`). */
  | 'STATE_BAN';

export interface Violation {
  code: ViolationCode;
  /** One human sentence naming the facts. */
  message: string;
  fineEstimateUsd: { min: number; max: number };
}

/** 'state': a zone of a candidate state that no other candidate zone belongs to. */
export type ZoneSource = 'given' | 'zip' | 'area_code' | 'state' | 'fallback';

export interface ZoneCandidate {
  zone: string;
  source: ZoneSource;
}

export interface ComplianceEvidence {
  ruleSetVersion: string;
  checkedAt: Date;
  consentId: string | null;
  registryDownloadedAt: Date | null;
  zones: ZoneCandidate[];
  localTimes: Array<{ zone: string; local: string }>;
  states: string[];
  window: { start: string; end: string; sources: string[] };
  /** Each candidate zone with the states it is judged under and the statutes of its calling hours. */
  places: Array<{ zone: string; states: string[]; statutes: string[] }>;
  /** Every statute applied to this decision: calling hours, caps, bans, consent and registry rules. */
  statutes: string[];
  /** Candidate states not yet verified: their places carry "unverified, strictest window applied". */
  unverifiedStates: string[];
  /** Lawful exemptions from our stricter default that this decision used, e.g. the written-agreement option. */
  exemptions: string[];
  override: { reason: string; by: string; overridden: ViolationCode[] } | null;
}

export type ComplianceDecision =
  | { result: 'allowed'; evidence: ComplianceEvidence }
  | { result: 'blocked'; violations: Violation[]; evidence: ComplianceEvidence }
  | { result: 'deferred'; notBefore: Date; violations: Violation[]; evidence: ComplianceEvidence };

/** Minutes after local midnight; `end` is exclusive (47 CFR 64.1200(c)(1) forbids calls "after 9 p.m."). */
export interface Hours {
  start: number;
  end: number;
}

/** A calendar date at the called party's location, with its weekday (0 = Sunday). */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Days since 1970-01-01: lets callers step through dates without a calendar library. */
  epochDay: number;
}
