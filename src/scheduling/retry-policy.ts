import type { Campaign, RetryableOutcome } from '../domain/campaign';

export type RetryDecision =
  { retry: true; delayMs: number; nextAttempt: number } | { retry: false; reason: string };

/**
 * After a dial that did not reach the person: try again after the outcome's delay, while both the outcome's
 * own attempt limit and the campaign's limit allow. Compliance is checked again when the retry comes up.
 */
export function nextAttempt(
  campaign: Campaign,
  outcome: RetryableOutcome,
  attemptsMade: number,
): RetryDecision {
  const rule = campaign.retry[outcome];
  const limit = Math.min(rule.maxAttempts, campaign.limits.maxAttemptsPerLead);
  if (attemptsMade >= limit) {
    return { retry: false, reason: `${attemptsMade} of ${limit} attempts used (last outcome: ${outcome})` };
  }
  return { retry: true, delayMs: rule.delayMinutes * 60_000, nextAttempt: attemptsMade + 1 };
}
