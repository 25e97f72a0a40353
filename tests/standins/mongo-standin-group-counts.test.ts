import { ObjectId, type Document } from 'bson';
import { Aggregator } from 'mingo';
import { countGroups } from '../../src/standins/mongo/group-counts';
import { aggregateDocuments } from '../../src/standins/mongo/query-engine';

/** The stand-in counts groups itself when a `$group` only counts: the answer must be mingo's, and mongod's. */
describe('mongo stand-in group counts', () => {
  const docs: Document[] = [
    { _id: 1, status: 'new', lastOutcome: null },
    { _id: 2, status: 'queued', lastOutcome: 'voicemail' },
    { _id: 3, status: 'new' },
    { _id: 4, status: null, lastOutcome: 'qualified' },
    { _id: 5, status: 'New', lastOutcome: 'voicemail', flag: true },
    { _id: 6, status: 'queued', flag: false },
    { _id: 7, status: '', flag: true },
  ];
  const mingo = (pipeline: Document[], input = docs) =>
    new Aggregator(pipeline).run(input.map((doc) => ({ ...doc })));

  it('answers a count by a field as mingo does: a missing field with null, groups in the order met', () => {
    const pipelines = [
      [{ $group: { _id: '$status', n: { $sum: 1 } } }],
      [{ $group: { _id: '$lastOutcome', n: { $sum: 1 } } }],
      [{ $group: { _id: '$flag', n: { $sum: 1 }, twice: { $sum: 2 }, none: { $sum: 0 } } }],
      [{ $group: { _id: '$absent', n: { $sum: -3 } } }],
      [{ $group: { _id: '$status' } }],
      [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }, { $sort: { _id: 1 } }],
    ];
    for (const pipeline of pipelines) {
      const [group] = pipeline;
      expect({ pipeline, out: countGroups(docs, group!) }).toEqual({ pipeline, out: mingo([group!]) });
      expect({ pipeline, out: aggregateDocuments(docs, pipeline, () => []) }).toEqual({
        pipeline,
        out: mingo(pipeline),
      });
    }
    expect(countGroups([], { $group: { _id: '$status', n: { $sum: 1 } } })).toEqual([]);
  });

  it('leaves to mingo other groups and fields whose values have equality rules of their own', () => {
    const others = [
      { $group: { _id: '$status', n: { $sum: '$_id' } } },
      { $group: { _id: '$status', n: { $sum: 0.5 } } },
      { $group: { _id: '$status', n: { $count: {} } } },
      { $group: { _id: '$a.b', n: { $sum: 1 } } },
      { $group: { _id: { s: '$status' }, n: { $sum: 1 } } },
      { $group: { _id: null, n: { $sum: 1 } } },
      { $match: { status: 'new' } },
    ];
    for (const stage of others)
      expect({ stage, out: countGroups(docs, stage) }).toEqual({ stage, out: undefined });
    const group = { $group: { _id: '$v', n: { $sum: 1 } } };
    const oid = new ObjectId();
    for (const values of [
      [1, 1.0, 2],
      [new Date(5), new Date(5)],
      [oid, new ObjectId(oid.toHexString())],
      [['a'], ['a']],
      [{ x: 1 }, { x: 1 }],
    ]) {
      const input = values.map((v, i) => ({ _id: i, v }));
      expect(countGroups(input, group)).toBeUndefined();
      expect(aggregateDocuments(input, [group], () => [])).toEqual(mingo([group], input));
    }
  });
});
