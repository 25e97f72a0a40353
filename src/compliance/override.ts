import type { ComplianceEvidence, ComplianceInput, Violation, ViolationCode } from './types';

/**
 * An admin may vouch for consent held elsewhere, never against the registry, a revocation, the clock or the
 * campaign's own limit.
 */
export const WAIVABLE: ReadonlySet<ViolationCode> = new Set([
  'NO_CONSENT',
  'EXPIRED_CONSENT',
  'WRONG_CONSENT_METHOD',
  'AUTOMATED_CALL_NOT_ALLOWED',
]);

export function applyOverride(
  violations: readonly Violation[],
  override: ComplianceInput['override'],
): { remaining: Violation[]; record: ComplianceEvidence['override'] } {
  if (!override || override.reason.trim() === '') return { remaining: [...violations], record: null };
  const overridden = [...new Set(violations.filter((v) => WAIVABLE.has(v.code)).map((v) => v.code))];
  return {
    remaining: violations.filter((v) => !WAIVABLE.has(v.code)),
    record: { reason: override.reason, by: override.by, overridden },
  };
}
