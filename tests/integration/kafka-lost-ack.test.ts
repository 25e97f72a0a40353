import { randomBytes } from 'node:crypto';
import { KafkaEventPublisher } from '../../src/adapters/kafka/kafka.publisher';
import { makeEvent, type DomainEvent } from '../../src/domain/events';
import { startKafkaFaultProxy, type KafkaFaultProxy } from '../support/kafka-fault-proxy';
import { countRecords, readTopic } from '../support/kafka-topic';

/**
 * The broker writes a batch and its answer is lost (it dies just after, the reply is dropped), longer than the
 * client's own retries. kafkajs then rolls the partition's sequence numbers back, so what the relay sends next on
 * that partition is numbered as the lost send: these tests fail if the broker refuses it as out of order or
 * acknowledges it as a duplicate without writing it.
 */
describe('a Produce answer lost after the broker wrote the batch (a fault proxy before the suite broker)', () => {
  const brokers = process.env.KAFKA_BROKERS!.split(',');
  const lead = `lead_${randomBytes(4).toString('hex')}`;
  let proxy: KafkaFaultProxy;
  let publisher: KafkaEventPublisher;
  let topic: string;

  beforeEach(async () => {
    proxy = await startKafkaFaultProxy();
    topic = `lost-ack-${randomBytes(4).toString('hex')}`;
    publisher = new KafkaEventPublisher(brokers, 'lost-ack', topic, { socketFactory: proxy.socketFactory });
  });
  afterEach(async () => {
    await publisher.close();
    await proxy.close();
  });

  /** Events of one lead, so all on one partition, in order. */
  function events(...names: string[]): DomainEvent[] {
    return names.map((name, i) =>
      makeEvent(
        'CallInitiated',
        `${topic}-${name}`,
        { callId: name, leadId: lead, campaignId: 'cmp_lost_ack', payload: { step: name } },
        new Date(Date.UTC(2026, 11, 4, 15, 0, i)),
      ),
    );
  }

  /**
   * Publishes `batch` with the answer to its publisher's `pass + 1`th send lost: the publish fails, yet the broker
   * has written `written` more records.
   */
  async function loseAnswerTo(batch: DomainEvent[], recordsBefore: number, written = batch.length, pass = 0) {
    const withheld = proxy.loseNextProduceAnswer(pass);
    await expect(publisher.publish(batch)).rejects.toThrow();
    await withheld;
    proxy.heal();
    expect(await countRecords(brokers, topic)).toBe(recordsBefore + written);
  }

  async function idsOnTopic(): Promise<string[]> {
    return (await readTopic(brokers, topic)).map((m) => m.headers.eventId!);
  }
  const ids = (list: DomainEvent[]) => list.map((e) => e.eventId);

  it('the next send holds those events and a new one (what the relay sends next): each is on the topic once, in order, and later sends go through', async () => {
    const [a1, b1, b2, c1, d1] = events('a1', 'b1', 'b2', 'c1', 'd1');
    await publisher.publish([a1!]);
    await loseAnswerTo([b1!, b2!], 1);

    await publisher.publish([b1!, b2!, c1!]);
    await publisher.publish([d1!]);

    expect(await idsOnTopic()).toEqual(ids([a1!, b1!, b2!, c1!, d1!]));
  }, 60_000);

  it('the next send holds as many other events (another replica sent the lost ones): they are written, not taken for the lost send', async () => {
    const [a1, b1, b2, c1, c2] = events('a1', 'b1', 'b2', 'c1', 'c2');
    await publisher.publish([a1!]);
    await loseAnswerTo([b1!, b2!], 1);

    await publisher.publish([c1!, c2!]);

    expect(await idsOnTopic()).toEqual(ids([a1!, b1!, b2!, c1!, c2!]));
  }, 60_000);

  it('the answer to the next send is lost too, after the lost one went through again: still each event once', async () => {
    const [a1, b1, b2, c1, d1] = events('a1', 'b1', 'b2', 'c1', 'd1');
    await publisher.publish([a1!]);
    await loseAnswerTo([b1!, b2!], 1);
    // The relay marked nothing, so it passes b1 and b2 again: they go through, the answer about c1 is lost.
    await loseAnswerTo([b1!, b2!, c1!], 3, 1, 1);

    await publisher.publish([b1!, b2!, c1!, d1!]);

    expect(await idsOnTopic()).toEqual(ids([a1!, b1!, b2!, c1!, d1!]));
  }, 60_000);
});
