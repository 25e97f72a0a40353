import { startHarness, type Harness } from '../support/harness';
import { sampleCampaign, sampleCampaignSettings } from '../../src/demo/sample-campaign';
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
    const now = h.clock.now();
    const sample = sampleCampaign(9, now);
    const lead = sample.leads[8]!; // the first lead that is allowed
    await h.client.importRegistry(sample.registryNumbers, new Date(now.getTime() - 86_400_000));
    const campaign = await h.client.createCampaign({
      ...sampleCampaignSettings('once', { maxConcurrentCalls: 5, callsPerSecond: 20 }, 0),
      limits: { maxConcurrentCalls: 5, callsPerSecond: 20, maxAttemptsPerLead: 1 },
    });
    const csv = sample.csv
      .split('\n')
      .filter((line, i) => i === 0 || line.startsWith(lead.phone))
      .join('\n');
    expect((await h.client.uploadCsv(campaign.id, csv)).body.accepted).toBe(1);
    const before = h.sim.stats().createsByTo[lead.phone] ?? 0;
    prepare();
    await h.client.control(campaign.id, 'start');
    await waitFor(
      'campaign done',
      async () => ((await h.client.campaign(campaign.id)).status === 'done' ? true : undefined),
      30_000,
    );
    await h.sim.idle();
    const [stored] = (await h.client.leads(campaign.id)).leads;
    const { calls } = await h.client.callsOfLead(stored!.id);
    return { creates: (h.sim.stats().createsByTo[lead.phone] ?? 0) - before, lead: stored!, calls };
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
