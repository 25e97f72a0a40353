import { FINAL_LEAD_STATUSES, OPEN_LEAD_STATUSES, type Lead } from '../domain/lead';
import type { Campaign, RetryableOutcome } from '../domain/campaign';
import { attemptBlocked } from '../domain/events';
import type { Violation } from '../compliance/types';
import { nextAttempt } from '../scheduling/retry-policy';
import { attemptIdOf, callIdOf } from '../queues/payloads';
import { moduleLogger } from '../logger';
import type { Deps } from './deps';

const log = moduleLogger('lead-lifecycle');
const OPEN = OPEN_LEAD_STATUSES;

/** Lead state changes shared by processors and routes; each one keeps the campaign's "done" status true. */
export function createLeadLifecycle(deps: Pick<Deps, 'leads' | 'campaigns' | 'scheduler' | 'clock'>) {
  async function finishCampaignIfDone(campaignId: string): Promise<void> {
    if (!(await deps.leads.hasOpen(campaignId))) {
      const done = await deps.campaigns.transition(campaignId, ['running'], 'done');
      if (done) log.info('campaign done', { campaignId });
    }
  }

  return {
    finishCampaignIfDone,

    /** Compliance said no: the lead is never called in this campaign; a CallFailed event says why. */
    async block(lead: Lead, attemptNumber: number, violations: Violation[]): Promise<void> {
      const onlyLimit = violations.every((v) => v.code === 'ATTEMPT_LIMIT');
      const attemptId = attemptIdOf(lead.id, attemptNumber);
      const event = attemptBlocked(
        { attemptId, callId: callIdOf(attemptId), leadId: lead.id, campaignId: lead.campaignId },
        violations.map((v) => v.code),
        deps.clock.now(),
      );
      await deps.leads.transition(
        lead.id,
        OPEN,
        { status: onlyLimit ? 'exhausted' : 'blocked', blockedReasons: violations.map((v) => v.code) },
        [event],
      );
      await finishCampaignIfDone(lead.campaignId);
    },

    /** Leads of one campaign stop for good; one already final stays as it is. */
    async cancel(campaignId: string, leadIds: readonly string[]): Promise<void> {
      await deps.leads.transitionMany(leadIds, OPEN, { status: 'cancelled' });
      await finishCampaignIfDone(campaignId);
    },

    /** A dial that did not reach the person: another attempt later, or the lead is exhausted. */
    async retryOrExhaust(
      lead: Pick<Lead, 'id' | 'campaignId'>,
      campaign: Campaign,
      outcome: RetryableOutcome,
      attemptsMade: number,
    ): Promise<void> {
      const decision = nextAttempt(campaign, outcome, attemptsMade);
      if (!decision.retry) {
        await deps.leads.transition(lead.id, OPEN, {
          status: 'exhausted',
          lastOutcome: outcome,
          attempts: attemptsMade,
        });
        await finishCampaignIfDone(lead.campaignId);
        return;
      }
      const moved = await deps.leads.transition(lead.id, OPEN, {
        status: 'retry_scheduled',
        lastOutcome: outcome,
        attempts: attemptsMade,
      });
      if (!moved) return;
      await deps.scheduler.enqueueCompliance(
        { leadId: lead.id, campaignId: lead.campaignId, attemptNumber: decision.nextAttempt, override: null },
        decision.delayMs,
      );
    },

    isFinal(lead: Lead): boolean {
      return FINAL_LEAD_STATUSES.includes(lead.status);
    },
  };
}

export type LeadLifecycle = ReturnType<typeof createLeadLifecycle>;
