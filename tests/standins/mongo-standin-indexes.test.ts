import { ObjectId } from 'bson';
import { Collection } from '../../src/standins/mongo/store';
import { findDocuments } from '../../src/standins/mongo/query-engine';

/** The stand-in's lookups by value: fewer documents handed to mingo, never a different answer. */
describe('mongo stand-in field lookups', () => {
  function leads(n: number): Collection {
    const c = new Collection('db', 'leads');
    c.createIndex({ v: 2, key: { campaignId: 1, status: 1 }, name: 'campaignId_1_status_1' });
    c.createIndex({ v: 2, key: { 'check.at': 1 }, name: 'check.at_1', sparse: true });
    for (let i = 0; i < n; i++)
      c.insert({
        _id: `lead_${i}`,
        campaignId: `c${i % 10}`,
        status: i % 3 === 0 ? 'new' : 'queued',
        ...(i % 7 === 0 ? { check: { at: new Date(1000 * (i % 4)) } } : {}),
      });
    return c;
  }

  it('an _id $in, a pinned field or a $and clause reads only the documents holding those values', () => {
    const c = leads(10_000);
    const ids = ['lead_5', 'lead_9000', 'lead_nope'];
    expect(c.narrow({ _id: { $in: ids }, status: 'new' }).docs.map((d) => d._id)).toEqual([
      'lead_5',
      'lead_9000',
    ]);
    expect(c.narrow({ campaignId: 'c3' }).docs).toHaveLength(1000);
    expect(c.narrow({ $and: [{ campaignId: { $eq: 'c3' } }, { status: 'new' }] }).docs).toHaveLength(1000);
    expect(c.narrow({ 'check.at': new Date(2000) }).docs).toHaveLength(
      c.documents.filter((d) => (d.check as { at: Date } | undefined)?.at.getTime() === 2000).length,
    );
    // Not pinned (a range, an unindexed field, a collation): every document.
    expect(c.narrow({ campaignId: { $gt: 'c3' } }).docs).toHaveLength(10_000);
    expect(c.narrow({ status: 'new' }).docs).toHaveLength(10_000);
    expect(c.narrow({ campaignId: 'c3' }, { locale: 'en', strength: 2 }).docs).toHaveLength(10_000);
  });

  it('answers exactly what a scan answers: nulls and missing fields, arrays, numbers of any width, ObjectIds, after updates', () => {
    const c = new Collection('db', 'things');
    c.createIndex({ v: 2, key: { tag: 1 }, name: 'tag_1' });
    const oid = new ObjectId();
    const docs = [
      { _id: 1, tag: 'a' },
      { _id: 2, tag: ['a', 'b'] },
      { _id: 3 },
      { _id: 4, tag: null },
      { _id: 5, tag: 2 },
      { _id: 6, tag: 2.0 },
      { _id: 7, tag: oid },
      { _id: 8, tag: [] },
      { _id: 9, tag: { nested: 'a' } },
    ];
    for (const doc of docs) c.insert(doc);
    c.replace(c.documents[0]!, { _id: 1, tag: 'z' });
    c.remove([c.documents[5]!]);
    const filters = [
      { tag: 'a' },
      { tag: 'z' },
      { tag: null },
      { tag: { $in: [2, 'b'] } },
      { tag: oid },
      { tag: { $eq: 2 } },
      { _id: { $in: [1, 3, 6] } },
      { tag: { $in: [null, 'z'] } },
    ];
    for (const filter of filters) {
      const { docs, filter: rest } = c.narrow(filter);
      const narrowed = findDocuments(docs, { filter: rest }).map((d) => d._id);
      const scanned = findDocuments(c.documents, { filter }).map((d) => d._id);
      expect({ filter, ids: narrowed }).toEqual({ filter, ids: scanned });
      expect(docs.length).toBeLessThan(c.documents.length);
    }
  });

  it('leaves out of the filter a clause the lookup answered exactly, with the same answer as a scan', () => {
    const c = new Collection('db', 'leads');
    c.createIndex({ v: 2, key: { campaignId: 1, status: 1 }, name: 'campaignId_1_status_1' });
    c.createIndex({ v: 2, key: { 'check.at': 1 }, name: 'check.at_1' });
    const oid = new ObjectId();
    const docs = [
      { _id: 1, campaignId: 'c1', status: 'new' },
      { _id: 2, campaignId: 'c1', status: 'queued', check: { at: 1 } },
      { _id: 3, status: 'new' },
      { _id: 4, campaignId: null, status: null },
      { _id: 5, campaignId: 'C1', status: 'new', check: {} },
      { _id: 6, campaignId: oid },
      { _id: 7, campaignId: 2 },
      { _id: 8, campaignId: 2.0, check: 5 },
      { _id: 9, campaignId: 'c2', status: 'new' },
      { _id: 10, campaignId: ['c2'], status: 'new' },
    ];
    for (const doc of docs) c.insert(doc);
    c.replace(c.documents[1]!, { ...c.documents[1]!, status: 'new' });
    // A one-element array is held under its element, as mongod's multikey index holds it.
    expect(c.narrow({ campaignId: 'c2' })).toEqual({ docs: [docs[8], docs[9]], filter: {} });
    expect(c.narrow({ campaignId: 'c1', status: { $in: ['new'] } }).filter).toEqual({
      status: { $in: ['new'] },
    });
    expect(c.narrow({ _id: { $in: [1, 2] }, status: 'new' }).filter).toEqual({ status: 'new' });
    // Another operator beside the equality, a clause inside $and, a dotted path: the whole filter is still applied.
    expect(c.narrow({ campaignId: { $eq: 'c1', $ne: 'x' } }).filter).toEqual({
      campaignId: { $eq: 'c1', $ne: 'x' },
    });
    expect(c.narrow({ $and: [{ campaignId: 'c1' }] }).filter).toEqual({ $and: [{ campaignId: 'c1' }] });
    expect(c.narrow({ 'check.at': 1 }).filter).toEqual({ 'check.at': 1 });
    const filters = [
      { campaignId: 'c1' },
      { campaignId: 'c1', status: 'new' },
      { campaignId: null },
      { campaignId: { $eq: null } },
      { campaignId: { $in: [null, 'c2', 2] } },
      { campaignId: { $in: [] } },
      { campaignId: 2 },
      { campaignId: oid },
      { campaignId: 'c1', $or: [{ status: 'queued' }, { _id: 1 }] },
      { _id: { $in: [1, 3, 5, 11] }, campaignId: { $in: ['c1', 'C1'] } },
      { _id: 4, campaignId: null, status: null },
      { 'check.at': null },
    ];
    for (const filter of filters) {
      const narrowed = c.narrow(filter);
      const ids = findDocuments(narrowed.docs, { filter: narrowed.filter }).map((d) => d._id);
      const scanned = findDocuments(c.documents, { filter }).map((d) => d._id);
      expect({ filter, ids }).toEqual({ filter, ids: scanned });
    }
  });

  it('finds and guards the new version after an update that left the indexed fields as they were', () => {
    const c = new Collection('db', 'leads');
    c.createIndex({ v: 2, key: { campaignId: 1, phone: 1 }, name: 'campaignId_1_phone_1', unique: true });
    const first = { _id: 'a', campaignId: 'c1', phone: '1', status: 'new' };
    c.insert(first);
    c.insert({ _id: 'other', campaignId: 'c2', phone: '1' });
    const updated = { ...first, status: 'queued' };
    c.replace(first, updated);
    expect(c.narrow({ _id: 'a' }).docs[0]).toBe(updated);
    expect(c.narrow({ campaignId: 'c1' }).docs[0]).toBe(updated);
    expect(() => c.insert({ _id: 'b', campaignId: 'c1', phone: '1' })).toThrow(/E11000/);
    // The keys now belong to the updated version: changing its phone frees the old one.
    c.replace(updated, { ...updated, phone: '2' });
    c.insert({ _id: 'b', campaignId: 'c1', phone: '1' });
    expect(() => c.insert({ _id: 'c', campaignId: 'c1', phone: '2' })).toThrow(/E11000/);
  });

  it('keys a string by itself, yet never as another value: no false duplicate, no lookup mixing them', () => {
    const c = new Collection('db', 'things');
    c.createIndex({ v: 2, key: { k: 1 }, name: 'k_1', unique: true });
    const values = ['5', 5, '\u0000n:5', 'n:5', 'null', null, new Date(5), 'd:5', '\u0000', ''];
    values.forEach((k, i) => c.insert({ _id: i, k }));
    values.forEach((k, i) => {
      expect(c.narrow({ k }).docs.map((d) => d._id)).toEqual([i]);
      expect(() => c.insert({ _id: `again ${i}`, k })).toThrow(/E11000/);
    });
  });
});
