import type { ComplianceEvidence, Violation } from '../compliance/types';

/** One stored compliance decision: append-only evidence of why a lead was or was not called. */
export interface ComplianceRecord {
  id: string;
  leadId: string;
  campaignId: string | null;
  attemptId: string | null;
  phone: string;
  stage: 'queue' | 'dial' | 'query';
  result: 'allowed' | 'blocked' | 'deferred' | 'error';
  notBefore: Date | null;
  violations: Violation[];
  evidence: ComplianceEvidence | null;
  error: string | null;
  checkedAt: Date;
}
