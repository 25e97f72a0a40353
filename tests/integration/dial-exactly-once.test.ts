import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { waitFor } from '../support/wait';

/** One attempt = one carrier call, even when the carrier's answer is lost or it asks us to slow down. */
describe('dialing exactly once per attempt', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 },
    });
  });
  afterAll(() => h.close());

  async function runOneLead(prepare: (campaignId: string) => unknown) {
    const { campaignId, phone } = await oneLeadCampaign(h, 'once');
    const before = h.sim.stats().createsByTo[phone] ?? 0;
    await prepare(campaignId);
    await h.client.control(campaignId, 'start');
    await waitFor(
      'campaign done',
      async () => ((await h.client.campaign(campaignId)).status === 'done' ? true : undefined),
      30_000,
    );
    await h.sim.idle();
    const [stored] = (await h.client.leads(campaignId)).leads;
    const { calls } = await h.client.callsOfLead(stored!.id);
    return { creates: (h.sim.stats().createsByTo[phone] ?? 0) - before, lead: stored!, calls };
  }

  it('adopts the call Twilio placed when its answer to us was lost, instead of dialing again', async () => {
    const { creates, lead, calls } = await runOneLead(() => h.sim.dropNextCreateResponses(1));
    expect(creates).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.twilio.callSid).toMatch(/^CA/);
    expect(lead).toMatchObject({ status: 'exhausted', attempts: 1, lastOutcome: 'busy' });
    // The adopted call still announces itself once.
    const types = await waitFor('events relayed', async () => {
      const { events } = await h.client.events(`callId=${calls[0]!.callId}`);
      return events.some((e) => e.type === 'CallFailed') ? events.map((e) => e.type).sort() : undefined;
    });
    expect(types).toEqual(['CallFailed', 'CallInitiated']);
  });

  it('retries 429 and 5xx without counting them as attempts', async () => {
    const { creates, lead, calls } = await runOneLead(() => {
      h.sim.failNextCreates(1, 429);
      h.sim.failNextCreates(1, 503);
    });
    expect(creates).toBe(1);
    expect(h.sim.stats().injectedCreateFailures).toBe(2);
    expect(calls.filter((c) => c.twilio.callSid)).toHaveLength(1);
    expect(lead).toMatchObject({ status: 'exhausted', attempts: 1 });
    // Each try checked again; the call names the check of the try that placed it, and that record exists.
    const dialChecks = await dialChecksOf(calls[0]!.callId);
    expect(dialChecks.map((r) => r.result)).toEqual(['allowed', 'allowed', 'allowed']);
    expect((calls[0] as unknown as { complianceCheckId: string }).complianceCheckId).toBe(dialChecks[2]!.id);
  });

  it('a lead the pacing holds back waits for its turn as a delayed job, then checks and records once', async () => {
    let queuedDelay: Promise<number> | null = null;
    const { creates, calls } = await runOneLead(async (campaignId) => {
      // A send of this campaign at 0.15 calls/s: the next one is 7.3 s off, beyond the 5 s a job may wait in a
      // worker, so the compliance job puts this lead's dial job in the line instead of queueing it to run now.
      const held = await h.api.deps.permits.reserveSend('another-call', campaignId, {
        globalMaxConcurrent: 100,
        globalCallsPerSecond: 1000,
        campaignMaxConcurrent: 5,
        campaignCallsPerSecond: 0.15,
      });
      // Reserved, if not at once: a send of the test before may still hold the global pace for a moment (its
      // rate lowered by back-pressure on a busy machine); this campaign's next send is held all the same.
      expect(held.reserved).toBe(true);
      queuedDelay = waitFor('the dial job', async () => {
        const jobs = await h.api.queues.dial.getJobs(['delayed', 'wait', 'active', 'completed']);
        const job = jobs.find((j) => j.data.campaignId === campaignId);
        return job?.delay;
      });
    });
    const dialJobDelay = await queuedDelay!;
    // Queued for its turn: about when its send could be reserved (7.3 s, less the time it took to get here and
    // the 1 s it comes back early), not at once.
    expect(dialJobDelay).toBeGreaterThan(3000);
    expect(dialJobDelay).toBeLessThan(7300);
    expect(creates).toBe(1);
    expect(calls).toHaveLength(1);
    // The dial job ran once, at its turn: one dial-time check, named by the call.
    const dialChecks = await dialChecksOf(calls[0]!.callId);
    expect(dialChecks.map((r) => r.result)).toEqual(['allowed']);
    expect((calls[0] as unknown as { complianceCheckId: string }).complianceCheckId).toBe(dialChecks[0]!.id);
  });

  async function dialChecksOf(callId: string) {
    const { body } = await h.client.call<{
      records: Array<{ id: string; stage: string; result: string }>;
    }>('GET', `/api/calls/${callId}/compliance`);
    return body.records.filter((r) => r.stage === 'dial');
  }
});
