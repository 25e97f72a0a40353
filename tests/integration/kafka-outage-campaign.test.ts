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
  /** What `read` answers once two reads 2 s apart agree (within 30 s). */
  const settled = async (read: () => Promise<string[]>) => {
    let last = await read();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 2000));
      const now = await read();
      if (now.join() === last.join()) return now;
      last = now;
    }
    throw new Error('the published events kept changing after the broker stopped');
  };

  it('keeps what happens while the broker is down in the outbox and publishes each event once after the restart', async () => {
    const now = h.clock.now();
    const sample = sampleCampaign(20, now);
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
    // Paused while the broker goes down, so that the rest of the campaign happens during the outage.
    await h.client.control(campaign.id, 'pause');
    await kafka.stop();
    // A relay pass whose publish the broker acknowledged while shutting down may still be marking it sent:
    // what counts as published before the outage is what no longer changes once that mark is stored.
    const publishedBefore = await settled(() => ids(true));
    await h.client.control(campaign.id, 'resume');
    const waiting = await waitFor(
      'events recorded during the outage',
      async () => {
        const w = await ids(false);
        return w.length >= 5 ? w : undefined;
      },
      120_000,
    );
    expect(await ids(true)).toEqual(publishedBefore);

    await kafka.start();
    const kept = [...publishedBefore, ...waiting];
    await waitFor(
      'what waited to be published',
      async () => {
        const unpublished = new Set(await ids(false));
        return kept.some((id) => unpublished.has(id)) ? undefined : true;
      },
      60_000,
    );

    // Each of them is on the topic once; the campaign goes on, so later events may be there too, also once.
    const onTopic = (await readTopic(kafka.brokers, topic)).map((m) => m.headers.eventId!);
    expect(new Set(onTopic).size).toBe(onTopic.length);
    expect(onTopic).toEqual(expect.arrayContaining(kept));
  }, 300_000);
});
