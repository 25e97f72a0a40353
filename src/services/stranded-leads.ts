import { moduleLogger } from '../logger';
import type { Deps } from './deps';
import type { createLeadIntake } from './lead-intake';
import { LEADS_PER_WRITE } from './chunks';

const log = moduleLogger('stranded-leads');

/** How often one of the compliance workers looks for stranded leads. */
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
  for (const campaign of await deps.campaigns.listByStatus(['running', 'paused'])) {
    let found = 0;
    for await (const stranded of deps.leads.eachByCampaign(campaign.id, ['new'], LEADS_PER_WRITE)) {
      await intake.queueLeads(
        campaign.id,
        stranded.map((lead) => lead.id),
      );
      found += stranded.length;
    }
    if (!found) continue;
    queued += found;
    log.warn('queued leads that a start or an upload left unqueued', {
      campaignId: campaign.id,
      leads: found,
    });
  }
  return queued;
}
