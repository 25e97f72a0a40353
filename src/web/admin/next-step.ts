import type { Lead } from '../../domain/lead';
import type { ComplianceRecord } from '../../domain/compliance-record';
import { attemptIdOf } from '../../queues/payloads';

/** What happens next to a lead, in one sentence for the operator. */
export function nextStep(lead: Lead, decisions: readonly ComplianceRecord[], maxAttempts: number): string {
  const latest = decisions[decisions.length - 1];
  switch (lead.status) {
    case 'new':
      return 'Waiting for its compliance check.';
    case 'queued':
      // Cleared for this attempt: the dial job re-checks the rules and waits for its turn, a slot and the rate.
      return latest?.result === 'allowed' && latest.attemptId === attemptIdOf(lead.id, lead.attempts + 1)
        ? 'Cleared by compliance; waiting for its turn to be called.'
        : 'Waiting for its compliance check.';
    case 'waiting':
      return latest?.notBefore
        ? `Deferred by the rules; first lawful minute ${latest.notBefore.toISOString()}.`
        : 'Deferred by the rules.';
    case 'dialing':
      return 'Being called now.';
    case 'retry_scheduled':
      return `Attempt ${lead.attempts + 1} of ${maxAttempts} is scheduled (last outcome ${lead.lastOutcome ?? 'unknown'}).`;
    case 'completed':
      return `Conversation held (outcome ${lead.lastOutcome ?? 'unknown'}); no more calls.`;
    case 'blocked':
      return `Never called: ${lead.blockedReasons.join(', ') || 'blocked by compliance'}.`;
    case 'exhausted':
      return `No more attempts (${lead.attempts} made).`;
    case 'cancelled':
      return 'Campaign cancelled; no more calls.';
  }
}
