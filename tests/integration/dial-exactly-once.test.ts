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

  async function runOneLead(prepare: () => void) {
    const { campaignId, phone } = await oneLeadCampaign(h, 'once');
    const before = h.sim.stats().createsByTo[phone] ?? 0;
    prepare();
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
    const { body } = await h.client.call<{
      records: Array<{ id: string; stage: string; result: string }>;
    }>('GET', `/api/calls/${calls[0]!.callId}/compliance`);
    const dialChecks = body.records.filter((r) => r.stage === 'dial');
    expect(dialChecks.map((r) => r.result)).toEqual(['allowed', 'allowed', 'allowed']);
    expect((calls[0] as unknown as { complianceCheckId: string }).complianceCheckId).toBe(dialChecks[2]!.id);
  });
});
