import { randomBytes } from 'node:crypto';
import type { RowError, Upload, UploadStatus } from '../../domain/upload';
import type { PageRequest, UploadCounts, UploadRepository } from '../../ports/repositories.port';
import type { Models } from './models';
import { fromDoc } from './documents';

/** Ids that sort by start time (then at random), so the newest-first listing pages by id alone. */
function uploadId(at: Date): string {
  return `upl_${at.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

export class MongoUploadRepository implements UploadRepository {
  constructor(private readonly models: Models) {}

  async start(campaignId: string, at: Date): Promise<Upload> {
    const doc = {
      _id: uploadId(at),
      campaignId,
      status: 'receiving' as const,
      accepted: 0,
      rejected: 0,
      errorCounts: {},
      firstErrors: [],
      startedAt: at,
      finishedAt: null,
    };
    await this.models.Upload.create(doc);
    return fromDoc<Upload>(doc);
  }

  async progress(id: string, counts: Pick<Upload, 'accepted' | 'rejected'>): Promise<void> {
    await this.models.Upload.updateOne({ _id: id }, { $set: counts });
  }

  async finish(
    id: string,
    status: Exclude<UploadStatus, 'receiving'>,
    counts: UploadCounts,
    at: Date,
  ): Promise<void> {
    await this.models.Upload.updateOne({ _id: id }, { $set: { ...counts, status, finishedAt: at } });
  }

  async appendErrors(id: string, part: number, rows: readonly RowError[]): Promise<void> {
    await this.models.UploadErrors.create({ _id: `${id}:${part}`, uploadId: id, part, rows });
  }

  async *errors(id: string): AsyncIterable<RowError> {
    // One part in memory at a time.
    const parts = this.models.UploadErrors.find({ uploadId: id })
      .sort({ part: 1 })
      .lean()
      .cursor({ batchSize: 1 });
    for await (const part of parts) yield* part.rows as RowError[];
  }

  async get(id: string): Promise<Upload | null> {
    const doc = await this.models.Upload.findById(id).lean();
    return doc ? fromDoc<Upload>(doc) : null;
  }

  async listByCampaign(campaignId: string, page: PageRequest): Promise<Upload[]> {
    const filter: Record<string, unknown> = { campaignId };
    if (page.after) filter._id = { $lt: page.after };
    const docs = await this.models.Upload.find(filter, { firstErrors: 0 })
      .sort({ _id: -1 })
      .limit(page.limit)
      .lean();
    return docs.map((d) => fromDoc<Upload>(d));
  }
}
