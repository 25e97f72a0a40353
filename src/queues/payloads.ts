/** An admin's written reason to waive consent rules for one attempt (never DNC, revocation or calling hours). */
export interface OverrideRequest {
  reason: string;
  by: string;
}

export interface ComplianceJobData {
  leadId: string;
  campaignId: string;
  attemptNumber: number;
  override: OverrideRequest | null;
}

export interface DialJobData extends ComplianceJobData {
  complianceRecordId: string;
}

export interface PostCallJobData {
  callId: string;
}

/** One attempt = one lead's n-th try; the id every job, call and event of that try is keyed by. */
export function attemptIdOf(leadId: string, attemptNumber: number): string {
  return `${leadId}-a${attemptNumber}`;
}

export function callIdOf(attemptId: string): string {
  return `call-${attemptId}`;
}

/** The lead and attempt number a call id (callIdOf) was made of; null for any other string. */
export function leadAttemptOfCall(callId: string): { leadId: string; attemptNumber: number } | null {
  const parts = /^call-(.+)-a(\d+)$/.exec(callId);
  return parts ? { leadId: parts[1]!, attemptNumber: Number(parts[2]) } : null;
}

/** BullMQ job ids (no ':' allowed in custom ids): deterministic, so one attempt is never queued twice. */
export const jobIds = {
  compliance: (leadId: string, attemptNumber: number) => `chk-${attemptIdOf(leadId, attemptNumber)}`,
  dial: (leadId: string, attemptNumber: number) => `dial-${attemptIdOf(leadId, attemptNumber)}`,
  postCall: (callId: string) => `post-${callId}`,
  transcript: (callId: string, version: string) => `post-${callId}-t${version}`,
};
