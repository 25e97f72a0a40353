import type { Campaign } from '../domain/campaign';
import type { Deps } from './deps';

/** Where a campaign's leads and calls stand: what the API's campaign and the dashboard both show. */
export interface CallProgress {
  total: number;
  byStatus: Record<string, number>;
  byOutcome: Record<string, number>;
  activeCalls: number;
  waitingForSlot: number;
}

/** The lead counts from MongoDB and the call slots from Redis, read side by side. */
export async function callProgress(
  deps: Pick<Deps, 'leads' | 'permits'>,
  campaign: Pick<Campaign, 'id'>,
): Promise<CallProgress> {
  const [byStatus, byOutcome, activeCalls, waitingForSlot] = await Promise.all([
    deps.leads.countByStatus(campaign.id),
    deps.leads.countByOutcome(campaign.id),
    deps.permits.activeCount(campaign.id),
    deps.permits.waitingForSlot(campaign.id),
  ]);
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { total, byStatus, byOutcome, activeCalls, waitingForSlot };
}
