import net from 'node:net';
import mongoose, { Schema, Types, type Connection } from 'mongoose';
import { startMongoStandin, type MongoStandin } from '../../src/standins/mongo/mongo-standin';

let standin: MongoStandin;
const openConnections: Connection[] = [];
let dbCounter = 0;

beforeAll(async () => {
  standin = await startMongoStandin();
});

afterEach(async () => {
  await Promise.all(openConnections.splice(0).map((connection) => connection.close()));
});

afterAll(async () => {
  await standin.close();
});

/** Each test gets its own database so tests cannot see each other's data. */
function freshDbUri(): string {
  dbCounter += 1;
  return standin.uri.replace('/dialer?', `/standin_test_${dbCounter}?`);
}

async function connect(uri: string, options: mongoose.ConnectOptions = {}): Promise<Connection> {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5000, ...options })
    .asPromise();
  openConnections.push(connection);
  return connection;
}

const leadSchema = new Schema({
  email: { type: String, required: true, unique: true },
  name: String,
  score: Number,
  tags: [String],
  calls: { type: Number, default: 0 },
  campaignId: Schema.Types.ObjectId,
  nextCallAt: Date,
});

async function leadModel(connection: Connection) {
  const Lead = connection.model('Lead', leadSchema);
  await Lead.init();
  return Lead;
}

