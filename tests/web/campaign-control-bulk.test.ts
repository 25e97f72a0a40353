import { startHarness, type Harness } from '../support/harness';
import { JobQueues } from '../../src/queues/job-queues';
import type { ComplianceJobData } from '../../src/queues/payloads';
import { jsonLead, phoneFor } from './web-support';
import { requeueStrandedLeads } from '../../src/services/stranded-leads';
import { createLeadIntake } from '../../src/services/lead-intake';

interface LeadView {
  id: string;
  status: string;
}

/**
 * Start (and cancel) of campaigns with more leads than one bulk write takes, with no workers: every job stays in
 * Redis where the api put it, so the queues can be read back exactly.
 */
describe('campaign control in bulk', () => {
  let h: Harness;

  const leadsOf = async (campaignId: string) => (await h.client.leads(campaignId)).leads as LeadView[];
  const statusCounts = async (campaignId: string) => (await h.client.campaign(campaignId)).progress.byStatus;

  async function complianceJobsOf(campaignId: string) {
    const jobs = await h.api.queues.compliance.getJobs(['waiting', 'delayed', 'prioritized']);
    return jobs.filter((j) => j?.data.campaignId === campaignId);
  }

  async function dialJobsOf(campaignId: string) {
    const jobs = await h.api.queues.dial.getJobs(['waiting', 'delayed', 'prioritized']);
    return jobs.filter((j) => j?.data.campaignId === campaignId);
  }

  /** A draft campaign with `count` consented leads (numbers from `block`), uploaded in one JSON request. */
  async function campaignWithLeads(name: string, block: number, count: number) {
    const campaign = await h.client.createCampaign({ name });
    const leads = Array.from({ length: count }, (_, i) => jsonLead(h, phoneFor(block, i), `Lead${i}`));
    const res = await h.client.call<{ accepted: number; leadIds: string[] }>(
      'POST',
      `/api/campaigns/${campaign.id}/leads`,
      { body: { leads } },
    );
    expect([res.status, res.body.accepted]).toEqual([201, count]);
    // The answer lists the first 1,000 ids; the listing has them all, in row order.
    return { id: campaign.id, leadIds: (await leadsOf(campaign.id)).map((l) => l.id) };
  }

  /** Wraps the real bulk enqueue: `around` gets each batch, its call number (from 1) and the real enqueue. */
  function aroundEachBatch(
    around: (
      batch: readonly ComplianceJobData[],
      call: number,
      enqueue: () => Promise<void>,
    ) => Promise<void>,
  ) {
    const real = JobQueues.prototype.enqueueComplianceBatch;
    let calls = 0;
    jest
      .spyOn(h.api.queues, 'enqueueComplianceBatch')
      .mockImplementation((batch) => around(batch, ++calls, () => real.call(h.api.queues, batch)));
  }

  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => h.close());

  it('start of 1,200 leads adds exactly one compliance job per lead, with its attempt-1 id, and queues every lead', async () => {
    const c = await campaignWithLeads('bulk start', 81, 1200);
    expect((await h.client.control(c.id, 'start')).status).toBe('running');
    await h.client.queueingDone(c.id);

    const jobs = await complianceJobsOf(c.id);
    expect(jobs.map((j) => j.id).sort()).toEqual(c.leadIds.map((id) => `chk-${id}-a1`).sort());
    for (const job of jobs) {
      expect(job.name).toBe('check');
      expect(job.data).toEqual({
        leadId: job.id!.replace(/^chk-(.*)-a1$/, '$1'),
        campaignId: c.id,
        attemptNumber: 1,
        override: null,
      });
    }
    // The bulk jobs carry exactly what a single enqueue gives an attempt (retries, backoff, retention, no delay).
    await h.api.queues.enqueueCompliance({
      leadId: 'lead_single',
      campaignId: 'cmp_single',
      attemptNumber: 1,
      override: null,
    });
    const single = (await h.api.queues.compliance.getJob('chk-lead_single-a1'))!;
    await single.remove();
    const { jobId: _singleId, ...singleOpts } = single.opts;
    for (const job of jobs) {
      const { jobId, ...opts } = job.opts;
      expect(jobId).toBe(job.id);
      expect(opts).toEqual(singleOpts);
    }

    expect(await statusCounts(c.id)).toEqual({ queued: 1200 });
  });

  it('a lead a worker moved on between its job and the status update is not moved back to queued', async () => {
    const c = await campaignWithLeads('worker was quicker', 82, 1200);
    const taken: string[] = [];
    // Batches of 500, 500 and 200: in the first a worker takes a lead to dialing, in the second one is blocked.
    aroundEachBatch(async (batch, call, enqueue) => {
      await enqueue();
      const leadId = batch[0]!.leadId;
      taken.push(leadId);
      if (call === 1) await h.api.deps.leads.update(leadId, { status: 'dialing' });
      if (call === 2)
        await h.api.deps.leads.update(leadId, { status: 'blocked', blockedReasons: ['NO_CONSENT'] });
    });
    expect((await h.client.control(c.id, 'start')).status).toBe('running');
    await h.client.queueingDone(c.id);

    expect(taken).toHaveLength(3);
    const byId = new Map((await leadsOf(c.id)).map((l) => [l.id, l.status]));
    expect([byId.get(taken[0]!), byId.get(taken[1]!), byId.get(taken[2]!)]).toEqual([
      'dialing',
      'blocked',
      'queued',
    ]);
    expect(await statusCounts(c.id)).toEqual({ queued: 1198, dialing: 1, blocked: 1 });
    expect(await complianceJobsOf(c.id)).toHaveLength(1200);
  });

  it('jobs go first: when queueing stops half-way (after the 202), every queued lead has its job, the rest are still new and the campaign says so', async () => {
    const c = await campaignWithLeads('redis fails half-way', 83, 1200);
    aroundEachBatch(async (_batch, call, enqueue) => {
      if (call === 2) throw new Error('Redis went away');
      await enqueue();
    });
    expect((await h.client.call('POST', `/api/campaigns/${c.id}/start`)).status).toBe(202);
    // Batches of 500, 500 and 200, two at a time: the third was on its way when the second failed, and is queued.
    expect(await h.client.queueingDone(c.id)).toEqual(
      expect.objectContaining({ total: 1200, queued: 700, done: false, failed: 'Redis went away' }),
    );

    const leads = await leadsOf(c.id);
    const withJob = new Set((await complianceJobsOf(c.id)).map((j) => j.data.leadId));
    const queued = leads.filter((l) => l.status === 'queued').map((l) => l.id);
    expect(queued.filter((id) => !withJob.has(id))).toEqual([]);
    expect([queued.length, withJob.size]).toEqual([700, 700]);
    expect(await statusCounts(c.id)).toEqual({ queued: 700, new: 500 });

    // The campaign runs, and a second start is refused: the workers' sweep queues the stranded leads.
    jest.restoreAllMocks();
    expect(await requeueStrandedLeads(h.api.deps, createLeadIntake(h.api.deps))).toBe(500);
    expect((await complianceJobsOf(c.id)).map((j) => j.data.leadId).sort()).toEqual([...c.leadIds].sort());
    expect(await statusCounts(c.id)).toEqual({ queued: 1200 });
    expect(await requeueStrandedLeads(h.api.deps, createLeadIntake(h.api.deps))).toBe(0);
  });

  it('cancel removes the waiting jobs of every open lead (whatever its attempt) and cancels it; final leads stay', async () => {
    const c = await campaignWithLeads('bulk cancel', 84, 1200);
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    const { leads, queues } = { leads: h.api.deps.leads, queues: h.api.queues };
    // Leads as workers would have left them, spread over the chunks of 500 that cancel works through.
    const [completed, retrying, dialing, lateFinisher] = [
      c.leadIds[0]!,
      c.leadIds[499]!,
      c.leadIds[500]!,
      c.leadIds[1199]!,
    ];
    for (const id of [completed, retrying, dialing]) await queues.compliance.remove(`chk-${id}-a1`);
    await leads.update(completed, { status: 'completed', attempts: 1, lastOutcome: 'qualified' });
    await leads.update(retrying, { status: 'retry_scheduled', attempts: 1, lastOutcome: 'no-answer' });
    await queues.enqueueCompliance(
      { leadId: retrying, campaignId: c.id, attemptNumber: 2, override: null },
      60_000,
    );
    await leads.update(dialing, { status: 'dialing' });
    await queues.enqueueDial({
      leadId: dialing,
      campaignId: c.id,
      attemptNumber: 1,
      override: null,
      complianceRecordId: 'cr_1',
    });
    expect(await complianceJobsOf(c.id)).toHaveLength(1198);
    expect(await dialJobsOf(c.id)).toHaveLength(1);

    // A call that ends while cancel is under way: the lead it completes is not cancelled after the fact.
    const real = JobQueues.prototype.removeLeadJobs;
    jest.spyOn(queues, 'removeLeadJobs').mockImplementation(async (attempts) => {
      await real.call(queues, attempts);
      if (attempts.some((a) => a.leadId === lateFinisher))
        await leads.update(lateFinisher, { status: 'completed', attempts: 1 });
    });
    expect((await h.client.control(c.id, 'cancel')).status).toBe('cancelled');

    expect(await complianceJobsOf(c.id)).toEqual([]);
    expect(await dialJobsOf(c.id)).toEqual([]);
    expect(await statusCounts(c.id)).toEqual({ cancelled: 1198, completed: 2 });
    const byId = new Map((await leadsOf(c.id)).map((l) => [l.id, l.status]));
    expect([completed, retrying, dialing, lateFinisher].map((id) => byId.get(id))).toEqual([
      'completed',
      'cancelled',
      'cancelled',
      'completed',
    ]);
    expect((await h.client.campaign(c.id)).status).toBe('cancelled');
  });
});
