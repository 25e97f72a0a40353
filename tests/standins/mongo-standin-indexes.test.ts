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
    expect(c.candidates({ _id: { $in: ids }, status: 'new' }).map((d) => d._id)).toEqual([
      'lead_5',
      'lead_9000',
    ]);
    expect(c.candidates({ campaignId: 'c3' })).toHaveLength(1000);
    expect(c.candidates({ $and: [{ campaignId: { $eq: 'c3' } }, { status: 'new' }] })).toHaveLength(1000);
    expect(c.candidates({ 'check.at': new Date(2000) })).toHaveLength(
      c.documents.filter((d) => (d.check as { at: Date } | undefined)?.at.getTime() === 2000).length,
    );
    // Not pinned (a range, an unindexed field, a collation): every document.
    expect(c.candidates({ campaignId: { $gt: 'c3' } })).toHaveLength(10_000);
    expect(c.candidates({ status: 'new' })).toHaveLength(10_000);
    expect(c.candidates({ campaignId: 'c3' }, { locale: 'en', strength: 2 })).toHaveLength(10_000);
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
      const narrowed = findDocuments(c.candidates(filter), { filter }).map((d) => d._id);
      const scanned = findDocuments(c.documents, { filter }).map((d) => d._id);
      expect({ filter, ids: narrowed }).toEqual({ filter, ids: scanned });
      expect(c.candidates(filter).length).toBeLessThan(c.documents.length);
    }
  });

  it('keys a string by itself, yet never as another value: no false duplicate, no lookup mixing them', () => {
    const c = new Collection('db', 'things');
    c.createIndex({ v: 2, key: { k: 1 }, name: 'k_1', unique: true });
    const values = ['5', 5, '\u0000n:5', 'n:5', 'null', null, new Date(5), 'd:5', '\u0000', ''];
    values.forEach((k, i) => c.insert({ _id: i, k }));
    values.forEach((k, i) => {
      expect(c.candidates({ k }).map((d) => d._id)).toEqual([i]);
      expect(() => c.insert({ _id: `again ${i}`, k })).toThrow(/E11000/);
    });
  });
});
