import type { ComplianceRecord } from '../../domain/compliance-record';
import type { ComplianceRecordRepository } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc, newId } from './documents';

/** Append-only: this class has no update or delete on purpose. */
export class MongoComplianceRecordRepository implements ComplianceRecordRepository {
  constructor(private readonly models: Models) {}

  async append(record: Omit<ComplianceRecord, 'id'>): Promise<ComplianceRecord> {
    const doc = { _id: newId('chk'), ...record };
    await this.models.ComplianceRecord.create(doc);
    return fromDoc<ComplianceRecord>(doc);
  }

  async listByLead(leadId: string): Promise<ComplianceRecord[]> {
    const docs = await this.models.ComplianceRecord.find({ leadId }).sort({ checkedAt: 1 }).lean();
    return docs.map((d) => fromDoc<ComplianceRecord>(d));
  }

  async listByAttempt(attemptId: string): Promise<ComplianceRecord[]> {
    const docs = await this.models.ComplianceRecord.find({ attemptId }).sort({ checkedAt: 1 }).lean();
    return docs.map((d) => fromDoc<ComplianceRecord>(d));
  }

  async *listByCampaign(campaignId: string): AsyncIterable<ComplianceRecord> {
    const cursor = this.models.ComplianceRecord.find({ campaignId }).sort({ checkedAt: 1 }).lean().cursor();
    for await (const doc of cursor) yield fromDoc<ComplianceRecord>(doc);
  }
}
