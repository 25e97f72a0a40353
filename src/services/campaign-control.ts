import { CAMPAIGN_TRANSITIONS, type Campaign } from '../domain/campaign';
import { ConflictError, NotFoundError } from '../errors';
import { OPEN_LEAD_STATUSES, type Lead } from '../domain/lead';
import type { Deps } from './deps';
import { LEADS_PER_WRITE, chunks } from './chunks';
import type { LeadLifecycle } from './lead-lifecycle';
import type { createLeadIntake } from './lead-intake';

const idOf = (lead: Lead) => lead.id;

export type CampaignAction = keyof typeof CAMPAIGN_TRANSITIONS;

/**
 * Start queues every new lead; pause and resume only flip the status (every replica reads it before each
 * job, so both take effect within a second); cancel also removes the queued jobs from Redis.
 */
export function createCampaignControl(
  deps: Pick<Deps, 'campaigns' | 'leads' | 'scheduler'>,
  lifecycle: LeadLifecycle,
  intake: ReturnType<typeof createLeadIntake>,
) {
  return async function apply(campaignId: string, action: CampaignAction): Promise<Campaign> {
    const rule = CAMPAIGN_TRANSITIONS[action]!;
    const current = await deps.campaigns.get(campaignId);
    if (!current) throw new NotFoundError('campaign', campaignId);
    const updated = await deps.campaigns.transition(campaignId, rule.from, rule.to);
    if (!updated) {
      throw new ConflictError(
        `cannot ${action} a campaign that is ${current.status} (allowed from: ${rule.from.join(', ')})`,
        'status',
      );
    }
    if (action === 'start') {
      const fresh = await deps.leads.listByCampaign(campaignId, ['new']);
      await intake.queueLeads(campaignId, fresh.map(idOf));
      await lifecycle.finishCampaignIfDone(campaignId);
    }
    if (action === 'cancel') {
      const open = await deps.leads.listByCampaign(campaignId, OPEN_LEAD_STATUSES);
      for (const chunk of chunks(open, LEADS_PER_WRITE)) {
        await deps.scheduler.removeLeadJobs(
          chunk.map((lead) => ({ leadId: lead.id, attemptNumber: lead.attempts + 1 })),
        );
        await lifecycle.cancel(campaignId, chunk.map(idOf));
      }
    }
    return (await deps.campaigns.get(campaignId))!;
  };
}
