import type { Document } from 'bson';
import { CommandError } from './command-error';
import { FieldIndex, pinnedValues, pinsExactly } from './field-index';
import { canonicalKey } from './key-values';
import { UniqueIndex, type IndexSpec } from './unique-index';

/** What Collection.narrow leaves to check: `docs` are the only documents that can match, if they pass `filter`. */
export interface Narrowed {
  docs: readonly Document[];
  filter: Document;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection's documents and indexes. Documents are only ever swapped for
 * new objects, never edited, so snapshots held by cursors stay consistent.
 * Every field a declared index starts with is also looked up by value (see FieldIndex), so a query that pins
 * one reads the documents with that value, not the whole collection, as mongod would.
 */
export class Collection {
  private docs: Document[] = [];
  /** Each stored document's place in `docs`: replacing one does not search the array. */
  private positions = new Map<Document, number>();
  private specs: IndexSpec[] = [ID_INDEX];
  private readonly uniques = new Map<string, UniqueIndex>();
  private readonly lookups = new Map<string, FieldIndex>([['_id', new FieldIndex('_id')]]);

  constructor(
    readonly db: string,
    readonly name: string,
  ) {
    this.uniques.set(ID_INDEX.name, new UniqueIndex(ID_INDEX, this.namespace));
  }

  /**
   * The documents that may match `filter`, in stored order: those holding a value the filter pins an indexed
   * field to (the field with the fewest), or every document; and the part of the filter they must still pass.
   * That is the whole filter unless the lookup answered its clause on that field exactly (pinsExactly, and no
   * document whose field is an array or missing along a path), as mongod answers it from the index bounds alone.
   * With a collation, equal strings need not have equal keys, so every document is returned with the whole filter.
   */
  narrow(filter: Document | undefined, collation?: Document): Narrowed {
    if (!filter || collation) return { docs: this.docs, filter: filter ?? {} };
    let best: { field: string; index: FieldIndex; values: unknown[]; count: number } | undefined;
    for (const [field, index] of this.lookups) {
      const values = pinnedValues(filter, field);
      if (!values) continue;
      const count = index.count(values);
      if (!best || count < best.count) best = { field, index, values, count };
    }
    if (!best) return { docs: this.docs, filter };
    const rest =
      !best.index.hasUnkeyed && pinsExactly(filter, best.field) ? withoutField(filter, best.field) : filter;
    // Every document may match (a campaign's leads when it holds them all): no narrowing to gather.
    if (best.count >= this.docs.length) return { docs: this.docs, filter: rest };
    const found = best.index.lookup(best.values);
    // A large share of the collection is put back in stored order faster by one pass over it than by a sort.
    if (found.length * 16 >= this.docs.length) {
      const wanted = new Set(found);
      return { docs: this.docs.filter((doc) => wanted.has(doc)), filter: rest };
    }
    return { docs: found.sort((a, b) => this.positions.get(a)! - this.positions.get(b)!), filter: rest };
  }

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get documents(): readonly Document[] {
    return this.docs;
  }

  get indexes(): readonly IndexSpec[] {
    return this.specs;
  }

  insert(doc: Document): void {
    this.assertUnique(doc);
    for (const index of this.uniques.values()) index.add(doc);
    for (const index of this.lookups.values()) index.add(doc);
    this.positions.set(doc, this.docs.length);
    this.docs.push(doc);
  }

  replace(current: Document, next: Document): void {
    const position = this.positions.get(current);
    if (position === undefined) throw new Error('replace() called with a document that is not stored');
    // Every unique index is checked before any is changed: a conflict leaves the collection as it was.
    const moves = [...this.uniques.values()].map((index) => index.prepareReplace(current, next));
    for (const move of moves) if (move instanceof CommandError) throw move;
    for (const move of moves) (move as () => void)();
    for (const index of this.lookups.values()) index.replace(current, next);
    this.docs[position] = next;
    this.positions.delete(current);
    this.positions.set(next, position);
  }

  remove(targets: readonly Document[]): void {
    const doomed = new Set(targets);
    if (doomed.size === 0) return;
    for (const doc of doomed)
      for (const index of [...this.uniques.values(), ...this.lookups.values()]) index.remove(doc);
    this.docs = this.docs.filter((doc) => !doomed.has(doc));
    this.positions = new Map(this.docs.map((doc, i) => [doc, i]));
  }

  /** Returns false when an identical index already exists, mirroring createIndexes' no-op. */
  createIndex(spec: IndexSpec): boolean {
    const sameName = this.specs.find((existing) => existing.name === spec.name);
    const sameKey = this.specs.find((existing) => canonicalKey(existing.key) === canonicalKey(spec.key));
    if (sameName && sameName !== sameKey) {
      throw new CommandError(
        86,
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index but a different key: ${spec.name}`,
      );
    }
    if (sameKey && sameKey !== sameName) {
      throw new CommandError(
        85,
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    }
    if (sameName) return false;
    if (spec.unique) this.uniques.set(spec.name, this.buildUniqueIndex(spec));
    const [leading] = Object.keys(spec.key);
    if (leading && !this.lookups.has(leading)) {
      const index = new FieldIndex(leading);
      for (const doc of this.docs) index.add(doc);
      this.lookups.set(leading, index);
    }
    this.specs = [...this.specs, spec];
    return true;
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX.name) throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!this.specs.some((spec) => spec.name === name)) {
      throw new CommandError(27, 'IndexNotFound', `index not found with name [${name}]`);
    }
    this.specs = this.specs.filter((spec) => spec.name !== name);
    this.uniques.delete(name);
  }

  private buildUniqueIndex(spec: IndexSpec): UniqueIndex {
    const index = new UniqueIndex(spec, this.namespace);
    for (const doc of this.docs) {
      const conflict = index.conflict(doc);
      if (conflict) throw conflict;
      index.add(doc);
    }
    return index;
  }

  private assertUnique(doc: Document): void {
    for (const index of this.uniques.values()) {
      const conflict = index.conflict(doc);
      if (conflict) throw conflict;
    }
  }
}

function withoutField(filter: Document, field: string): Document {
  return Object.fromEntries(Object.entries(filter).filter(([key]) => key !== field));
}

/** All databases of one stand-in instance, created lazily like mongod does on first write. */
export class Store {
  private readonly databases = new Map<string, Map<string, Collection>>();

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name);
  }

  createCollection(db: string, name: string): Collection {
    if (this.collection(db, name)) {
      throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
    }
    const collections = this.databases.get(db) ?? new Map<string, Collection>();
    const collection = new Collection(db, name);
    collections.set(name, collection);
    this.databases.set(db, collections);
    return collection;
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const collection = this.collection(db, name);
    this.databases.get(db)?.delete(name);
    return collection;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.entries()]
      .filter(([, collections]) => collections.size > 0)
      .map(([name]) => name);
  }
}
