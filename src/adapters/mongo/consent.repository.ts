import type { Consent, NewConsent } from '../../domain/consent';
import type { ConsentRepository } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc, newId } from './documents';

export class MongoConsentRepository implements ConsentRepository {
  constructor(private readonly models: Models) {}

  async create(input: NewConsent): Promise<Consent> {
    const [consent] = await this.createMany([input]);
    return consent!;
  }

  async createMany(inputs: readonly NewConsent[]): Promise<Consent[]> {
    const createdAt = new Date();
    const docs = inputs.map((input) => ({ _id: newId('cns'), ...input, revokedAt: null, createdAt }));
    await this.models.Consent.insertMany(docs);
    return docs.map((doc) => fromDoc<Consent>(doc));
  }

  async get(id: string): Promise<Consent | null> {
    const doc = await this.models.Consent.findById(id).lean();
    return doc ? fromDoc<Consent>(doc) : null;
  }

  /** The first revocation time is kept: revoking twice does not move it later. */
  async revoke(id: string, at: Date): Promise<Consent | null> {
    await this.models.Consent.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
    return this.get(id);
  }

  async revokeForPhone(phone: string, at: Date): Promise<number> {
    const res = await this.models.Consent.updateMany({ phone, revokedAt: null }, { $set: { revokedAt: at } });
    return res.modifiedCount;
  }
}
