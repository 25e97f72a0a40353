import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { connectMongo, type MongoStore } from '../../src/adapters/mongo';
import { KafkaEventPublisher } from '../../src/adapters/kafka/kafka.publisher';
import { relayOnce, startEventRelay } from '../../src/services/event-relay';
import { makeEvent, type DomainEvent, type EventType } from '../../src/domain/events';
import { callRecord } from '../support/call-record';
import type { NewLead } from '../../src/ports/repositories.port';
import type { EventPublisher } from '../../src/ports/event-publisher.port';
import type { Clock } from '../../src/ports/clock.port';
import { withDatabase } from '../support/processes';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { countRecords, readTopic } from '../support/kafka-topic';

const T0 = new Date('2026-03-04T19:00:00.000Z');
const PUBLISHED_AT = new Date('2026-03-04T19:30:00.000Z');
const clock: Clock = { now: () => PUBLISHED_AT };
const ALL = 1000;

let store: MongoStore;
let seq = 0;

beforeAll(async () => {
  store = await connectMongo(
    withDatabase(process.env.MONGODB_URI!, `evrelay_${randomBytes(4).toString('hex')}`),
  );
});

afterAll(async () => {
  await store.connection.dropDatabase();
  await store.close();
});

/** Every test starts from an empty outbox and no pending events, so counts are exact. */
beforeEach(async () => {
  await Promise.all(['calls', 'leads', 'events'].map((c) => store.connection.collection(c).deleteMany({})));
});

function at(sec: number): Date {
  return new Date(T0.getTime() + sec * 1000);
}

async function newLead(campaignId: string): Promise<string> {
  seq += 1;
  const input: NewLead = {
    campaignId,
    phone: `+1212555${String(1000 + seq).padStart(4, '0')}`,
    firstName: 'Ann',
    lastName: 'Lee',
    email: null,
    address: { street: null, city: 'New York', state: 'NY', zip: '10001' },
    timeZone: 'America/New_York',
    propertyAddress: null,
    consentId: null,
    rowNumber: seq,
  };
  const [res] = await store.leads.insertMany([input]);
  if (!res || !('lead' in res)) throw new Error('duplicate lead in fixture');
  return res.lead.id;
}

async function newCall(leadId: string, campaignId: string): Promise<string> {
  seq += 1;
  const callId = `call_relay_${seq}`;
  const call = callRecord({ callId, attemptId: `att_relay_${seq}` }, T0, {
    leadId,
    campaignId,
    to: '+12125550199',
  });

  const res = await store.calls.createForAttempt(call);
  expect(res.created).toBe(true);
  return callId;
}

function ev(
  type: EventType,
  callId: string | null,
  leadId: string,
  campaignId: string,
  sec: number,
  payload: Record<string, unknown> = {},
): DomainEvent {
  return makeEvent(type, callId ?? leadId, { callId, leadId, campaignId, payload }, at(sec));
}

/**
 * One call's life and one lead's change, each event written by the repository update that caused it,
 * exactly as the processors and webhooks do. Returns the events in occurrence order.
 */
