import type { Campaign, CampaignStatus, QueueingProgress } from '../../domain/campaign';
import type { CampaignRepository, NewCampaign } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc, newId } from './documents';

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

  async list(statuses?: readonly CampaignStatus[]): Promise<Campaign[]> {
    const filter = statuses ? { status: { $in: statuses } } : {};
    const docs = await this.models.Campaign.find(filter).sort({ createdAt: -1 }).lean();
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
