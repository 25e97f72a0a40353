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
 * has nothing left to do (lead final, campaign cancelled). The reads run side by side: this is the start of
 * every job, and the dial job's overhead before the carrier request is mostly such round trips.
 */
export async function loadRunnable(
  deps: Pick<Deps, 'leads' | 'campaigns' | 'killSwitch' | 'clock'>,
  lifecycle: LeadLifecycle,
  job: { leadId: string; campaignId: string },
  opts: { checkKillSwitch: boolean },
): Promise<{ lead: Lead; campaign: Campaign } | null> {
  const [lead, campaign, killed] = await Promise.all([
    deps.leads.get(job.leadId),
    deps.campaigns.get(job.campaignId),
    opts.checkKillSwitch ? deps.killSwitch.isEngaged() : Promise.resolve(false),
  ]);
  if (!lead) throw new PermanentJobError(`lead ${job.leadId} does not exist`);
  if (lead.campaignId !== job.campaignId)
    throw new PermanentJobError(
      `lead ${lead.id} belongs to campaign ${lead.campaignId}, not ${job.campaignId}`,
    );
  if (lifecycle.isFinal(lead)) return null;
  if (!campaign) throw new PermanentJobError(`campaign ${job.campaignId} does not exist`);
  if (campaign.status === 'cancelled') {
    await lifecycle.cancel(lead.campaignId, [lead.id]);
    return null;
  }
  const later = new Date(deps.clock.now().getTime() + PAUSE_POLL_MS);
  if (campaign.status !== 'running') throw new DeferJob(later, `campaign is ${campaign.status}`);
  if (killed) throw new DeferJob(later, 'kill switch engaged');
  return { lead, campaign };
}
