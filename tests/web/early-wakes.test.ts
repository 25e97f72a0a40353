import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { campaignBody, interestedPeople, importRegistry, jsonLead, phoneFor } from './web-support';

/**
 * A call told to come back when its campaign's pacing line was long sleeps until the moment it was given. When the
 * line moves faster than that (the rate climbs back after back-pressure, or the calls ahead of it go elsewhere),
 * a dial worker wakes it: it is called once its send could go, not minutes later.
 */
describe('a call told its turn while the line ahead of it was long', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workers: true, profile: interestedPeople([100, 200], [200, 300]) });
    await importRegistry(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('is called within seconds once the calls ahead are gone, not at its moment minutes away', async () => {
    const campaign = await h.client.createCampaign(
      campaignBody('early wake', {
        limits: { maxConcurrentCalls: 5, callsPerSecond: 1, maxAttemptsPerLead: 3 },
      }),
    );
    // 200 calls ahead in the line, as a backlog at 1 call/s leaves it: this lead's turn is minutes away.
    const line = `${h.config.QUEUE_PREFIX}:pace-line:${campaign.id}`;
    const ahead = Array.from({ length: 200 }, (_, i) => `call-ahead-${i}`);
    await h.api.redis.zadd(line, ...ahead.flatMap((member) => [Date.now(), member]));
    await h.client.call('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: { leads: [jsonLead(h, phoneFor(83, 0), 'Wren')] },
    });
    await h.client.control(campaign.id, 'start');
    const job = await waitFor(
      'the dial job queued for its turn',
      async () =>
        (await h.api.queues.dial.getJobs(['delayed'])).find((j) => j?.data.campaignId === campaign.id),
      20_000,
      50,
    );
    expect(job.delay).toBeGreaterThan(60_000);

    // The calls ahead went elsewhere (cancelled, blocked): nothing stands between this call and its send.
    // Woken within a second or two (the bound leaves room for a busy machine, far short of the job's own moment).
    await h.api.redis.zrem(line, ...ahead);
    await waitFor('the call placed', async () => (h.sim.stats().creates > 0 ? true : undefined), 45_000, 50);
    await h.client.control(campaign.id, 'cancel');
  }, 90_000);
});
