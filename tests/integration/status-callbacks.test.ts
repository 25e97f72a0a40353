import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { waitFor } from '../support/wait';
import { relayOnce } from '../../src/services/event-relay';

/**
 * A call asks Twilio for two status callbacks only, ringing and the final status: the dial job records the placed
 * call itself and the request for the call's TwiML records the answer, so the call still goes through every status
 * of the seed's list and its events are all recorded.
 */
describe('status callbacks a call asks for', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: { answerRate: 1, busyRate: 0, noAnswerRate: 0, failedRate: 0, machineRate: 0 },
    });
  });
  afterAll(() => h.close());

  it('ringing and the final status; the answer comes from the TwiML request, with its event', async () => {
    const { campaignId, phone } = await oneLeadCampaign(h, 'callbacks');
    await h.client.control(campaignId, 'start');
    const [lead] = (await h.client.leads(campaignId)).leads;
    const call = await waitFor('the call analysed', async () => {
      const [found] = await h.api.deps.calls.listByLead(lead!.id);
      return found?.transcript ? found : undefined;
    });
    const [simCall] = h.sim.calls().filter((c) => c.to === phone);
    expect(simCall?.statusCallbackEvents.sort()).toEqual(['completed', 'ringing']);
    // 'queued' is the dial job's own save, which the ringing callback may overtake on a busy machine.
    expect(call.timeline.filter((t) => t.status !== 'queued').map((t) => [t.status, t.source])).toEqual([
      ['created', 'dial'],
      ['ringing', 'twilio:status'],
      ['in-progress', 'twilio:connect'],
      ['completed', 'twilio:status'],
    ]);
    expect(call.twilio.answeredBy).toBe('human');
    await relayOnce(h.api.deps.outbox, null, h.clock);
    const types = (await h.client.events(`callId=${call.callId}`)).events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CallInitiated', 'CallAnswered', 'CallCompleted']));
  });
});
