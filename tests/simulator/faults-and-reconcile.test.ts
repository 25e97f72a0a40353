import { createTwilioClient } from '../../src/adapters/twilio/twilio-client';
import { ALWAYS_HUMAN, FROM, startHarness, type Harness } from './support';

const MARIA = '+15551230001';
const JAMES = '+15551230002';

describe('simulator: REST reconciliation and injected faults', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('lists calls filtered by To and StartTime (calls.list) and fetches one', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    const before = new Date(Date.now() - 1000);
    const a = await h.dial(MARIA);
    const b = await h.dial(JAMES);
    const c = await h.dial(MARIA);

    const toMaria = await h.twilioClient.calls.list({ to: MARIA, startTimeAfter: before });
    // Newest first, like Twilio.
    expect(toMaria.map((call) => call.sid)).toEqual([c.sid, a.sid]);
    expect(toMaria[0]).toMatchObject({ to: MARIA, from: FROM, direction: 'outbound-api' });
    expect(
      await h.twilioClient.calls.list({ to: MARIA, startTimeAfter: new Date(Date.now() + 5000) }),
    ).toEqual([]);
    expect((await h.twilioClient.calls.list({ from: FROM })).map((call) => call.sid)).toEqual([
      c.sid,
      b.sid,
      a.sid,
    ]);

    const fetched = await h.twilioClient.calls(b.sid).fetch();
    expect(fetched.to).toBe(JAMES);
    expect(fetched.dateCreated).toBeInstanceOf(Date);
    await h.sim.idle();
    expect((await h.twilioClient.calls(b.sid).fetch()).status).toBe('completed');
  });

  it('pages through a long list with the SDK', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    for (let i = 0; i < 5; i++) await h.dial(MARIA);
    const page = await h.twilioClient.calls.page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const all = await h.twilioClient.calls.list({ pageSize: 2 });
    expect(all).toHaveLength(5);
  });

  it('answers 404 for an unknown call', async () => {
    h = await startHarness();
    await expect(h.twilioClient.calls('CA' + '0'.repeat(32)).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('failNextCreates: the SDK gets a 429 RestException and no call is created', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    h.sim.failNextCreates(1, 429);
    await expect(h.dial(MARIA)).rejects.toMatchObject({ status: 429, code: 20429 });
    h.sim.failNextCreates(1, 500);
    await expect(h.dial(MARIA)).rejects.toMatchObject({ status: 500, code: 20500 });
    const ok = await h.dial(MARIA);
    expect(ok.sid).toMatch(/^CA/);
    expect(h.sim.stats()).toMatchObject({ creates: 1, injectedCreateFailures: 2 });
    expect(h.sim.calls()).toHaveLength(1);
  });

  it('dropNextCreateResponses: the call exists and plays, the SDK sees a dead socket, the list finds it', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    const before = new Date();
    h.sim.dropNextCreateResponses(1);
    await expect(h.dial(MARIA)).rejects.toThrow();
    const found = await h.twilioClient.calls.list({ to: MARIA, startTimeAfter: before });
    expect(found).toHaveLength(1);
    await h.sim.idle();
    expect(h.receiver.status.at(-1)?.params).toMatchObject({
      CallSid: found[0]!.sid,
      CallStatus: 'completed',
    });
    expect(h.sim.calls()[0]?.responseDropped).toBe(true);
    expect(h.sim.stats()).toMatchObject({ creates: 1, droppedCreateResponses: 1 });
  });

  it('loseNextFinalStatusCallbacks: the call ends at the carrier without its last callback; a fetch shows it', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    h.sim.loseNextFinalStatusCallbacks(1);
    const lost = await h.dial(MARIA);
    const told = await h.dial(JAMES);
    await h.sim.idle();
    const statuses = (sid: string) =>
      h.receiver.status.filter((s) => s.params['CallSid'] === sid).map((s) => s.params['CallStatus']);
    expect(statuses(lost.sid)).toEqual(['queued', 'ringing', 'in-progress']);
    expect(statuses(told.sid)).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    expect((await h.twilioClient.calls(lost.sid).fetch()).status).toBe('completed');
    expect(h.sim.calls().map((c) => c.finalCallbackLost)).toEqual([true, false]);
  });

  it('rejects bad Basic auth with 401 and a missing Url with a Twilio 400', async () => {
    h = await startHarness();
    const wrong = createTwilioClient({
      accountSid: 'AC' + 'f'.repeat(32),
      authToken: 'nope',
      apiBaseUrl: h.sim.url,
    });
    await expect(wrong.calls.list({})).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(h.twilioClient.calls.create({ to: MARIA, from: FROM })).rejects.toMatchObject({
      status: 400,
      code: 21205,
      moreInfo: 'https://www.twilio.com/docs/errors/21205',
    });
    expect(h.sim.stats().creates).toBe(0);
  });

  it('duplicateWebhookRate 1 delivers every status callback twice with the same SequenceNumber', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, duplicateWebhookRate: 1 } });
    await h.dial(MARIA);
    await h.sim.idle();
    expect(h.receiver.status.map((s) => s.params['SequenceNumber'])).toEqual([
      '0',
      '0',
      '1',
      '1',
      '2',
      '2',
      '3',
      '3',
    ]);
  });

  it('reorderWebhooks delivers ringing after in-progress for some calls', async () => {
    h = await startHarness({ profile: { ...ALWAYS_HUMAN, reorderWebhooks: true } });
    for (let i = 0; i < 8; i++) await h.dial(MARIA);
    await h.sim.idle();
    const bySid = new Map<string, string[]>();
    for (const s of h.receiver.status) {
      bySid.set(s.params['CallSid']!, [...(bySid.get(s.params['CallSid']!) ?? []), s.params['CallStatus']!]);
    }
    const orders = [...bySid.values()].map((statuses) => statuses.join(','));
    expect(orders).toContain('queued,in-progress,ringing,completed');
    expect(orders).toContain('queued,ringing,in-progress,completed');
  });

  it('retries a failed status callback and counts the failure', async () => {
    h = await startHarness({ profile: ALWAYS_HUMAN });
    h.receiver.failNextStatus(1);
    await h.dial(MARIA);
    await h.sim.idle();
    expect(h.receiver.status.map((s) => s.params['CallStatus'])).toEqual([
      'queued',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(h.sim.stats()).toMatchObject({ webhookFailures: 1, webhookGiveUps: 0 });
    expect(h.sim.stats().recentWebhookErrors[0]).toContain('HTTP 500');
  });

  it('gives up on an unreachable webhook after the retries', async () => {
    h = await startHarness({ profile: { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 } });
    await h.dial(MARIA, { statusCallback: 'http://127.0.0.1:1/status', statusCallbackEvent: undefined });
    await h.sim.idle();
    expect(h.sim.stats()).toMatchObject({ webhookFailures: 3, webhookGiveUps: 1 });
  });
});
