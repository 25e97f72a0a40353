import { moduleLogger } from '../logger';
import type { Deps } from './deps';
import type { createLeadIntake } from './lead-intake';

const log = moduleLogger('stranded-leads');

/** How often each compliance worker looks for stranded leads. */
export const STRANDED_SWEEP_MS = 30_000;

/**
 * One pass: a lead still 'new' in a running or paused campaign was saved but never queued (the API died
 * during a start or an upload, after the campaign or the lead was written); it is queued now. Queueing is
 * idempotent (deterministic job ids, 'new' → 'queued' only), so a pass that meets a start still in progress
 * does no harm. Returns how many leads were queued.
 */
export async function requeueStrandedLeads(
  deps: Pick<Deps, 'campaigns' | 'leads'>,
  intake: Pick<ReturnType<typeof createLeadIntake>, 'queueLeads'>,
): Promise<number> {
  let queued = 0;
  for (const campaign of await deps.campaigns.list(['running', 'paused'])) {
    const stranded = await deps.leads.listByCampaign(campaign.id, ['new']);
    if (!stranded.length) continue;
    await intake.queueLeads(
      campaign.id,
      stranded.map((lead) => lead.id),
    );
    queued += stranded.length;
    log.warn('queued leads that a start or an upload left unqueued', {
      campaignId: campaign.id,
      leads: stranded.length,
    });
  }
  return queued;
}
