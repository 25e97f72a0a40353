import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { createComplianceProcessor } from '../../src/processors/compliance.processor';
import { createDialProcessor } from '../../src/processors/dial.processor';
import { jobIds, type DialJobData } from '../../src/queues/payloads';

/**
 * The lead's status around its compliance job, the processors run directly (no workers): a lead stopped while
 * the job checks it stays stopped and gets no dial job; a cleared one is `queued` until its call is placed.
 */
describe('compliance job and the lead status', () => {
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

  it('leaves a cleared lead queued until its dial job places the call', async () => {
    const { campaignId } = await oneLeadCampaign(h, 'cleared-then-placed');
    // Started with the workers' queues idle in this harness: the job is run here, once.
    await h.client.control(campaignId, 'start');
    const [lead] = await h.api.deps.leads.listByCampaign(campaignId, { limit: 1 });
    const data = { leadId: lead!.id, campaignId, attemptNumber: 1, override: null };
    await expect(
      createComplianceProcessor(h.api.deps)(data, { jobId: jobIds.compliance(lead!.id, 1), attemptsMade: 0 }),
    ).resolves.toEqual({ result: 'allowed' });
    expect((await h.api.deps.leads.get(lead!.id))?.status).toBe('queued');
    const dialJob = await h.api.queues.dial.getJob(jobIds.dial(lead!.id, 1));
    expect(dialJob).toBeDefined();

    const placed = (await createDialProcessor(h.api.deps)(dialJob!.data as DialJobData, {
      jobId: dialJob!.id!,
      attemptsMade: 0,
    })) as { callSid?: string };
    expect(placed.callSid).toMatch(/^CA/);
    expect(await h.api.deps.leads.get(lead!.id)).toMatchObject({ status: 'dialing', attempts: 1 });
  });
});
