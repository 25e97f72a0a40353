import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { CompressionTypes, Kafka, logLevel, type Admin, type KafkaConfig, type Producer } from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder';
import Encoder from 'kafkajs/src/protocol/encoder';
import encodeRequest from 'kafkajs/src/protocol/request';
import apiVersions from 'kafkajs/src/protocol/requests/apiVersions';
import metadata from 'kafkajs/src/protocol/requests/metadata';
import produce from 'kafkajs/src/protocol/requests/produce';
import { FrameReader } from '../../src/standins/kafka/frame-reader';
import { startKafkaStandin, type KafkaStandin } from '../../src/standins/kafka/kafka-standin';

const fastFailure: Partial<KafkaConfig> = {
  connectionTimeout: 300,
  retry: { retries: 1, initialRetryTime: 50 },
};

let standin: KafkaStandin;
let clients: Array<Producer | Admin>;

beforeEach(async () => {
  standin = await startKafkaStandin();
  clients = [];
});

afterEach(async () => {
  await Promise.all(clients.map((client) => client.disconnect()));
  await standin.close();
});

function kafkaFor(brokers: string[], config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: 'standin-test', brokers, logLevel: logLevel.NOTHING, ...config });
}

async function connectedProducer(
  options: Parameters<Kafka['producer']>[0] = {},
  config: Partial<KafkaConfig> = {},
): Promise<Producer> {
  const producer = kafkaFor(standin.brokers, config).producer(options);
  clients.push(producer);
  await producer.connect();
  return producer;
}

