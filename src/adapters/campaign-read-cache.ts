import type { Campaign, CampaignStatus } from '../domain/campaign';
import type { CampaignRepository } from '../ports/repositories.port';

/**
 * Every job of a campaign reads the same campaign document (the compliance, dial and post-call jobs of each
 * lead): a worker keeps each one for `ttlMs` instead of asking MongoDB again. The status is what has to be
 * fresh (pause, cancel), and it is at most `ttlMs` old: within the second in which every replica promises to
 * see it. Its own transitions replace the cached copy at once. Only `get` is cached; everything else passes.
 */
export class CampaignReadCache implements CampaignRepository {
  private readonly entries = new Map<string, { at: number; campaign: Promise<Campaign | null> }>();

  constructor(
    private readonly inner: CampaignRepository,
    private readonly ttlMs: number,
  ) {}

  create: CampaignRepository['create'] = (input) => this.inner.create(input);

  listPage: CampaignRepository['listPage'] = (page) => this.inner.listPage(page);

  listByStatus: CampaignRepository['listByStatus'] = (statuses) => this.inner.listByStatus(statuses);

  setQueueing: CampaignRepository['setQueueing'] = (id, progress) => this.inner.setQueueing(id, progress);

  get(id: string): Promise<Campaign | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < this.ttlMs) return hit.campaign;
    // Concurrent jobs share one read; a failed read is not kept.
    const campaign = this.inner.get(id);
    this.entries.set(id, { at: now, campaign });
    campaign.catch(() => this.entries.delete(id));
    if (this.entries.size > 1000) this.prune(now);
    return campaign;
  }

  async transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
  ): Promise<Campaign | null> {
    const updated = await this.inner.transition(id, from, to);
    if (updated) this.entries.set(id, { at: Date.now(), campaign: Promise.resolve(updated) });
    else this.entries.delete(id);
    return updated;
  }

  private prune(now: number): void {
    for (const [id, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(id);
  }
}
