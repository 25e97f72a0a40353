import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { createComplianceProcessor } from '../../src/processors/compliance.processor';
import { jobIds } from '../../src/queues/payloads';

/** A lead stopped while its compliance job checks it stays stopped, and no dial job is queued for it. */
describe('compliance job and a lead stopped meanwhile', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  it('does not set a cancelled lead dialing or queue its dial', async () => {
    const { campaignId } = await oneLeadCampaign(h, 'stopped-meanwhile');
    await h.client.control(campaignId, 'start');
    const [open] = await h.api.deps.leads.listByCampaign(campaignId, { limit: 1 });
    // The job read the lead while it was open; it is cancelled before the job records its decision.
    jest.spyOn(h.api.deps.leads, 'get').mockResolvedValue(open!);
    await h.api.deps.leads.transition(open!.id, ['new', 'queued'], { status: 'cancelled' });

    const run = createComplianceProcessor(h.api.deps);
    const data = { leadId: open!.id, campaignId, attemptNumber: 1, override: null };
    await expect(run(data, { jobId: jobIds.compliance(open!.id, 1), attemptsMade: 0 })).resolves.toEqual({
      skipped: true,
    });
    jest.restoreAllMocks();
    expect((await h.api.deps.leads.get(open!.id))?.status).toBe('cancelled');
    expect(await h.api.queues.dial.getJob(jobIds.dial(open!.id, 1))).toBeUndefined();
  });
});
