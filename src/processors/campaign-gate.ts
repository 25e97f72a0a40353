import type { Campaign } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import { DeferJob } from '../queues/process-job';
import { PermanentJobError } from '../errors';
import type { Deps } from '../services/deps';
import type { LeadLifecycle } from '../services/lead-lifecycle';
import { KILL_SWITCH_SCOPE, type HeldJob } from '../ports/work-scheduler.port';
import { heldRecheckDelayMs } from '../scheduling/held-recheck';

/**
 * Loads the lead and its campaign and decides whether work on it may go on now. Returns null when the job
 * has nothing left to do (lead final, campaign cancelled). A job of a paused campaign, or held by the kill switch,
 * is noted as held and waits: resume (or the switch's release) wakes it, and meanwhile it looks again after
 * heldRecheckDelayMs, so a long pause does not keep every held job running once a second. The reads run side by
 * side: this is the start of every job, and the dial job's overhead before the carrier request is mostly such
 * round trips. `killSwitchEngaged`: the kill switch as the caller asked for it (absent: not checked, as for the
 * compliance job, which dials nothing).
 */
export async function loadRunnable(
  deps: Pick<Deps, 'leads' | 'campaigns' | 'scheduler' | 'clock'>,
  lifecycle: LeadLifecycle,
  job: { leadId: string; campaignId: string; attemptNumber: number },
  opts: { queue: HeldJob['queue']; killSwitchEngaged?: boolean | Promise<boolean> },
): Promise<{ lead: Lead; campaign: Campaign } | null> {
  const [lead, campaign, killed] = await Promise.all([
    deps.leads.get(job.leadId),
    deps.campaigns.get(job.campaignId),
    opts.killSwitchEngaged ?? false,
  ]);
  if (!lead) throw new PermanentJobError(`lead ${job.leadId} does not exist`);
  if (lead.campaignId !== job.campaignId)
    throw new PermanentJobError(
      `lead ${lead.id} belongs to campaign ${lead.campaignId}, not ${job.campaignId}`,
    );
  if (lifecycle.isFinal(lead)) return null;
  if (!campaign) throw new PermanentJobError(`campaign ${job.campaignId} does not exist`);
  return (await mayGoOn(deps, lifecycle, job, campaign, killed, opts.queue)) ? { lead, campaign } : null;
}

/**
 * Whether work on the lead may go on, as far as its campaign and the kill switch say: false when the campaign is
 * cancelled (the lead is then cancelled too); a paused campaign or the engaged kill switch throws the DeferJob of a
 * held job (see loadRunnable).
 */
export async function mayGoOn(
  deps: Pick<Deps, 'scheduler' | 'clock'>,
  lifecycle: LeadLifecycle,
  job: { leadId: string; campaignId: string; attemptNumber: number },
  campaign: Campaign,
  killed: boolean,
  queue: HeldJob['queue'],
): Promise<boolean> {
  if (campaign.status === 'cancelled') {
    await lifecycle.cancel(job.campaignId, [job.leadId]);
    return false;
  }
  const hold = async (scope: string, reason: string) => {
    const heldForMs = await deps.scheduler.holdUntilResumed(scope, {
      queue,
      leadId: job.leadId,
      attemptNumber: job.attemptNumber,
    });
    return new DeferJob(new Date(deps.clock.now().getTime() + heldRecheckDelayMs(heldForMs)), reason);
  };
  if (campaign.status !== 'running') throw await hold(campaign.id, `campaign is ${campaign.status}`);
  if (killed) throw await hold(KILL_SWITCH_SCOPE, 'kill switch engaged');
  return true;
}
