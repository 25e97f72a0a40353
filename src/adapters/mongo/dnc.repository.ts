import type { DncEntry, InternalDncRepository, PageRequest } from '../../ports/repositories.port';
import type { Models } from './models';

export class MongoInternalDncRepository implements InternalDncRepository {
  constructor(private readonly models: Models) {}

  /** Keyed by phone: adding a number twice keeps the first entry. */
  async add(entry: DncEntry): Promise<void> {
    await this.models.Dnc.updateOne(
      { _id: entry.phone },
      { $setOnInsert: { reason: entry.reason, source: entry.source, addedAt: entry.addedAt } },
      { upsert: true },
    );
  }

  async remove(phone: string): Promise<boolean> {
    const res = await this.models.Dnc.deleteOne({ _id: phone });
    return res.deletedCount > 0;
  }

  async contains(phone: string): Promise<boolean> {
    return (await this.models.Dnc.countDocuments({ _id: phone })) > 0;
  }

  async list(page: PageRequest): Promise<DncEntry[]> {
    const filter = page.after ? { _id: { $gt: page.after } } : {};
    const docs = await this.models.Dnc.find(filter).sort({ _id: 1 }).limit(page.limit).lean();
    return docs.map((d) => ({
      phone: String(d._id),
      reason: d.reason ?? '',
      source: d.source ?? '',
      addedAt: d.addedAt!,
    }));
  }
}
