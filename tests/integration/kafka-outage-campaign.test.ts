import { randomBytes } from 'node:crypto';
import { sampleCampaign, sampleCampaignSettings } from '../../src/demo/sample-campaign';
import { startHarness, type Harness } from '../support/harness';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { readTopic } from '../support/kafka-topic';
import { waitFor } from '../support/wait';

/** A whole campaign (API, workers, relay in one process, on the simulator) while its broker goes away and returns. */
describe('a campaign whose Kafka broker stops mid-campaign and comes back', () => {
  const topic = `outage-${randomBytes(3).toString('hex')}.call-events`;
  let kafka: KafkaBroker;
  let h: Harness;

  beforeAll(async () => {
    kafka = await startKafkaBroker();
    h = await startHarness({
      workers: true,
      env: { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TOPIC: topic },
      profile: { ringMs: [50, 150], talkMs: [200, 500] },
    });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    await kafka?.remove();
  });

  const ids = async (published: boolean) =>
    (await h.client.events(`published=${published}&limit=1000`)).events.map((e) => e.eventId).sort();

  it('keeps what happens while the broker is down in the outbox and publishes each event once after the restart', async () => {
    const now = h.clock.now();
    const sample = sampleCampaign(12, now);
    await h.client.importRegistry(sample.registryNumbers, new Date(now.getTime() - 86_400_000));
    const campaign = await h.client.createCampaign(
      sampleCampaignSettings('kafka outage', { maxConcurrentCalls: 2, callsPerSecond: 2 }, 0),
    );
    await h.client.uploadCsv(campaign.id, sample.csv);
    await h.client.control(campaign.id, 'start');

    // The first events reach the broker, then it stops while calls go on.
    await waitFor(
      'a first published event',
      async () => ((await ids(true)).length ? true : undefined),
      60_000,
    );
    await kafka.stop();
    const publishedBefore = await ids(true);
    await waitFor(
      'the campaign to finish',
      async () => ((await h.client.campaign(campaign.id)).status === 'done' ? true : undefined),
      120_000,
    );
    const waiting = await ids(false);
    expect(waiting.length).toBeGreaterThan(0);
    expect(await ids(true)).toEqual(publishedBefore);

    await kafka.start();
    await waitFor('the outbox to drain', async () => ((await ids(false)).length ? undefined : true), 60_000);

    // Everything recorded before and during the outage is published (post-call events may still have come after).
    const all = await ids(true);
    expect(all).toEqual(expect.arrayContaining([...publishedBefore, ...waiting]));
    const onTopic = (await readTopic(kafka.brokers, topic)).map((m) => m.headers.eventId!);
    expect(onTopic).toHaveLength(all.length);
    expect(onTopic.sort()).toEqual(all);
  }, 300_000);
});
