import { OPEN_LEAD_STATUSES, type Lead, type LeadStatus } from '../../domain/lead';
import type { DomainEvent } from '../../domain/events';
import type { LeadPatch, LeadPosition, LeadRepository, NewLead } from '../../ports/repositories.port';
import type { Models } from './models';
import { duplicateKeyIndexes, fromDoc, newId } from './documents';

/**
 * A new lead exactly as mongoose would store it through the lead schema (every default filled in, the empty
 * outbox), so it can be inserted without mongoose casting it: the repository tests compare the two.
 */
export function newLeadDocument(input: NewLead, id: string, now: Date) {
  return {
    _id: id,
    ...input,
    language: input.language ?? null,
    status: 'new' as const,
    attempts: 0,
    lastOutcome: null,
    blockedReasons: [],
    qualification: null,
    nextStep: null,
    createdAt: now,
    updatedAt: now,
    pendingEvents: [],
  };
}

export class MongoLeadRepository implements LeadRepository {
  constructor(private readonly models: Models) {}

  async insertMany(inputs: readonly NewLead[]): Promise<Array<{ lead: Lead } | { duplicate: true }>> {
    if (inputs.length === 0) return [];
    const now = new Date();
    const docs = inputs.map((input) => newLeadDocument(input, newId('lead'), now));
    let duplicates = new Set<number>();
    try {
      // Unordered, so a duplicate does not stop the leads after it. Lean: the documents are already in their
      // stored shape (newLeadDocument), and hydrating each into a mongoose document to cast and validate it cost
      // half of an upload's time.
      await this.models.Lead.insertMany(docs, { ordered: false, lean: true });
    } catch (err) {
      duplicates = duplicateKeyIndexes(err);
    }
    return docs.map((doc, i) => (duplicates.has(i) ? { duplicate: true } : { lead: fromDoc<Lead>(doc) }));
  }

  async get(id: string): Promise<Lead | null> {
    const doc = await this.models.Lead.findById(id).lean();
    return doc ? fromDoc<Lead>(doc) : null;
  }

  update(id: string, patch: LeadPatch, events: DomainEvent[] = []): Promise<Lead | null> {
    return this.updateWhere({ _id: id }, patch, events);
  }

  transition(id: string, from: readonly LeadStatus[], patch: LeadPatch, events: DomainEvent[] = []) {
    return this.updateWhere({ _id: id, status: { $in: [...from] } }, patch, events);
  }

  recordCallResult(id: string, attemptNumber: number, patch: LeadPatch, events: DomainEvent[] = []) {
    return this.updateWhere(
      {
        _id: id,
        attempts: { $lte: attemptNumber },
        $or: [{ status: { $in: [...OPEN_LEAD_STATUSES] } }, { status: 'completed', lastOutcome: null }],
      },
      { ...patch, attempts: attemptNumber },
      events,
    );
  }

  recordDialing(id: string, attemptNumber: number) {
    return this.updateWhere(
      { _id: id, attempts: { $lt: attemptNumber }, status: { $in: [...OPEN_LEAD_STATUSES] } },
      { status: 'dialing', attempts: attemptNumber },
      [],
    );
  }

  async transitionMany(ids: readonly string[], from: readonly LeadStatus[], patch: LeadPatch): Promise<void> {
    await this.models.Lead.updateMany(
      { _id: { $in: [...ids] }, status: { $in: [...from] } },
      { $set: { ...patch, updatedAt: new Date() } },
    );
  }

  /** The state change and its events land in one document update: atomic without transactions. */
  private async updateWhere(filter: object, patch: LeadPatch, events: DomainEvent[]): Promise<Lead | null> {
    const update: Record<string, unknown> = { $set: { ...patch, updatedAt: new Date() } };
    if (events.length) update.$push = { pendingEvents: { $each: events } };
    const doc = await this.models.Lead.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean();
    return doc ? fromDoc<Lead>(doc) : null;
  }

  async listByCampaign(
    campaignId: string,
    page: { after?: LeadPosition; limit: number },
    statuses?: readonly LeadStatus[],
  ): Promise<Lead[]> {
    const filter: Record<string, unknown> = { campaignId };
    if (statuses) filter.status = { $in: [...statuses] };
    if (page.after) {
      const { rowNumber, id } = page.after;
      filter.$or = [{ rowNumber: { $gt: rowNumber } }, { rowNumber, _id: { $gt: id } }];
    }
    const docs = await this.models.Lead.find(filter).sort({ rowNumber: 1, _id: 1 }).limit(page.limit).lean();
    return docs.map((d) => fromDoc<Lead>(d));
  }

  async *eachByCampaign(
    campaignId: string,
    statuses: readonly LeadStatus[],
    size: number,
  ): AsyncIterable<Array<Pick<Lead, 'id' | 'attempts'>>> {
    const cursor = this.models.Lead.find(
      { campaignId, status: { $in: [...statuses] } },
      { _id: 1, attempts: 1 },
    )
      .lean()
      .cursor({ batchSize: size });
    let chunk: Array<Pick<Lead, 'id' | 'attempts'>> = [];
    for await (const doc of cursor) {
      chunk.push({ id: String(doc._id), attempts: doc.attempts as number });
      if (chunk.length < size) continue;
      yield chunk;
      chunk = [];
    }
    if (chunk.length > 0) yield chunk;
  }

  async listByPhone(phone: string): Promise<Lead[]> {
    const docs = await this.models.Lead.find({ phone }).lean();
    return docs.map((d) => fromDoc<Lead>(d));
  }

  async hasOpen(campaignId: string): Promise<boolean> {
    const open = await this.models.Lead.findOne(
      { campaignId, status: { $in: [...OPEN_LEAD_STATUSES] } },
      { _id: 1 },
    ).lean();
    return open !== null;
  }

  countByStatus(campaignId: string): Promise<Record<string, number>> {
    return this.countBy(campaignId, '$status');
  }

  countByOutcome(campaignId: string): Promise<Record<string, number>> {
    return this.countBy(campaignId, '$lastOutcome');
  }

  private async countBy(campaignId: string, field: string): Promise<Record<string, number>> {
    const rows = await this.models.Lead.aggregate<{ _id: string | null; n: number }>([
      { $match: { campaignId } },
      { $group: { _id: field, n: { $sum: 1 } } },
    ]);
    const counts: Record<string, number> = {};
    for (const row of rows) if (row._id !== null) counts[row._id] = row.n;
    return counts;
  }
}
