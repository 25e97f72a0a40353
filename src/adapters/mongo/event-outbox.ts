import type { DomainEvent } from '../../domain/events';
import type { EventOutbox, EventPosition, StoredEvent } from '../../ports/repositories.port';
import type { AnyModel, Models } from './models';

/**
 * Events are first written inside the document whose change caused them (atomic with it, which also sets
 * `hasPendingEvents`: see models.ts); `collect` copies them into the `events` collection, keyed by eventId so a
 * copy repeated after a crash is harmless, then pulls them out and drops the flag, each step one bulk write for
 * the whole batch of documents rather than a command per event and two per document.
 */
export class MongoEventOutbox implements EventOutbox {
  constructor(private readonly models: Models) {}

  async collect(limit: number): Promise<number> {
    let moved = 0;
    for (const owner of [this.models.Call, this.models.Lead] as AnyModel[]) {
      const docs = await owner
        .find({ hasPendingEvents: true }, { pendingEvents: 1 })
        .limit(limit)
        .lean<Array<{ _id: string; pendingEvents: DomainEvent[] }>>();
      if (!docs.length) continue;
      // Two commands per batch of documents, whatever the number of events: the copies, then the pulls and flags.
      const events = docs.flatMap((doc) => doc.pendingEvents);
      if (events.length) {
        await this.models.Outbox.bulkWrite(
          events.map(({ eventId, ...rest }) => ({
            updateOne: {
              filter: { _id: eventId },
              update: { $setOnInsert: { ...rest, publishedAt: null } },
              upsert: true,
            },
          })),
        );
      }
      // In order, per document: the pull, then the flag dropped only once the array is empty (an event pushed
      // since our read keeps it for the next pass). A crash in between leaves the flag on an empty array, which
      // the next pass clears.
      await owner.bulkWrite(
        docs.flatMap((doc) => [
          {
            updateOne: {
              filter: { _id: doc._id },
              update: {
                $pull: { pendingEvents: { eventId: { $in: doc.pendingEvents.map((e) => e.eventId) } } },
              },
            },
          },
          {
            updateOne: {
              filter: { _id: doc._id, pendingEvents: { $size: 0 } },
              update: { $unset: { hasPendingEvents: 1 } },
            },
          },
        ]),
        { ordered: true },
      );
      moved += events.length;
    }
    return moved;
  }

  async unpublished(limit: number): Promise<StoredEvent[]> {
    const docs = await this.models.Outbox.find({ publishedAt: null })
      .sort({ occurredAt: 1 })
      .limit(limit)
      .lean();
    return docs.map(toStored);
  }

  async markPublished(eventIds: string[], at: Date): Promise<void> {
    await this.models.Outbox.updateMany(
      { _id: { $in: eventIds }, publishedAt: null },
      { $set: { publishedAt: at } },
    );
  }

  async list(filter: {
    published?: boolean;
    callId?: string;
    leadId?: string;
    after?: EventPosition;
    limit: number;
  }): Promise<StoredEvent[]> {
    const q: Record<string, unknown> = {};
    if (filter.published !== undefined) q.publishedAt = filter.published ? { $ne: null } : null;
    if (filter.callId) q.callId = filter.callId;
    if (filter.leadId) q.leadId = filter.leadId;
    if (filter.after) {
      const { occurredAt, eventId } = filter.after;
      q.$or = [{ occurredAt: { $gt: occurredAt } }, { occurredAt, _id: { $gt: eventId } }];
    }
    const docs = await this.models.Outbox.find(q).sort({ occurredAt: 1, _id: 1 }).limit(filter.limit).lean();
    return docs.map(toStored);
  }
}

function toStored(doc: unknown): StoredEvent {
  const { _id, ...rest } = doc as Record<string, unknown>;
  return { eventId: _id, ...rest } as StoredEvent;
}
