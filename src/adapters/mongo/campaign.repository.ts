import type { Campaign, CampaignStatus, QueueingProgress } from '../../domain/campaign';
import type { CampaignPage, CampaignRepository, NewCampaign } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc, newId } from './documents';

/** The listing order; the `createdAt_-1__id_-1` index serves it. */
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

export class MongoCampaignRepository implements CampaignRepository {
  constructor(private readonly models: Models) {}

  async create(input: NewCampaign): Promise<Campaign> {
    const doc = { _id: newId('cmp'), ...input, status: 'draft', createdAt: new Date(), queueing: null };
    // What was stored, with the schema's defaults for fields the input left out.
    const created = await this.models.Campaign.create(doc);
    return fromDoc<Campaign>(created.toObject());
  }

  async get(id: string): Promise<Campaign | null> {
    const doc = await this.models.Campaign.findById(id).lean();
    return doc ? fromDoc<Campaign>(doc) : null;
  }

  async listPage(page: CampaignPage): Promise<Campaign[]> {
    const filter: Record<string, unknown> = {};
    if (page.after) {
      const { createdAt, id } = page.after;
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }];
    }
    const docs = await this.models.Campaign.find(filter).sort(NEWEST_FIRST).limit(page.limit).lean();
    return docs.map((d) => fromDoc<Campaign>(d));
  }

  async listByStatus(statuses: readonly CampaignStatus[]): Promise<Campaign[]> {
    const docs = await this.models.Campaign.find({ status: { $in: statuses } })
      .sort(NEWEST_FIRST)
      .lean();
    return docs.map((d) => fromDoc<Campaign>(d));
  }

  async transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
  ): Promise<Campaign | null> {
    const doc = await this.models.Campaign.findOneAndUpdate(
      { _id: id, status: { $in: [...from] } },
      { $set: { status: to } },
      { returnDocument: 'after' },
    ).lean();
    return doc ? fromDoc<Campaign>(doc) : null;
  }

  async setQueueing(id: string, progress: Partial<QueueingProgress>): Promise<void> {
    const fields = Object.fromEntries(Object.entries(progress).map(([k, v]) => [`queueing.${k}`, v]));
    await this.models.Campaign.updateOne({ _id: id }, { $set: fields });
  }
}
