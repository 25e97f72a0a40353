export interface IncomingRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface StoredMessage extends IncomingRecord {
  topic: string;
  partition: number;
  offset: number;
}

/** The stand-in's only state: which topics exist, and every record appended to them. */
export class TopicLog {
  // Next offset per partition, indexed by partition number.
  private readonly nextOffsets = new Map<string, number[]>();
  // One list in append order, so messages() across partitions or topics reads back in the order produced.
  private appended: StoredMessage[] = [];

  partitionCount(topic: string): number | undefined {
    return this.nextOffsets.get(topic)?.length;
  }

  topics(): string[] {
    return [...this.nextOffsets.keys()];
  }

  /** Returns false when the topic already exists (its partition count is left unchanged). */
  create(topic: string, partitions: number): boolean {
    if (this.nextOffsets.has(topic)) return false;
    this.nextOffsets.set(topic, new Array<number>(partitions).fill(0));
    return true;
  }

  /** Appends to an existing partition and returns the offset given to the first record. */
  append(topic: string, partition: number, records: readonly IncomingRecord[]): number {
    const offsets = this.nextOffsets.get(topic);
    const baseOffset = offsets?.[partition];
    if (offsets === undefined || baseOffset === undefined) {
      throw new Error(`unknown partition ${topic}[${partition}]`);
    }
    records.forEach((record, i) =>
      this.appended.push({ ...record, topic, partition, offset: baseOffset + i }),
    );
    offsets[partition] = baseOffset + records.length;
    return baseOffset;
  }

  messages(topic?: string): StoredMessage[] {
    return this.appended.filter((message) => topic === undefined || message.topic === topic);
  }

  /** Drops all records and restarts offsets at 0; topics survive so connected producers' metadata stays valid. */
  clear(): void {
    this.appended = [];
    for (const offsets of this.nextOffsets.values()) offsets.fill(0);
  }
}