async function eventually(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

describe('kafka stand-in with the real kafkajs producer', () => {
  it('stores sent messages in order with their keys, values and headers', async () => {
    const producer = await connectedProducer();

    const [result] = await producer.send({
      topic: 'calls',
      messages: [
        { key: 'lead-1', value: 'dialed', headers: { 'trace-id': 't1' } },
        { key: 'lead-2', value: 'answered', headers: { 'trace-id': 't2', attempt: '2' } },
        { key: 'lead-1', value: 'completed', headers: { 'trace-id': 't3' } },
      ],
    });

    expect(result).toMatchObject({ topicName: 'calls', partition: 0, errorCode: 0, baseOffset: '0' });
    expect(standin.messages('calls')).toEqual([
      {
        topic: 'calls',
        partition: 0,
        offset: 0,
        key: 'lead-1',
        value: 'dialed',
        headers: { 'trace-id': 't1' },
      },
      {
        topic: 'calls',
        partition: 0,
        offset: 1,
        key: 'lead-2',
        value: 'answered',
        headers: { 'trace-id': 't2', attempt: '2' },
      },
      {
        topic: 'calls',
        partition: 0,
        offset: 2,
        key: 'lead-1',
        value: 'completed',
        headers: { 'trace-id': 't3' },
      },
    ]);
  });

  it('continues offsets across sends and reports each baseOffset', async () => {
    const producer = await connectedProducer();

    await producer.send({ topic: 'calls', messages: [{ value: 'a' }, { value: 'b' }] });
    const [second] = await producer.send({ topic: 'calls', messages: [{ value: 'c' }] });

    expect(second?.baseOffset).toBe('2');
    expect(standin.messages('calls').map((m) => [m.offset, m.value, m.key])).toEqual([
      [0, 'a', null],
      [1, 'b', null],
      [2, 'c', null],
    ]);
  });

  it('keeps the last value of a repeated header key', async () => {
    const producer = await connectedProducer();

    await producer.send({ topic: 'calls', messages: [{ value: 'v', headers: { tag: ['first', 'last'] } }] });

    expect(standin.messages('calls')[0]?.headers).toEqual({ tag: 'last' });
  });

  it('decodes gzip-compressed batches', async () => {
    const producer = await connectedProducer();

    await producer.send({
      topic: 'calls',
      compression: CompressionTypes.GZIP,
      messages: [{ key: 'k', value: 'zipped' }, { value: 'too' }],
    });

    expect(standin.messages('calls').map((m) => [m.key, m.value])).toEqual([
      ['k', 'zipped'],
      [null, 'too'],
    ]);
  });

  it('serves an idempotent producer (InitProducerId)', async () => {
    const producer = await connectedProducer({ idempotent: true, maxInFlightRequests: 1 });

    await producer.send({ topic: 'calls', messages: [{ key: 'k', value: 'once' }] });
    await producer.send({ topic: 'calls', messages: [{ key: 'k', value: 'twice' }] });

    expect(standin.messages('calls').map((m) => m.value)).toEqual(['once', 'twice']);
  });

  it('keeps topics apart', async () => {
    const producer = await connectedProducer();

    await producer.sendBatch({
      topicMessages: [
        { topic: 'calls', messages: [{ value: 'call-1' }] },
        { topic: 'sms', messages: [{ value: 'sms-1' }, { value: 'sms-2' }] },
      ],
    });
    await producer.send({ topic: 'calls', messages: [{ value: 'call-2' }] });

    expect(standin.messages('calls').map((m) => [m.value, m.offset])).toEqual([
      ['call-1', 0],
      ['call-2', 1],
    ]);
    expect(standin.messages('sms').map((m) => [m.value, m.offset])).toEqual([
      ['sms-1', 0],
      ['sms-2', 1],
    ]);
    expect(standin.messages()).toHaveLength(4);
    expect(standin.messages('unknown')).toEqual([]);
  });

  it('stores acks=0 sends without answering, and the connection stays usable', async () => {
    const producer = await connectedProducer();

    await producer.send({ topic: 'calls', acks: 0, messages: [{ value: 'fire-and-forget' }] });
    await eventually(() => standin.messages('calls').length === 1);
    const [acked] = await producer.send({ topic: 'calls', messages: [{ value: 'acked' }] });

    expect(acked?.baseOffset).toBe('1');
    expect(standin.messages('calls').map((m) => m.value)).toEqual(['fire-and-forget', 'acked']);
  });

  it('clear() drops messages and restarts offsets while producers stay connected', async () => {
    const producer = await connectedProducer();
    await producer.send({ topic: 'calls', messages: [{ value: 'old' }] });

    standin.clear();
    await producer.send({ topic: 'calls', messages: [{ value: 'new' }] });

    expect(standin.messages('calls')).toMatchObject([{ value: 'new', offset: 0 }]);
  });
});

describe('kafka stand-in with kafkajs admin', () => {
  async function connectedAdmin(): Promise<Admin> {
    const admin = kafkaFor(standin.brokers).admin();
    clients.push(admin);
    await admin.connect();
    return admin;
  }

  it('creates topics with the requested partitions, which producers can target', async () => {
    const admin = await connectedAdmin();

    expect(await admin.createTopics({ topics: [{ topic: 'leads', numPartitions: 3 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'leads', numPartitions: 3 }] })).toBe(false);
    const { topics } = await admin.fetchTopicMetadata({ topics: ['leads'] });
    expect(topics[0]?.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);

    const producer = await connectedProducer();
    await producer.send({ topic: 'leads', messages: [{ partition: 2, value: 'p2' }] });
    expect(standin.messages('leads')).toMatchObject([{ partition: 2, offset: 0, value: 'p2' }]);
  });

  it('rejects a replication factor the single broker cannot satisfy', async () => {
    const admin = await connectedAdmin();

    await expect(
      admin.createTopics({ topics: [{ topic: 'replicated', replicationFactor: 3 }] }),
    ).rejects.toMatchObject({
      errors: [{ type: 'INVALID_REPLICATION_FACTOR' }],
    });
    expect(await admin.listTopics()).not.toContain('replicated');
  });
});

describe('kafka stand-in connection handling', () => {
  it('fails a producer pointed at a closed port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    await new Promise((resolve) => blocker.close(resolve));

    const producer = kafkaFor([`127.0.0.1:${port}`], fastFailure).producer();
    clients.push(producer);

    await expect(producer.connect()).rejects.toMatchObject({
      name: expect.stringMatching(/^KafkaJS(NumberOfRetriesExceeded|ConnectionError)$/),
    });
  });

  it('close() releases the port and disconnects clients', async () => {
    const { port } = standin;
    const producer = await connectedProducer({}, fastFailure);
    await producer.send({ topic: 'calls', messages: [{ value: 'before' }] });

    await standin.close();
    await standin.close();

    await expect(producer.send({ topic: 'calls', messages: [{ value: 'lost' }] })).rejects.toThrow();
    standin = await startKafkaStandin({ port });
    expect(standin.port).toBe(port);
    expect(standin.messages()).toEqual([]);
  });

  it('refuses to start on a port that is taken', async () => {
    await expect(startKafkaStandin({ port: standin.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('kafka stand-in wire framing (raw protocol, kafkajs encoders and decoders)', () => {
  let socket: Socket;
  let responses: Buffer[];
  let closed: Promise<void>;

  beforeEach(async () => {
    socket = connect(standin.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const frames = new FrameReader();
    responses = [];
    socket.on('data', (chunk) => responses.push(...frames.push(chunk)));
    closed = new Promise((resolve) => socket.once('close', () => resolve()));
  });

  afterEach(() => {
    socket.destroy();
  });

  async function encoded(correlationId: number, request: Parameters<typeof encodeRequest>[0]['request']) {
    return (await encodeRequest({ correlationId, clientId: 'raw', request })).buffer;
  }

  function correlationIdOf(response: Buffer): number {
    return response.readInt32BE(0);
  }

  it('answers several requests arriving in one chunk, in order', async () => {
    const apiVersionsV2 = apiVersions.protocol({ version: 2 })();
    const metadataV6 = metadata.protocol({ version: 6 })({ topics: ['calls'] });
    const chunk = Buffer.concat([
      await encoded(41, apiVersionsV2.request),
      await encoded(42, metadataV6.request),
      await encoded(43, apiVersionsV2.request),
    ]);

    socket.write(chunk);
    await eventually(() => responses.length === 3);

    expect(responses.map(correlationIdOf)).toEqual([41, 42, 43]);
    const versions = await apiVersionsV2.response.decode(responses[0]!.subarray(4));
    expect(versions).toMatchObject({
      errorCode: 0,
      apiVersions: expect.arrayContaining([
        { apiKey: 0, minVersion: 5, maxVersion: 7 },
        { apiKey: 3, minVersion: 5, maxVersion: 6 },
        { apiKey: 18, minVersion: 0, maxVersion: 2 },
        { apiKey: 19, minVersion: 2, maxVersion: 3 },
        { apiKey: 22, minVersion: 0, maxVersion: 1 },
      ]),
    });
    const cluster = await metadataV6.response.decode(responses[1]!.subarray(4));
    expect(cluster).toMatchObject({
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: standin.port }],
      controllerId: 0,
      topicMetadata: [
        { topic: 'calls', topicErrorCode: 0, partitionMetadata: [{ partitionId: 0, leader: 0 }] },
      ],
    });
  });

  it('reassembles a request split across many chunks', async () => {
    const bytes = await encoded(7, metadata.protocol({ version: 6 })({ topics: ['calls'] }).request);

    for (const byte of bytes) {
      socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => responses.length === 1);

    expect(correlationIdOf(responses[0]!)).toBe(7);
  });

  it('stores an acks=0 produce without answering it, and rejects an unknown topic', async () => {
    const produceV7 = produce.protocol({ version: 7 });
    const silent = produceV7({
      acks: 0,
      timeout: 1000,
      topicData: [{ topic: 'calls', partitions: [{ partition: 0, messages: [{ value: 'silent' }] }] }],
    });
    const misdirected = produceV7({
      acks: -1,
      timeout: 1000,
      topicData: [{ topic: 'nowhere', partitions: [{ partition: 0, messages: [{ value: 'lost' }] }] }],
    });
    const chunk = Buffer.concat([
      await encoded(1, metadata.protocol({ version: 6 })({ topics: ['calls'] }).request),
      await encoded(2, silent.request),
      await encoded(3, misdirected.request),
    ]);

    socket.write(chunk);
    await eventually(() => responses.length === 2);

    expect(responses.map(correlationIdOf)).toEqual([1, 3]);
    expect(await misdirected.response.decode(responses[1]!.subarray(4))).toMatchObject({
      topics: [{ topicName: 'nowhere', partitions: [{ partition: 0, errorCode: 3, baseOffset: '-1' }] }],
    });
    expect(standin.messages().map((m) => m.value)).toEqual(['silent']);
  });

  it('answers a too-new ApiVersions request with UNSUPPORTED_VERSION and the supported list', async () => {
    const header = new Encoder().writeInt16(18).writeInt16(3).writeInt32(9).writeString('raw');
    socket.write(new Encoder().writeInt32(header.size()).writeEncoder(header).buffer);
    await eventually(() => responses.length === 1);

    const body = new Decoder(responses[0]!);
    expect(body.readInt32()).toBe(9);
    expect(body.readInt16()).toBe(35);
    expect(body.readArray((d) => d.readInt16())).toHaveLength(5);
  });

  it('closes the connection on an API it does not serve, and keeps serving others', async () => {
    const describeGroups = new Encoder()
      .writeInt16(15)
      .writeInt16(0)
      .writeInt32(1)
      .writeString('raw')
      .writeArray([]);
    socket.write(new Encoder().writeInt32(describeGroups.size()).writeEncoder(describeGroups).buffer);
    await closed;

    const producer = await connectedProducer();
    await producer.send({ topic: 'calls', messages: [{ value: 'still up' }] });
    expect(standin.messages('calls')).toHaveLength(1);
  });

  it('closes the connection on a corrupt size prefix', async () => {
    socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    await closed;
  });
});

describe('FrameReader', () => {
  const frame = (payload: string) => {
    const body = Buffer.from(payload);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  };

  it('splits one chunk holding several frames', () => {
    const frames = new FrameReader().push(Buffer.concat([frame('one'), frame(''), frame('three')]));
    expect(frames.map(String)).toEqual(['one', '', 'three']);
  });

  it('joins a frame delivered byte by byte, including its size prefix', () => {
    const reader = new FrameReader();
    const bytes = Buffer.concat([frame('split'), frame('next')]);
    const frames = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(frames.map(String)).toEqual(['split', 'next']);
  });

  it('rejects a negative size prefix', () => {
    expect(() => new FrameReader().push(Buffer.from([0x80, 0, 0, 0]))).toThrow(/invalid Kafka frame size/);
  });
});
