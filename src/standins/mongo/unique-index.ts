import { ObjectId, type Document } from 'bson';
import { CommandError } from './command-error';
import { canonicalKey, indexKey, sameAtPath, valuesAtPath } from './key-values';
import { matcher } from './query-engine';

export interface IndexSpec extends Document {
  v: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

interface IndexKey {
  id: string;
  values: unknown[];
}

/**
 * Tracks which stored document owns each key of one unique index so a write
 * can be rejected with mongod's E11000 error before it is applied.
 */
export class UniqueIndex {
  private readonly owners = new Map<string, Document>();
  private readonly fields: string[];
  private readonly inScope: (doc: Document) => boolean;

  constructor(
    private readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.inScope = spec.partialFilterExpression ? matcher(spec.partialFilterExpression) : () => true;
  }

  /** The E11000 error inserting `doc` would cause. */
  conflict(doc: Document): CommandError | undefined {
    for (const key of this.keysOf(doc)) {
      const owner = this.owners.get(key.id);
      if (owner !== undefined && owner !== doc) return this.duplicateKeyError(key);
    }
    return undefined;
  }

  add(doc: Document): void {
    for (const key of this.keysOf(doc)) this.owners.set(key.id, doc);
  }

  /**
   * For `next` in place of `current`: the E11000 error it would cause (only a key `current` lacks can collide),
   * else how to move the keys over. Each version's keys are worked out once.
   */
  prepareReplace(current: Document, next: Document): CommandError | (() => void) {
    const before = this.keysOf(current);
    // The indexed fields hold the same values (a partial index's scope may also depend on others): so does every
    // key, and none can collide.
    if (
      !this.spec.partialFilterExpression &&
      this.fields.every((field) => sameAtPath(current, next, field))
    ) {
      return () => {
        for (const key of before) if (this.owners.get(key.id) === current) this.owners.set(key.id, next);
      };
    }
    const after = this.keysOf(next);
    const held = new Set(before.map((key) => key.id));
    for (const key of after) {
      const owner = held.has(key.id) ? undefined : this.owners.get(key.id);
      if (owner !== undefined && owner !== current && owner !== next) return this.duplicateKeyError(key);
    }
    return () => {
      for (const key of before) if (this.owners.get(key.id) === current) this.owners.delete(key.id);
      for (const key of after) this.owners.set(key.id, next);
    };
  }

  remove(doc: Document): void {
    for (const key of this.keysOf(doc)) {
      if (this.owners.get(key.id) === doc) this.owners.delete(key.id);
    }
  }

  private keysOf(doc: Document): IndexKey[] {
    if (!this.inScope(doc)) return [];
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    // Missing fields and empty arrays are indexed as null, which is why two
    // documents lacking a uniquely indexed field collide unless it is sparse.
    const combos = perField.reduce<unknown[][]>(
      (acc, values) =>
        acc.flatMap((prefix) => (values.length ? values : [null]).map((v) => [...prefix, v ?? null])),
      [[]],
    );
    // One field's key is its value's own (indexKey); several are joined canonical keys, whose quoting keeps
    // ("a|b", "c") apart from ("a", "b|c").
    return combos.map((values) => ({
      id: values.length === 1 ? indexKey(values[0]) : values.map(canonicalKey).join('|'),
      values,
    }));
  }

  private duplicateKeyError(key: IndexKey): CommandError {
    const keyValue = Object.fromEntries(this.fields.map((field, i) => [field, key.values[i]]));
    const shown = this.fields.map((field, i) => `${field}: ${renderKeyValue(key.values[i])}`).join(', ');
    return new CommandError(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.namespace} index: ${this.spec.name} dup key: { ${shown} }`,
      { keyPattern: this.spec.key, keyValue },
    );
  }
}

/** mongod prints dup keys in shell syntax; tests and logs grep for it. */
function renderKeyValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
