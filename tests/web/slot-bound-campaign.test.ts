import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { campaignBody, interestedPeople, importRegistry, jsonLead, phoneFor, sleep } from './web-support';

/**
 * A campaign bound by its call slots (calls far longer than the gap between sends): the jobs that cannot have a
 * slot wait for one to be freed, instead of running again and again to find none free.
 */
describe('a campaign bound by its call slots', () => {
  let h: Harness;
  const creates = () => h.sim.stats().creates;

  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: interestedPeople([100, 200], [2500, 3000]),
    });
    await importRegistry(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps its slots busy, and its waiting jobs run about once per freed slot', async () => {
    const n = 30;
    const slots = 2;
    const campaign = await h.client.createCampaign(
      campaignBody('slot bound', {
        limits: { maxConcurrentCalls: slots, callsPerSecond: 5, maxAttemptsPerLead: 3 },
      }),
    );
    const leads = Array.from({ length: n }, (_, i) => jsonLead(h, phoneFor(71, i), `Lead${i}`));
    await h.client.call('POST', `/api/campaigns/${campaign.id}/leads`, { body: { leads } });
    const dialJobs = async () =>
      (await h.api.queues.dial.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter(
        (j) => j?.data.campaignId === campaign.id,
      );
    const dialRuns = async () => (await dialJobs()).reduce((sum, j) => sum + j.attemptsStarted, 0);

    await h.client.control(campaign.id, 'start');
    await h.client.queueingDone(campaign.id);
    // Every lead's dial job has run once (told to go, or to wait for a slot) before the window opens. They reach the
    // dial queue at the campaign's pace, or slower on a busy machine, where back-pressure lowers the rate.
    let seen = '';
    await waitFor(
      "every lead's dial job run once",
      async () => {
        const jobs = await dialJobs();
        const notRun = jobs.filter((j) => j.attemptsStarted === 0);
        seen = `${jobs.length} dial jobs, ${notRun.length} not run yet, the next due in ${
          Math.min(...notRun.map((j) => j.timestamp + (j.delay ?? 0))) - Date.now()
        } ms`;
        return jobs.length === n && notRun.length === 0 ? true : undefined;
      },
      90_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${seen}`);
    });
    await sleep(1000);
    const [runs0, creates0] = [await dialRuns(), creates()];
    // The operator sees them waiting: at most a few placed yet, two in call, the rest asleep in the slot line.
    const { progress } = await h.client.campaign(campaign.id);
    expect(progress.activeCalls).toBeLessThanOrEqual(slots);
    expect(progress.waitingForSlot).toBeGreaterThan(n / 2);
    expect(progress.waitingForSlot).toBeLessThanOrEqual(n - creates0);
    await sleep(12_000);
    const [runs1, creates1] = [await dialRuns(), creates()];
    const placed = creates1 - creates0;
    const runs = runs1 - runs0;
    expect(h.sim.stats().maxConcurrentCalls).toBeLessThanOrEqual(slots);
    // Two slots and calls of about 3 s: some 8 calls in 12 s when each freed slot is taken at once (2 when the
    // waiting jobs only look again by themselves).
    expect(placed).toBeGreaterThanOrEqual(5);
    // About one run per placed call (the job woken for it, which may also wait once for its send turn when a busy
    // machine has lowered the rate); each waiting job ran again and again before (44).
    expect(runs).toBeLessThanOrEqual(2 * placed + 6);
    await h.client.control(campaign.id, 'cancel');
  }, 150_000);
});
