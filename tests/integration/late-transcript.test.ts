import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { waitFor } from '../support/wait';
import { buildContainer } from '../../src/container';
import { startWorkers } from '../../src/main/start-workers';
import type { Call } from '../../src/domain/call';
import type { Lead } from '../../src/domain/lead';
import type { SimulatorProfile } from '../../src/simulator';

/** Every call answered by a person who books an appointment: one conversation per campaign. */
const PERSON_BOOKS: Partial<SimulatorProfile> = {
  answerRate: 1,
  busyRate: 0,
  noAnswerRate: 0,
  failedRate: 0,
  machineRate: 0,
  replies: { appointment: 1 },
};

/**
 * A transcript is never lost: late past the post-call wait, never sent as a webhook, sent twice, or arriving
 * while no worker runs. The wait is shortened to seconds (TRANSCRIPT_WAIT_SECONDS) so the give-up point is
 * reachable in a test; production waits 35 minutes.
 */
describe('late, lost and duplicate transcripts', () => {
  let h: Harness;
  let workers: { close(): Promise<void> } | null = null;

  async function startWorkerProcess() {
    const worker = await buildContainer(h.config, 'worker', h.clock);
    const running = startWorkers(worker);
    workers = {
      async close() {
        await running.close();
        await worker.close();
      },
    };
  }

  async function stopWorkers() {
    await workers?.close();
    workers = null;
  }

  beforeAll(async () => {
    h = await startHarness({ profile: PERSON_BOOKS, env: { TRANSCRIPT_WAIT_SECONDS: '3' } });
    await startWorkerProcess();
  });
  afterAll(async () => {
    await stopWorkers();
    await h.close();
  });

  /** Starts a one-lead campaign and answers its only call. */
  async function runOneCall(name: string): Promise<{ call: Call; leadId: string }> {
    const { campaignId } = await oneLeadCampaign(h, name);
    await h.client.control(campaignId, 'start');
    const [lead] = await h.api.deps.leads.listByCampaign(campaignId, { limit: 10 });
    const call = await waitFor(`${name}: a finished call`, async () => {
      const [found] = await h.api.deps.calls.listByLead(lead!.id);
      return found && ['completed', 'busy', 'no-answer', 'failed'].includes(found.status) ? found : undefined;
    });
    return { call, leadId: lead!.id };
  }

  const getCall = async (callId: string) => (await h.api.deps.calls.get(callId))!;
  const getLead = async (leadId: string) => (await h.api.deps.leads.get(leadId))!;

  async function eventCounts(callId: string): Promise<Record<string, number>> {
    await h.api.deps.outbox.collect(1000);
    const events = await h.api.deps.outbox.list({ callId, limit: 100 });
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    return counts;
  }

  const analysed = (callId: string) =>
    waitFor(`analysis of ${callId}`, async () => {
      const call = await getCall(callId);
      return call.transcript ? call : undefined;
    });

  function expectBooked(call: Call, lead: Lead) {
    expect(call.outcome).toBe('appointment');
    expect(call.closedWithoutTranscriptAt).toBeNull();
    expect(call.qualification?.appointmentAt).toBeInstanceOf(Date);
    expect(lead.status).toBe('completed');
    expect(lead.lastOutcome).toBe('appointment');
    expect(lead.nextStep?.action).toBe('appointment');
  }

  it('a webhook later than the wait: the call is closed without transcript, then re-opened and decided once', async () => {
    h.sim.setProfile({ transcriptDelayMs: 8_000 });
    const { call, leadId } = await runOneCall('late webhook');
    const closed = await waitFor(
      'the call closed without transcript',
      async () => {
        const c = await getCall(call.callId);
        return c.closedWithoutTranscriptAt ? c : undefined;
      },
      20_000,
    );
    expect(closed.transcript).toBeNull();
    expect((await getLead(leadId)).status).toBe('completed');
    expect((await getLead(leadId)).lastOutcome).toBeNull();
    expect(await eventCounts(call.callId)).not.toHaveProperty('CallTranscriptReady');

    const done = await analysed(call.callId);
    const lead = await waitFor('the lead re-decided', async () => {
      const l = await getLead(leadId);
      return l.lastOutcome ? l : undefined;
    });
    expectBooked(done, lead);
    const counts = await eventCounts(call.callId);
    expect(counts).toMatchObject({ CallTranscriptReady: 1, CallCompleted: 1, AppointmentScheduled: 1 });
    h.sim.setProfile({ transcriptDelayMs: 0 });
  });

  it('a lost webhook: the post-call job finds the transcript by asking ElevenLabs', async () => {
    h.sim.setProfile({ transcriptWebhookLossRate: 1 });
    const before = h.sim.stats().webhookDeliveries;
    const { call, leadId } = await runOneCall('lost webhook');
    const done = await analysed(call.callId);
    const lead = await waitFor('the lead decided', async () => {
      const l = await getLead(leadId);
      return l.lastOutcome ? l : undefined;
    });
    expectBooked(done, lead);
    expect(done.elevenlabs.conversationId).toMatch(/^conv_/);

    // GET /api/leads/:id shows what the call learned, with the phone in full.
    const shown = await h.client.call<Record<string, unknown>>('GET', `/api/leads/${leadId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: leadId,
      phone: expect.stringMatching(/^\+1\d{10}$/),
      lastOutcome: 'appointment',
      qualification: { appointmentAt: done.qualification!.appointmentAt!.toISOString() },
      nextStep: { action: 'appointment', at: done.qualification!.appointmentAt!.toISOString() },
    });
    expect((await h.client.call('GET', '/api/leads/lead_nope')).status).toBe(404);
    expect(h.sim.stats().webhookDeliveries).toBeGreaterThan(before); // Twilio's callbacks still came
    expect(await eventCounts(call.callId)).toMatchObject({ CallTranscriptReady: 1, CallCompleted: 1 });
    h.sim.setProfile({ transcriptWebhookLossRate: 0 });
  });

  it.each([
    ['our TwiML came too late for Twilio', { twimlAnswerLossRate: 1 }, /^conv_/],
    ["Twilio's request for our TwiML never reached us", { twimlRequestLossRate: 1 }, null],
  ] as const)(
    '%s: the agent never joined, so the call closes as failed within the wait',
    async (name, fault, conversationId) => {
      h.sim.setProfile(fault);
      const { call, leadId } = await runOneCall(name);
      // Registered with ElevenLabs and never started, or never registered at all.
      if (conversationId) expect(call.elevenlabs.conversationId).toMatch(conversationId);
      else expect(call.elevenlabs.conversationId).toBeNull();
      const lead = await waitFor('the lead decided', async () => {
        const l = await getLead(leadId);
        return l.lastOutcome ? l : undefined;
      });
      expect(lead).toMatchObject({ status: 'exhausted', lastOutcome: 'failed' }); // one attempt allowed
      const closed = await getCall(call.callId);
      expect(closed).toMatchObject({ status: 'completed', outcome: 'failed', transcript: null });
      expect(closed.closedWithoutTranscriptAt ?? null).toBeNull();
      const counts = await eventCounts(call.callId);
      expect(counts).toMatchObject({ CallFailed: 1 });
      expect(counts).not.toHaveProperty('CallTranscriptReady');
      h.sim.setProfile({ twimlAnswerLossRate: 0, twimlRequestLossRate: 0 });
    },
  );

  it('duplicate webhooks: the transcript is stored once and every event published once', async () => {
    h.sim.setProfile({ duplicateTranscriptRate: 1 });
    const deliveriesBefore = h.sim.stats().webhookDeliveries;
    const { call } = await runOneCall('duplicate webhooks');
    const done = await analysed(call.callId);
    await h.sim.idle();
    const jobs = (await h.api.queues.postCall.getJobs(['completed', 'waiting', 'delayed', 'active'])).filter(
      (job) => job.data.callId === call.callId,
    );
    // The call's own job and at most one for the transcript (none if the call's job had already fetched and
    // stored it), however many deliveries.
    expect(jobs.filter((job) => job.id !== `post-${call.callId}`).length).toBeLessThanOrEqual(1);
    expect((await getCall(call.callId)).transcript).toEqual(done.transcript);
    // queued, ringing, in-progress, completed, plus the post-call webhook twice
    expect(h.sim.stats().webhookDeliveries - deliveriesBefore).toBeGreaterThanOrEqual(6);
    expect(await eventCounts(call.callId)).toMatchObject({
      CallTranscriptReady: 1,
      CallCompleted: 1,
      AppointmentScheduled: 1,
    });
    h.sim.setProfile({ duplicateTranscriptRate: 0 });
  });

  it('no worker running when the transcript comes: it waits on the call and is decided once a worker is back', async () => {
    h.sim.setProfile({ transcriptDelayMs: 1_500 });
    const { call, leadId } = await runOneCall('worker down');
    await stopWorkers();
    await h.sim.idle(); // the webhook came while no worker ran
    expect((await getCall(call.callId)).transcript).toBeNull();
    await new Promise((r) => setTimeout(r, 4_000)); // past the wait, with nobody to close the call
    await startWorkerProcess();
    const done = await analysed(call.callId);
    const lead = await waitFor('the lead decided', async () => {
      const l = await getLead(leadId);
      return l.lastOutcome ? l : undefined;
    });
    expectBooked(done, lead);
    expect(await eventCounts(call.callId)).toMatchObject({ CallTranscriptReady: 1, CallCompleted: 1 });
    h.sim.setProfile({ transcriptDelayMs: 0 });
  });
});
