import { BSON, Long, type Document } from 'bson';
import { CommandError } from './command-error';

/** mongod's default first batch; the >101-document case is what exercises getMore. */
const DEFAULT_FIRST_BATCH = 101;
/** Keeps every reply comfortably below the 16 MiB BSON document limit. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

interface OpenCursor {
  namespace: string;
  docs: readonly Document[];
  position: number;
}

/** Server-wide cursors, so a getMore may arrive on any pooled connection. */
export class CursorRegistry {
  private nextId = 1;
  private readonly open = new Map<number, OpenCursor>();

  /** Builds a `{ cursor: { firstBatch, id, ns } }` reply, keeping the rest for getMore. */
  start(
    namespace: string,
    docs: readonly Document[],
    options: { batchSize?: number; singleBatch?: boolean } = {},
  ): Document {
    const cursor: OpenCursor = { namespace, docs, position: 0 };
    const firstBatch = takeBatch(cursor, options.batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!options.singleBatch && cursor.position < docs.length) {
      id = this.nextId++;
      this.open.set(id, cursor);
    }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns: namespace } };
  }

  getMore(id: number, batchSize?: number): Document {
    const cursor = this.open.get(id);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    // Unlike the first batch, a getMore without batchSize is bounded only by size.
    const nextBatch = takeBatch(cursor, batchSize || Infinity);
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.open.delete(id);
    return { cursor: { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns: cursor.namespace } };
  }

  kill(ids: readonly number[]): Document {
    const killed = ids.filter((id) => this.open.delete(id));
    const notFound = ids.filter((id) => !killed.includes(id));
    return {
      cursorsKilled: killed.map((id) => Long.fromNumber(id)),
      cursorsNotFound: notFound.map((id) => Long.fromNumber(id)),
      cursorsAlive: [],
      cursorsUnknown: [],
    };
  }
}

function takeBatch(cursor: OpenCursor, maxDocs: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (batch.length < maxDocs && cursor.position < cursor.docs.length) {
    const doc = cursor.docs[cursor.position] as Document;
    bytes += BSON.calculateObjectSize(doc);
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position += 1;
  }
  return batch;
}