async function recordLifecycle(campaignId = 'cmp_relay'): Promise<DomainEvent[]> {
  const leadId = await newLead(campaignId);
  const callId = await newCall(leadId, campaignId);
  const initiated = ev('CallInitiated', callId, leadId, campaignId, 1, { callSid: 'CA1' });
  const answered = ev('CallAnswered', callId, leadId, campaignId, 2, { answeredBy: 'human' });
  const completed = ev('CallCompleted', callId, leadId, campaignId, 3, { outcome: 'qualified' });
  const transcript = ev('CallTranscriptReady', callId, leadId, campaignId, 4, { conversationId: 'conv_1' });
  const failedLead = ev('CallFailed', null, leadId, campaignId, 5, { reason: 'test' });

  expect(await store.calls.setCallSid(callId, 'CA1', [initiated])).not.toBeNull();
  expect(
    await store.calls.advance(callId, 'in-progress', at(2), 'twilio', { answeredBy: 'human' }, [answered]),
  ).not.toBeNull();
  expect(await store.calls.recordOutcome(callId, 'qualified', [completed])).toBe(true);
  expect(
    await store.calls.completeAnalysis(
      callId,
      {
        conversationId: 'conv_1',
        transcript: [{ role: 'agent', message: 'Hello', timeInCallSecs: 0, sentiment: 0 }],
        summary: 'ok',
        sentiment: { overall: 0.5, label: 'positive' },
        intent: 'sell',
        outcome: 'qualified',
        durationSec: 42,
      },
      [transcript],
    ),
  ).not.toBeNull();
  expect(await store.leads.transition(leadId, ['new'], { status: 'completed' }, [failedLead])).not.toBeNull();
  return [initiated, answered, completed, transcript, failedLead];
}

function sortedIds(events: Array<{ eventId: string }>): string[] {
  return events.map((e) => e.eventId).sort();
}

async function pendingCount(): Promise<number> {
  let n = 0;
  for (const name of ['calls', 'leads']) {
    for (const doc of await store.connection.collection(name).find({}).toArray())
      n += (doc.pendingEvents as unknown[]).length;
  }
  return n;
}

/** Documents flagged as holding pending events: the ones the relay's next pass reads. */
async function flaggedCount(): Promise<number> {
  let n = 0;
  for (const name of ['calls', 'leads'])
    n += await store.connection.collection(name).countDocuments({ hasPendingEvents: { $exists: true } });
  return n;
}

/**
 * What a crash between the outbox upsert and the $pull leaves: the event still in its call's array (and, as
 * with any push of events through the model, the flag that makes the relay look at it).
 */
async function leftInArray(event: DomainEvent): Promise<void> {
  await store.connection.model('Call').updateOne({ _id: event.callId }, { $push: { pendingEvents: event } });
}

/** Binds a port, reads it, frees it: nothing listens there afterwards. */
function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function unpublishedIds(): Promise<string[]> {
  return sortedIds(await store.outbox.list({ published: false, limit: ALL }));
}

async function publishedIds(): Promise<string[]> {
  return sortedIds(await store.outbox.list({ published: true, limit: ALL }));
}

/** Waits until the background relay has published exactly `events` (and nothing waits). */
async function untilPublished(events: DomainEvent[]): Promise<void> {
  const want = sortedIds(events).join();
  await waitUntil(async () => (await publishedIds()).join() === want, 60_000);
}

/**
 * Relay passes, as the background relay runs them, until `expected` events went out: a broker that has just
 * started may turn the first pass away (its coordinator still loading).
 */
async function passUntilSent(publisher: EventPublisher, expected: number): Promise<number> {
  let sent = 0;
  await waitUntil(async () => {
    sent += await relayOnce(store.outbox, publisher, clock).catch(() => 0);
    return sent >= expected;
  }, 60_000);
  return sent;
}

/** Records what it was asked to publish; `gate` (when set) holds publish open until released. */
class RecordingPublisher implements EventPublisher {
  readonly batches: DomainEvent[][] = [];
  gate: Promise<void> | null = null;
  entered: () => void = () => undefined;
  async publish(events: DomainEvent[]): Promise<void> {
    this.entered();
    if (this.gate) await this.gate;
    this.batches.push(events);
  }
  async close(): Promise<void> {}
}

