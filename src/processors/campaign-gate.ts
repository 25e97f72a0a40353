import type { Campaign } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import { DeferJob } from '../queues/process-job';
import { PermanentJobError } from '../errors';
import type { Deps } from '../services/deps';
import type { LeadLifecycle } from '../services/lead-lifecycle';

/** How soon a paused or stopped job looks again: resume and the kill switch take effect within this. */
export const PAUSE_POLL_MS = 1000;

/**
 * Loads the lead and its campaign and decides whether work on it may go on now. Returns null when the job
 * has nothing left to do (lead final, campaign cancelled).
 */
export async function loadRunnable(
  deps: Pick<Deps, 'leads' | 'campaigns' | 'killSwitch' | 'clock'>,
  lifecycle: LeadLifecycle,
  leadId: string,
  opts: { checkKillSwitch: boolean },
): Promise<{ lead: Lead; campaign: Campaign } | null> {
  const lead = await deps.leads.get(leadId);
  if (!lead) throw new PermanentJobError(`lead ${leadId} does not exist`);
  if (lifecycle.isFinal(lead)) return null;
  const campaign = await deps.campaigns.get(lead.campaignId);
  if (!campaign) throw new PermanentJobError(`campaign ${lead.campaignId} does not exist`);
  if (campaign.status === 'cancelled') {
    await lifecycle.cancel(lead.campaignId, [lead.id]);
    return null;
  }
  const later = new Date(deps.clock.now().getTime() + PAUSE_POLL_MS);
  if (campaign.status !== 'running') throw new DeferJob(later, `campaign is ${campaign.status}`);
  if (opts.checkKillSwitch && (await deps.killSwitch.isEngaged()))
    throw new DeferJob(later, 'kill switch engaged');
  return { lead, campaign };
}