describe('mongo stand-in with real mongoose', () => {
  it('rejects a second insert that violates a unique index with E11000', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create({ email: 'ann@example.com' });

    const failure = await Lead.create({ email: 'ann@example.com' }).catch((err: unknown) => err);

    expect(failure).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyValue: { email: 'ann@example.com' },
      keyPattern: { email: 1 },
    });
    expect((failure as Error).message).toMatch(
      /^E11000 duplicate key error collection: standin_test_\d+\.leads index: email_1 dup key: \{ email: "ann@example.com" \}$/,
    );
    expect(await Lead.countDocuments()).toBe(1);
  });

  it('enforces unique indexes on updates, upserts and unordered bulk inserts', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create([{ email: 'a@x.com' }, { email: 'b@x.com' }]);

    await expect(Lead.updateOne({ email: 'b@x.com' }, { $set: { email: 'a@x.com' } })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      Lead.findOneAndUpdate({ email: 'missing@x.com' }, { $set: { email: 'a@x.com' } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000, codeName: 'DuplicateKey' });
    const bulk = await Lead.insertMany([{ email: 'c@x.com' }, { email: 'a@x.com' }, { email: 'd@x.com' }], {
      ordered: false,
    }).catch((err: unknown) => err);

    expect(bulk).toMatchObject({ code: 11000 });
    expect((await Lead.find().sort({ email: 1 }).lean()).map((lead) => lead.email)).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
      'd@x.com',
    ]);
  });

  it('honours compound unique indexes limited by a partialFilterExpression', async () => {
    const connection = await connect(freshDbUri());
    const schema = new Schema({ campaignId: String, phone: String, active: Boolean });
    schema.index({ campaignId: 1, phone: 1 }, { unique: true, partialFilterExpression: { active: true } });
    const Dial = connection.model('Dial', schema);
    await Dial.init();

    await Dial.create({ campaignId: 'c1', phone: '+15550001', active: false });
    await Dial.create({ campaignId: 'c1', phone: '+15550001', active: false });
    await Dial.create({ campaignId: 'c1', phone: '+15550001', active: true });
    await Dial.create({ campaignId: 'c2', phone: '+15550001', active: true });

    await expect(Dial.create({ campaignId: 'c1', phone: '+15550001', active: true })).rejects.toMatchObject({
      code: 11000,
      keyValue: { campaignId: 'c1', phone: '+15550001' },
    });
    const indexes = await Dial.listIndexes();
    expect(indexes.map((index) => index.name)).toEqual(['_id_', 'campaignId_1_phone_1']);
  });

  it('creates and finds with filter, sort, skip, limit and projection', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create(
      [5, 3, 9, 1, 7].map((score) => ({ email: `s${score}@x.com`, name: `Lead ${score}`, score })),
    );

    const page = await Lead.find({ score: { $gt: 1 } })
      .sort({ score: -1 })
      .skip(1)
      .limit(2)
      .select('score -_id')
      .lean();

    expect(page).toEqual([{ score: 7 }, { score: 5 }]);
    const one = await Lead.findOne({ name: 'Lead 3' }).lean();
    expect(one).toMatchObject({ email: 's3@x.com', score: 3, calls: 0 });
    expect(one?._id).toBeInstanceOf(Types.ObjectId);
  });

  it('findOneAndUpdate upserts with $inc/$push/$setOnInsert and returns the document after', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const update = { $inc: { calls: 1 }, $push: { tags: 'called' }, $setOnInsert: { name: 'First seen' } };

    const inserted = await Lead.findOneAndUpdate({ email: 'new@x.com' }, update, {
      upsert: true,
      returnDocument: 'after',
    }).lean();
    const updated = await Lead.findOneAndUpdate(
      { email: 'new@x.com' },
      { ...update, $setOnInsert: { name: 'Never applied' } },
      { upsert: true, returnDocument: 'after' },
    ).lean();

    expect(inserted).toMatchObject({ email: 'new@x.com', calls: 1, tags: ['called'], name: 'First seen' });
    expect(updated).toMatchObject({
      email: 'new@x.com',
      calls: 2,
      tags: ['called', 'called'],
      name: 'First seen',
    });
    expect(updated?._id.equals(inserted?._id)).toBe(true);
    expect(await Lead.countDocuments()).toBe(1);
  });

  it('upserts by _id and keeps _id immutable', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const id = new Types.ObjectId();

    const upserted = await Lead.findByIdAndUpdate(
      id,
      { $set: { email: 'byid@x.com' } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    await Lead.collection.updateOne({ _id: id }, { $set: { _id: id, score: 2 } });
    const change = Lead.collection.updateOne({ _id: id }, { $set: { _id: new Types.ObjectId() } });

    expect(upserted?._id.equals(id)).toBe(true);
    await expect(change).rejects.toMatchObject({ code: 66 });
    expect(await Lead.findById(id).lean()).toMatchObject({ email: 'byid@x.com', score: 2 });
  });

  it('supports the other update operators, replacement and findOneAndDelete', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const lead = await Lead.create({ email: 'ops@x.com', score: 10, tags: ['a', 'b'], name: 'Ops' });

    await Lead.updateOne(
      { _id: lead._id },
      { $addToSet: { tags: { $each: ['b', 'c'] } }, $min: { score: 4 }, $unset: { name: '' } },
    );
    await Lead.updateOne({ _id: lead._id }, { $pull: { tags: 'a' }, $max: { calls: 3 } });
    const afterOps = await Lead.findById(lead._id).lean();
    // The raw driver collection, so mongoose's casting adds no schema defaults to the replacement.
    await Lead.collection.replaceOne({ _id: lead._id }, { email: 'replaced@x.com', score: 1 });
    const replaced = await Lead.collection.findOne({ _id: lead._id });
    const deleted = await Lead.findOneAndDelete({ email: 'replaced@x.com' }).lean();

    expect(afterOps).toMatchObject({ tags: ['b', 'c'], score: 4, calls: 3 });
    expect(afterOps).not.toHaveProperty('name');
    expect(replaced).toEqual({ _id: lead._id, email: 'replaced@x.com', score: 1 });
    expect(deleted?._id.equals(lead._id)).toBe(true);
    expect(await Lead.countDocuments()).toBe(0);
  });

  it('updateMany reports matched and modified counts', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create([
      { email: 'a@x.com', score: 1 },
      { email: 'b@x.com', score: 1 },
      { email: 'c@x.com', score: 2 },
      { email: 'd@x.com', score: 5, tags: ['vip'] },
    ]);

    const result = await Lead.updateMany({ score: { $lte: 5 } }, { $set: { tags: ['vip'] } });
    const upsert = await Lead.updateOne({ email: 'e@x.com' }, { $set: { score: 9 } }, { upsert: true });

    expect(result).toMatchObject({ matchedCount: 4, modifiedCount: 3 });
    expect(upsert.upsertedCount).toBe(1);
    expect(await Lead.countDocuments({ tags: 'vip' })).toBe(4);
    expect(await Lead.findById(upsert.upsertedId).lean()).toMatchObject({ email: 'e@x.com', score: 9 });
  });

  it('a $set of top-level fields keeps field order, appends new ones and counts a same-value set as unchanged', async () => {
    const plain = (await connect(freshDbUri())).collection<{
      _id: number;
      a: number;
      b: string;
      c?: boolean;
    }>('plain');
    await plain.insertMany([
      { _id: 1, a: 1, b: 'x' },
      { _id: 2, a: 2, b: 'y' },
    ]);
    expect(await plain.updateMany({}, { $set: { b: 'y', c: true } })).toMatchObject({
      matchedCount: 2,
      modifiedCount: 2,
    });
    expect(await plain.updateMany({}, { $set: { b: 'y' } })).toMatchObject({
      matchedCount: 2,
      modifiedCount: 0,
    });
    const docs = await plain.find({}).sort({ _id: 1 }).toArray();
    expect(docs).toEqual([
      { _id: 1, a: 1, b: 'y', c: true },
      { _id: 2, a: 2, b: 'y', c: true },
    ]);
    expect(docs.map((doc) => Object.keys(doc))).toEqual([
      ['_id', 'a', 'b', 'c'],
      ['_id', 'a', 'b', 'c'],
    ]);
    expect(await plain.countDocuments({ b: 'x' })).toBe(0);
  });

  it('projects top-level fields in the stored order, with or without _id, and {_id: 0} alone excludes', async () => {
    const docs = (await connect(freshDbUri())).collection<{ _id: number; a: number; b: string; c: boolean }>(
      'projected',
    );
    await docs.insertOne({ _id: 1, a: 1, b: 'x', c: true });
    const one = async (projection: Record<string, 0 | 1>) =>
      Object.entries((await docs.findOne({ _id: 1 }, { projection }))!);
    expect(await one({ c: 1, a: 1 })).toEqual([
      ['_id', 1],
      ['a', 1],
      ['c', true],
    ]);
    expect(await one({ _id: 0, b: 1 })).toEqual([['b', 'x']]);
    expect(await one({ _id: 1 })).toEqual([['_id', 1]]);
    expect(await one({ _id: 0 })).toEqual([
      ['a', 1],
      ['b', 'x'],
      ['c', true],
    ]);
  });

  it('updates the array element the filter matched through the positional $, in every matched document', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create([
      { email: 'a@x.com', tags: ['x', 'old', 'y'] },
      { email: 'b@x.com', tags: ['old', 'z'] },
      { email: 'c@x.com', tags: ['z'] },
    ]);

    const result = await Lead.updateMany({ tags: 'old' }, { $set: { 'tags.$': 'new' } });

    expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const tags = (await Lead.find().sort({ email: 1 }).lean()).map((lead) => lead.tags);
    expect(tags).toEqual([['x', 'new', 'y'], ['new', 'z'], ['z']]);
  });

  it('a multi update that fails on one document keeps the documents updated before it, as mongod does', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const things = Lead.db.collection<{ _id: number; score: number }>('things');
    await things.insertMany([
      { _id: 1, score: 0 },
      { _id: 2, score: 0 },
      { _id: 3, score: 0 },
    ]);

    // Setting _id to its current value is allowed: true of the first document only.
    const failure = await things.updateMany({}, { $set: { _id: 1, score: 5 } }).catch((err: unknown) => err);

    expect(failure).toMatchObject({ name: 'MongoServerError', code: 66 });
    expect(await things.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, score: 5 },
      { _id: 2, score: 0 },
      { _id: 3, score: 0 },
    ]);
  });

  it('deleteMany and deleteOne remove only matching documents', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create([1, 2, 3, 4, 5].map((score) => ({ email: `d${score}@x.com`, score })));

    const many = await Lead.deleteMany({ score: { $gte: 3 } });
    const one = await Lead.deleteOne({ score: { $lt: 3 } });

    expect(many.deletedCount).toBe(3);
    expect(one.deletedCount).toBe(1);
    expect(await Lead.countDocuments()).toBe(1);
  });

  it('counts documents with a filter', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    await Lead.create([1, 2, 3, 4, 5, 6].map((score) => ({ email: `c${score}@x.com`, score })));

    expect(await Lead.countDocuments({ score: { $mod: [2, 0] } })).toBe(3);
    expect(await Lead.countDocuments({ score: { $gt: 100 } })).toBe(0);
    expect(await Lead.estimatedDocumentCount()).toBe(6);
  });

  it('aggregates with $group counting by a field, and answers distinct', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const [c1, c2] = [new Types.ObjectId(), new Types.ObjectId()];
    await Lead.create([
      { email: 'a@x.com', campaignId: c1, tags: ['hot'] },
      { email: 'b@x.com', campaignId: c1, tags: ['hot', 'new'] },
      { email: 'c@x.com', campaignId: c1 },
      { email: 'd@x.com', campaignId: c2, tags: ['cold'] },
    ]);

    const perCampaign = await Lead.aggregate<{ _id: Types.ObjectId; leads: number }>([
      { $match: { campaignId: { $in: [c1, c2] } } },
      { $group: { _id: '$campaignId', leads: { $sum: 1 } } },
      { $sort: { leads: -1 } },
    ]);
    const tags = await Lead.distinct('tags');

    expect(perCampaign.map((row) => [row._id.toHexString(), row.leads])).toEqual([
      [c1.toHexString(), 3],
      [c2.toHexString(), 1],
    ]);
    expect([...tags].sort()).toEqual(['cold', 'hot', 'new']);
  });

  it('finds by ObjectId, ObjectId $in and Date ranges', async () => {
    const Lead = await leadModel(await connect(freshDbUri()));
    const [c1, c2, c3] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const day = (d: number) => new Date(Date.UTC(2025, 0, d, 15));
    const created = await Lead.create([
      { email: 'a@x.com', campaignId: c1, nextCallAt: day(1) },
      { email: 'b@x.com', campaignId: c2, nextCallAt: day(2) },
      { email: 'c@x.com', campaignId: c3, nextCallAt: day(3) },
    ]);

    const byId = await Lead.findById(new Types.ObjectId(created[1]?._id.toHexString())).lean();
    const byIn = await Lead.find({ campaignId: { $in: [c1, c3] } })
      .sort({ email: 1 })
      .lean();
    const inRange = await Lead.find({ nextCallAt: { $gte: day(2), $lt: day(3) } }).lean();
    const latest = await Lead.findOne().sort({ nextCallAt: -1 }).lean();

    expect(byId?.email).toBe('b@x.com');
    expect(byIn.map((lead) => lead.email)).toEqual(['a@x.com', 'c@x.com']);
    expect(inRange.map((lead) => lead.email)).toEqual(['b@x.com']);
    expect(latest?.nextCallAt).toEqual(day(3));
    expect(latest?.nextCallAt).toBeInstanceOf(Date);
  });

  it('streams more than 101 documents through getMore', async () => {
    const connection = await connect(freshDbUri(), { monitorCommands: true });
    const commands: string[] = [];
    connection.getClient().on('commandStarted', (event) => commands.push(event.commandName));
    const Lead = await leadModel(connection);
    await Lead.insertMany(Array.from({ length: 250 }, (_, i) => ({ email: `bulk${i}@x.com`, score: i })));

    const scores: number[] = [];
    for await (const lead of Lead.find().sort({ score: 1 }).cursor()) scores.push(lead.score ?? -1);

    expect(scores).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(commands.filter((name) => name === 'getMore').length).toBeGreaterThanOrEqual(1);
  });

  it('lets two concurrent connections see the same data', async () => {
    const uri = freshDbUri();
    const [first, second] = await Promise.all([connect(uri), connect(uri)]);
    const LeadA = await leadModel(first);
    const LeadB = await leadModel(second);

    await Promise.all([
      LeadA.create({ email: 'from-a@x.com' }),
      LeadB.create({ email: 'from-b@x.com' }),
      LeadA.create({ email: 'also-a@x.com' }),
    ]);

    expect((await LeadB.find().sort({ email: 1 }).lean()).map((lead) => lead.email)).toEqual([
      'also-a@x.com',
      'from-a@x.com',
      'from-b@x.com',
    ]);
    await expect(LeadB.create({ email: 'from-a@x.com' })).rejects.toMatchObject({ code: 11000 });
  });

  it('answers unknown commands with CommandNotFound and manages the catalog', async () => {
    const connection = await connect(freshDbUri());
    const db = connection.db!;
    await db.collection('calls').insertOne({ status: 'queued' });
    await db.collection('calls').createIndex({ status: 1 });

    await expect(db.command({ definitelyNotACommand: 1 })).rejects.toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
    });
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['calls']);
    await db.collection('calls').dropIndex('status_1');
    expect((await db.collection('calls').indexes()).map((index) => index.name)).toEqual(['_id_']);
    const { databases } = await db.admin().listDatabases();
    expect(databases.map((entry) => entry.name)).toContain(db.databaseName);
    await db.dropDatabase();
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('close() releases the port even while a client is connected', async () => {
    const own = await startMongoStandin();
    const client = await connect(own.uri);
    await client.db!.collection('probe').insertOne({ ok: true });

    await own.close();
    await client.close(true);

    const reusedPort = await new Promise<number>((resolve, reject) => {
      const server = net.createServer().once('error', reject);
      server.listen(own.port, '127.0.0.1', () => server.close(() => resolve(own.port)));
    });
    expect(reusedPort).toBe(own.port);
  });
});