describe('event relay: outbox to Kafka', () => {
  it('(a) without a broker, every recorded event lands in the outbox, unpublished', async () => {
    const recorded = await recordLifecycle();
    expect(await pendingCount()).toBe(5);

    expect(await relayOnce(store.outbox, null, clock)).toBe(0);

    expect(await pendingCount()).toBe(0);
    const waiting = await store.outbox.list({ published: false, limit: ALL });
    expect(waiting).toEqual(recorded.map((e) => ({ ...e, publishedAt: null })));
    expect(await store.outbox.list({ published: true, limit: ALL })).toEqual([]);
    // A second pass without a broker changes nothing.
    expect(await relayOnce(store.outbox, null, clock)).toBe(0);
    expect(await store.outbox.list({ published: false, limit: ALL })).toHaveLength(5);
  });

  it('(a2) the outbox lists page by page behind a position, in (occurredAt, eventId) order, ties included', async () => {
    const first = await recordLifecycle('cmp_page_1');
    const second = await recordLifecycle('cmp_page_2'); // the same five instants as the first: ties on occurredAt
    await relayOnce(store.outbox, null, clock);
    const expected = [...first, ...second]
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : 1))
      .map((e) => e.eventId);

    const seen: string[] = [];
    let after: { occurredAt: Date; eventId: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const events = await store.outbox.list({ limit: 3, after });
      if (!events.length) break;
      seen.push(...events.map((e) => e.eventId));
      after = events[events.length - 1]!;
    }
    expect(seen).toEqual(expected);
    // Filters and the position combine.
    const leadId = first[0]!.leadId;
    const ofLead = await store.outbox.list({ leadId, limit: ALL, after: first[1] });
    expect(ofLead.map((e) => e.eventId)).toEqual(first.slice(2).map((e) => e.eventId));
  });

  describe('on the suite broker (real Apache Kafka, or KAFKA_BROKERS)', () => {
    const brokers = process.env.KAFKA_BROKERS!.split(',');
    let publisher: KafkaEventPublisher;
    const topic = `events-${randomBytes(3).toString('hex')}`;

    beforeAll(() => {
      publisher = new KafkaEventPublisher(brokers, 'relay-test', topic);
    });
    afterAll(async () => {
      await publisher.close();
    });

    it('(b) publishes each event once in the seed shape, keyed by lead id, in order per lead, and marks it published', async () => {
      // Eight leads with random ids: all on one of the topic's 3 partitions by chance is 1 run in 2,187.
      const recorded: DomainEvent[] = [];
      for (let i = 1; i <= 8; i++) recorded.push(...(await recordLifecycle(`cmp_b${i}`)));

      expect(await passUntilSent(publisher, recorded.length)).toBe(40);

      const sent = await readTopic(brokers, topic);
      expect(sent).toHaveLength(40);
      expect(sortedIds(sent.map((m) => ({ eventId: m.headers.eventId! })))).toEqual(sortedIds(recorded));
      for (const m of sent) {
        const original = recorded.find((e) => e.eventId === m.headers.eventId)!;
        expect(m.key).toBe(original.leadId);
        expect(m.headers.type).toBe(original.type);
        expect(JSON.parse(m.value!)).toEqual({
          eventType: original.type,
          eventId: original.eventId,
          callId: original.callId,
          leadId: original.leadId,
          campaignId: original.campaignId,
          timestamp: original.occurredAt.toISOString(),
          ...original.payload,
        });
      }
      // The seed's examples: CallInitiated names its callSid, CallFailed its reason, at the top level.
      const values = sent.map((m) => JSON.parse(m.value!) as Record<string, unknown>);
      expect(values.find((v) => v.eventType === 'CallInitiated')).toMatchObject({ callSid: 'CA1' });
      expect(values.find((v) => v.eventType === 'CallFailed')).toMatchObject({
        reason: 'test',
        callId: null,
      });
      // One lead's events sit on one partition in the order they happened.
      for (const leadId of new Set(recorded.map((e) => e.leadId))) {
        const ofLead = sent.filter((m) => m.key === leadId);
        expect(new Set(ofLead.map((m) => m.partition)).size).toBe(1);
        expect(ofLead.map((m) => m.headers.eventId)).toEqual(
          recorded.filter((e) => e.leadId === leadId).map((e) => e.eventId),
        );
      }
      expect(new Set(sent.map((m) => m.partition)).size).toBeGreaterThan(1);
      expect(await store.outbox.list({ published: false, limit: ALL })).toEqual([]);
      expect(await store.outbox.list({ published: true, limit: ALL })).toEqual(
        [...recorded]
          .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : 1))
          .map((e) => ({ ...e, publishedAt: PUBLISHED_AT })),
      );

      expect(await relayOnce(store.outbox, publisher, clock)).toBe(0);
      expect(await countRecords(brokers, topic)).toBe(40);
    });
  });

  it('(c) broker down: the pass fails and nothing is marked; once a broker answers on that port, each event goes out once', async () => {
    const port = await reservePort();
    const topic = 'events-outage';
    const publisher = new KafkaEventPublisher([`127.0.0.1:${port}`], 'relay-outage', topic);
    let kafka: KafkaBroker | null = null;
    try {
      const recorded = await recordLifecycle();

      const started = Date.now();
      await expect(relayOnce(store.outbox, publisher, clock)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await store.outbox.list({ published: true, limit: ALL })).toEqual([]);
      expect(sortedIds(await store.outbox.list({ published: false, limit: ALL }))).toEqual(
        sortedIds(recorded),
      );

      // Still down: a second pass fails the same way (the failed connect was forgotten, not cached as success).
      await expect(relayOnce(store.outbox, publisher, clock)).rejects.toThrow();
      expect(await store.outbox.list({ published: false, limit: ALL })).toHaveLength(5);

      kafka = await startKafkaBroker({ port });
      expect(await passUntilSent(publisher, 5)).toBe(5);

      const sent = await readTopic(kafka.brokers, topic);
      expect(sent.map((m) => m.headers.eventId).sort()).toEqual(sortedIds(recorded));
      expect(await store.outbox.list({ published: false, limit: ALL })).toEqual([]);
      expect(sortedIds(await store.outbox.list({ published: true, limit: ALL }))).toEqual(
        sortedIds(recorded),
      );

      expect(await relayOnce(store.outbox, publisher, clock)).toBe(0);
      expect(await countRecords(kafka.brokers, topic)).toBe(5);
    } finally {
      await publisher.close();
      await kafka?.remove();
    }
  }, 120_000);

  describe('a broker of its own, stopped and paused while the relay runs', () => {
    let kafka: KafkaBroker;
    beforeAll(async () => {
      kafka = await startKafkaBroker();
    }, 120_000);
    afterAll(async () => {
      await kafka?.remove();
    });

    it('(c2) stopped mid-campaign: events wait in the outbox; after the restart every one is on the topic, once', async () => {
      const topic = 'events-restart';
      const publisher = new KafkaEventPublisher(kafka.brokers, 'relay-restart', topic);
      const relay = startEventRelay(store.outbox, publisher, clock, 100);
      try {
        const before = await recordLifecycle('cmp_before');
        await untilPublished(before);

        await kafka.stop();
        const during = [
          ...(await recordLifecycle('cmp_outage_1')),
          ...(await recordLifecycle('cmp_outage_2')),
        ];
        // Several passes fail while the broker is gone; everything recorded meanwhile waits, unpublished.
        await waitUntil(async () => (await store.outbox.list({ limit: ALL })).length === 15);
        await new Promise((r) => setTimeout(r, 1500));
        expect(await unpublishedIds()).toEqual(sortedIds(during));

        await kafka.start();
        const after = await recordLifecycle('cmp_after');
        const all = [...before, ...during, ...after];
        await untilPublished(all);

        const sent = (await readTopic(kafka.brokers, topic)).map((m) => m.headers.eventId!);
        expect(sent).toHaveLength(all.length);
        expect(sent.sort()).toEqual(sortedIds(all));
      } finally {
        await relay.stop();
        await publisher.close();
      }
    }, 180_000);

    it('(c3) a broker that answers slowly (JVM paused for 5 s): passes wait, then every event is on the topic, once', async () => {
      const topic = 'events-slow';
      const publisher = new KafkaEventPublisher(kafka.brokers, 'relay-slow', topic);
      // Counts sends still waiting for the broker's answer.
      let waiting = 0;
      const watched: EventPublisher = {
        async publish(events) {
          waiting += 1;
          try {
            await publisher.publish(events);
          } finally {
            waiting -= 1;
          }
        },
        close: () => publisher.close(),
      };
      const relay = startEventRelay(store.outbox, watched, clock, 100);
      try {
        const before = await recordLifecycle('cmp_slow_before');
        await untilPublished(before);

        await kafka.pause();
        let during: DomainEvent[] = [];
        try {
          during = [...(await recordLifecycle('cmp_slow_1')), ...(await recordLifecycle('cmp_slow_2'))];
          // A pass is sending to the paused broker and stays there: the relay waits, it does not give up or spin.
          await waitUntil(async () => waiting === 1);
          await new Promise((r) => setTimeout(r, 5000));
          expect(waiting).toBe(1);
          // No ack can come from a paused broker, so nothing recorded meanwhile is marked published.
          expect(await publishedIds()).toEqual(sortedIds(before));
        } finally {
          await kafka.resume();
        }
        const all = [...before, ...during];
        await untilPublished(all);

        const sent = (await readTopic(kafka.brokers, topic)).map((m) => m.headers.eventId!);
        expect(sent).toHaveLength(all.length);
        expect(sent.sort()).toEqual(sortedIds(all));
      } finally {
        await relay.stop();
        await publisher.close();
      }
    }, 180_000);
  });

  it('(d) collecting the same event twice (crash between the upsert and the $pull) keeps one outbox document', async () => {
    const recorded = await recordLifecycle();
    const callId = recorded[0]!.callId!;
    const initiated = recorded[0]!;
    const publisher = new RecordingPublisher();

    expect(await relayOnce(store.outbox, publisher, clock)).toBe(5);
    expect(publisher.batches.flat()).toHaveLength(5);

    // The crash: the event was copied to the outbox (and even published) but is still in the call's array.
    await leftInArray(initiated);
    expect(await pendingCount()).toBe(1);

    expect(await store.outbox.collect(ALL)).toBe(1);
    expect(await pendingCount()).toBe(0);
    expect(
      await store.connection.collection('events').countDocuments({ _id: initiated.eventId } as never),
    ).toBe(1);
    expect(await store.connection.collection('events').countDocuments({})).toBe(5);
    // Still the first copy: published, not reset to unpublished, so it is not sent again.
    expect(await store.outbox.list({ callId, published: false, limit: ALL })).toEqual([]);
    expect(await relayOnce(store.outbox, publisher, clock)).toBe(0);
    expect(publisher.batches.flat()).toHaveLength(5);

    // The same crash before the first publish: two collects, one document, one publish.
    const second = await recordLifecycle('cmp_relay_2');
    const again = second[1]!;
    expect(await store.outbox.collect(ALL)).toBe(5);
    await leftInArray(again);
    expect(await store.outbox.collect(ALL)).toBe(1);
    expect(await store.connection.collection('events').countDocuments({ _id: again.eventId } as never)).toBe(
      1,
    );
    expect(sortedIds(await store.outbox.list({ published: false, limit: ALL }))).toEqual(sortedIds(second));
    expect(await relayOnce(store.outbox, publisher, clock)).toBe(5);
    expect(publisher.batches.flat().filter((e) => e.eventId === again.eventId)).toHaveLength(1);
  });

  it('(d2) an event pushed while collect moves the earlier ones waits for the next pass, not forever', async () => {
    const recorded = await recordLifecycle();
    const { callId, leadId, campaignId } = recorded[0]!;
    const late = ev('CallFailed', callId, leadId, campaignId, 9, { late: true });
    const Outbox = store.connection.model('OutboxEvent');
    const copy = Outbox.bulkWrite.bind(Outbox);
    // The push lands after collect has read the call's events and before it pulls them.
    const spy = jest.spyOn(Outbox, 'bulkWrite').mockImplementationOnce((async (
      ...args: Parameters<typeof copy>
    ) => {
      expect(await store.calls.setCallSid(callId!, 'CA1', [late])).not.toBeNull();
      return copy(...args);
    }) as never);
    try {
      expect(await store.outbox.collect(ALL)).toBe(5);
    } finally {
      spy.mockRestore();
    }
    expect(await pendingCount()).toBe(1);
    expect(await flaggedCount()).toBe(1);

    const publisher = new RecordingPublisher();
    expect(await relayOnce(store.outbox, publisher, clock)).toBe(6);
    expect(sortedIds(publisher.batches.flat())).toEqual(sortedIds([...recorded, late]));
    expect(await pendingCount()).toBe(0);
    expect(await flaggedCount()).toBe(0);

    // An update that records no event does not flag its document.
    expect(await store.calls.advance(callId!, 'completed', at(10), 'twilio', {}, [])).not.toBeNull();
    expect(await store.leads.update(leadId, { attempts: 1 })).not.toBeNull();
    expect(await flaggedCount()).toBe(0);

    // A crash after the $pull leaves the flag on an empty array: the next pass only clears it.
    await store.connection
      .collection('leads')
      .updateOne({ _id: leadId } as never, { $set: { hasPendingEvents: true } });
    expect(await store.outbox.collect(ALL)).toBe(0);
    expect(await flaggedCount()).toBe(0);
  });

  it('(d3) the flag the relay searches by is served by a partial index on each owner collection', async () => {
    for (const name of ['calls', 'leads']) {
      expect(await store.connection.collection(name).indexes()).toContainEqual(
        expect.objectContaining({
          key: { hasPendingEvents: 1 },
          partialFilterExpression: { hasPendingEvents: true },
        }),
      );
    }
  });

  it('(e) startEventRelay publishes in the background and stop() waits for the pass in progress', async () => {
    const publisher = new RecordingPublisher();
    const relay = startEventRelay(store.outbox, publisher, clock, 20);
    let stopped = false;
    try {
      const first = await recordLifecycle();
      await waitUntil(async () => (await store.outbox.list({ published: true, limit: ALL })).length === 5);
      expect(sortedIds(publisher.batches.flat())).toEqual(sortedIds(first));

      // Hold the next publish open, then ask the relay to stop while that pass is running.
      let release!: () => void;
      publisher.gate = new Promise<void>((r) => (release = r));
      const entered = new Promise<void>((r) => (publisher.entered = r));
      // Two events in one lead update (one atomic write), so the held pass sees both or neither.
      const leadId = await newLead('cmp_relay_bg');
      const second = [
        ev('CallFailed', null, leadId, 'cmp_relay_bg', 10),
        ev('CallFailed', 'x', leadId, 'cmp_relay_bg', 11),
      ];
      expect(await store.leads.update(leadId, { status: 'blocked' }, second)).not.toBeNull();
      await entered;
      const stopping = relay.stop().then(() => {
        stopped = true;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(stopped).toBe(true);
      // The pass that was running finished (published and marked) before stop() resolved.
      expect(sortedIds(await store.outbox.list({ published: true, limit: ALL }))).toEqual(
        sortedIds([...first, ...second]),
      );
      expect(publisher.batches.flat()).toHaveLength(7);

      // Stopped: later events are not picked up.
      publisher.gate = null;
      await recordLifecycle('cmp_relay_after');
      await new Promise((r) => setTimeout(r, 150));
      expect(publisher.batches.flat()).toHaveLength(7);
      expect(await pendingCount()).toBe(5);
    } finally {
      if (!stopped) await relay.stop();
    }
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
