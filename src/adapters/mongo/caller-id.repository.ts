import type { CallerIdEntry, CallerIdRepository } from '../../ports/repositories.port';
import type { Models } from './models';

export class MongoCallerIdRepository implements CallerIdRepository {
  constructor(private readonly models: Models) {}

  async add(entry: CallerIdEntry): Promise<CallerIdEntry> {
    const doc = await this.models.CallerId.findOneAndUpdate(
      { _id: entry.phone },
      { $setOnInsert: { note: entry.note, addedBy: entry.addedBy, addedAt: entry.addedAt } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return toEntry(doc!);
  }

  async remove(phone: string): Promise<boolean> {
    const res = await this.models.CallerId.deleteOne({ _id: phone });
    return res.deletedCount > 0;
  }

  async contains(phone: string): Promise<boolean> {
    return (await this.models.CallerId.countDocuments({ _id: phone })) > 0;
  }

  async list(): Promise<CallerIdEntry[]> {
    const docs = await this.models.CallerId.find().sort({ _id: 1 }).lean();
    return docs.map(toEntry);
  }
}

function toEntry(d: { _id: unknown; note?: string | null; addedBy?: string | null; addedAt?: Date | null }) {
  return { phone: String(d._id), note: d.note ?? null, addedBy: d.addedBy ?? '', addedAt: d.addedAt! };
}
