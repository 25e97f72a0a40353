import type { Violation, ViolationCode } from './types';

/** 47 U.S.C. 227(b)(3), (c)(5): $500 per call, trebled to $1,500 when willful or knowing. */
export const FINE_PER_VIOLATION = { min: 500, max: 1500 } as const;

/**
 * Codes that are not, by themselves, an unlawful call: the attempt limit is the campaign's own policy, and an
 * invalid or non-US number cannot be dialed through this rule set at all.
 */
const NO_FINE: ReadonlySet<ViolationCode> = new Set(['ATTEMPT_LIMIT', 'INVALID_PHONE']);

export function violation(code: ViolationCode, message: string): Violation {
  const fine = NO_FINE.has(code) ? { min: 0, max: 0 } : { ...FINE_PER_VIOLATION };
  return { code, message, fineEstimateUsd: fine };
}
