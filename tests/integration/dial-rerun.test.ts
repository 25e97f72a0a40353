import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { waitFor } from '../support/wait';
import { createDialProcessor } from '../../src/processors/dial.processor';
import { attemptIdOf, callIdOf, type DialJobData } from '../../src/queues/payloads';

/**
 * A dial job run again after its call was placed and a webhook moved the call on (its worker died after the
 * carrier's answer, or the job's end was lost): the dial processor is run directly, twice, with no workers, so
 * that nothing else touches the lead in between.
 */
describe('a dial job run again after its call was placed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ profile: { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 } });
  });
  afterAll(() => h.close());

  async function placedOnce(name: string) {
    const { campaignId, phone } = await oneLeadCampaign(h, name);
    // Every campaign of oneLeadCampaign calls the same number.
    const createsBefore = h.sim.stats().createsByTo[phone] ?? 0;
    await h.client.control(campaignId, 'start');
    const [lead] = (await h.client.leads(campaignId)).leads;
    const data: DialJobData = {
      leadId: lead!.id,
      campaignId,
      attemptNumber: 1,
      override: null,
      complianceRecordId: 'cc_test',
    };
    const dial = createDialProcessor(h.api.deps);
    const first = (await dial(data, { jobId: 'dial-test', attemptsMade: 0 })) as { callSid?: string };
    expect(first.callSid).toMatch(/^CA/);
    const callId = callIdOf(attemptIdOf(lead!.id, 1));
    // The carrier's final status came back through the API's webhook: the call is over and its slot freed.
    await waitFor('the busy status', async () =>
      (await h.api.deps.calls.get(callId))?.status === 'busy' ? true : undefined,
    );
    return {
      dial,
      data,
      phone,
      createsBefore,
      callId,
      leadId: lead!.id,
      campaignId,
      callSid: first.callSid!,
    };
  }

  async function rerunChecks(p: Awaited<ReturnType<typeof placedOnce>>) {
    const result = await p.dial(p.data, { jobId: 'dial-test', attemptsMade: 1 });
    await h.sim.idle();
    expect(result).toEqual({ alreadyPlaced: p.callSid });
    expect(h.sim.stats().createsByTo[p.phone]! - p.createsBefore).toBe(1);
    // The slot this run took again under the call's id is given back.
    expect(await h.api.deps.permits.activeCount(p.campaignId)).toBe(0);
    const lead = await h.api.deps.leads.get(p.leadId);
    expect(lead).toMatchObject({ status: 'dialing', attempts: 1, blockedReasons: [] });
  }

  it('finds the call when it stores its own, and neither dials nor keeps the slot', async () => {
    const placed = await placedOnce('rerun-allowed');
    await rerunChecks(placed);
    // The call still names the check that let it go out.
    const [first] = await h.api.deps.complianceRecords.listByAttempt(attemptIdOf(placed.leadId, 1));
    const call = await h.api.deps.calls.get(placed.callId);
    expect(call?.complianceCheckId).toBe(first!.id);
  });

  it('a refusal at the second check does not block the lead of a call already placed', async () => {
    const placed = await placedOnce('rerun-refused');
    // Added to the list only (the API's do-not-call route would also stop the lead): the second check refuses.
    await h.api.deps.internalDnc.add({
      phone: placed.phone,
      reason: 'test',
      source: 'test',
      addedAt: h.clock.now(),
    });
    await rerunChecks(placed);
    // No evidence of a refusal that was not acted upon: the first run's dial check is the attempt's last.
    const records = await h.api.deps.complianceRecords.listByAttempt(attemptIdOf(placed.leadId, 1));
    expect(records.map((r) => `${r.stage}:${r.result}`)).toEqual(['dial:allowed']);
  });
});
