import type { ComplianceRecord } from '../../domain/compliance-record';
import type { ComplianceRecordRepository } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc, newId } from './documents';

/** Append-only: this class has no update or delete on purpose. */
export class MongoComplianceRecordRepository implements ComplianceRecordRepository {
  constructor(private readonly models: Models) {}

  nextId(): string {
    return newId('chk');
  }

  async append(record: ComplianceRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.models.ComplianceRecord.create({ _id: id, ...rest });
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
