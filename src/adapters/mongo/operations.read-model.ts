import type { CallSummary, Counted, OperationsReadModel } from '../../ports/operations.port';
import type { ComplianceRecord } from '../../domain/compliance-record';
import type { Models } from './models';

const SUMMARY_FIELDS = {
  _id: 1,
  leadId: 1,
  to: 1,
  status: 1,
  outcome: 1,
  sentiment: 1,
  durationSec: 1,
  createdAt: 1,
  // Whether there is a transcript, without reading it.
  hasTranscript: { $gt: [{ $size: { $ifNull: ['$transcript', []] } }, 0] },
};

export class MongoOperationsReadModel implements OperationsReadModel {
  constructor(private readonly models: Models) {}

  async callsByStatusAndOutcome(since: Date) {
    const rows = await this.models.Call.aggregate<{
      _id: { status: string; outcome: string | null };
      n: number;
    }>([
      { $match: { createdAt: { $gte: since } } },
      { $group: { _id: { status: '$status', outcome: '$outcome' }, n: { $sum: 1 } } },
    ]);
    return rows.map((r) => ({ key: { status: r._id.status, outcome: r._id.outcome ?? null }, n: r.n }));
  }

  async complianceDecisions(since: Date) {
    type Row = { _id: { result: ComplianceRecord['result']; code: string | null }; n: number };
    const rows = await this.models.ComplianceRecord.aggregate<Row>([
      { $match: { checkedAt: { $gte: since }, stage: { $ne: 'query' } } },
      { $unwind: { path: '$violations', preserveNullAndEmptyArrays: true } },
      { $group: { _id: { result: '$result', code: '$violations.code' }, n: { $sum: 1 } } },
    ]);
    return rows.map((r): Counted<{ result: ComplianceRecord['result']; code: string | null }> => ({
      key: { result: r._id.result, code: r._id.code ?? null },
      n: r.n,
    }));
  }

  callsPlacedSince(since: Date): Promise<number> {
    return this.models.Call.countDocuments({ createdAt: { $gte: since }, 'twilio.callSid': { $ne: null } });
  }

  async complianceBlocksByCode(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.models.ComplianceRecord.aggregate<{ _id: string; n: number }>([
      { $match: { campaignId, result: 'blocked' } },
      { $unwind: '$violations' },
      { $group: { _id: '$violations.code', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  async nextLawfulMinute(campaignId: string, now: Date): Promise<Date | null> {
    const doc = await this.models.ComplianceRecord.findOne(
      { campaignId, result: 'deferred', notBefore: { $gt: now } },
      { notBefore: 1 },
    )
      .sort({ notBefore: 1 })
      .lean();
    return (doc?.notBefore as Date | undefined) ?? null;
  }

  async callTimes(campaignId: string, since: Date): Promise<Date[]> {
    const docs = await this.models.Call.find(
      { campaignId, createdAt: { $gte: since } },
      { createdAt: 1 },
    ).lean();
    return docs.map((d) => d.createdAt as Date);
  }

  async latestCalls(campaignId: string, limit: number): Promise<CallSummary[]> {
    const rows = await this.models.Call.aggregate<Omit<CallSummary, 'callId'> & { _id: string }>([
      { $match: { campaignId } },
      { $sort: { createdAt: -1 } },
      { $limit: limit },
      { $project: SUMMARY_FIELDS },
    ]);
    return rows.map(({ _id, ...rest }) => ({ callId: _id, ...rest }));
  }
}
