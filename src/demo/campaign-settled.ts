import { FINAL_LEAD_STATUSES, type LeadStatus } from '../domain/lead';
import type { ApiClient } from './api-client';

/** A lead that asked to be called back and waits for that time: settled for now, though not final. */
export function awaitsCallback(lead: { status: string; lastOutcome: string | null }): boolean {
  return lead.status === 'retry_scheduled' && lead.lastOutcome === 'callback';
}

/**
 * Nothing left to do now: the campaign is done, or every lead still open waits for the callback it asked for
 * (scheduled at the lead's time, possibly days away, so a demo or a test stops there).
 */
export async function campaignSettled(client: ApiClient, campaignId: string): Promise<boolean> {
  if ((await client.campaign(campaignId)).status === 'done') return true;
  const open = (await client.leads(campaignId)).leads.filter(
    (lead) => !FINAL_LEAD_STATUSES.includes(lead.status as LeadStatus),
  );
  return open.length > 0 && open.every(awaitsCallback);
}
