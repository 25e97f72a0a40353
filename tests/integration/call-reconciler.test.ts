import { startHarness, type Harness } from '../support/harness';
import { reconcileSilentCalls, RECONCILE_BATCH } from '../../src/services/call-reconciler';
import { CARRIER_CHECK } from '../../src/scheduling/stale-calls';
import type { Clock } from '../../src/ports/clock.port';
import { isTerminal, MAX_CALL_SEC, RING_TIMEOUT_SEC, type Call } from '../../src/domain/call';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { callRecord } from '../support/call-record';
import { waitFor } from '../support/wait';

const DEAD = 'http://127.0.0.1:9/dead';
const plus = (at: Date, sec: number) => new Date(at.getTime() + sec * 1000);

/** A call record written at `at`, as the carrier's last callback left it. */
function ringingCall(callId: string, callSid: string, at: Date): Call {
  return callRecord({ callId, attemptId: `${callId}-attempt` }, at, {
    leadId: `lead-of-${callId}`,
    campaignId: 'cmp-reconcile',
    to: '+13125550123',
    from: '+13125550100',
    status: 'ringing',
    twilio: { callSid, answeredBy: null },
  });
}

describe('call reconciler against the simulator', () => {
  let h: Harness;
  let fetchCall: jest.SpyInstance;
  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 },
    });
  });
  beforeEach(() => {
    fetchCall = jest.spyOn(h.api.deps.telephony, 'fetchCall');
  });
  afterEach(() => fetchCall.mockRestore());
  afterAll(() => h.close());

  /**
   * One pass as a replica's reconciler would run it at `at`: a clock set there instead of a wait, and stopped,
   * so that a check due at exactly `at` is due however long the pass takes.
   */
  const passAt = (at: Date) => {
    const clock: Clock = { now: () => at };
    return reconcileSilentCalls({ ...h.api.deps, clock });
  };

  it('settles a call whose final status callback was lost, one quiet period after its last status', async () => {
    const { campaignId, phone } = await oneLeadCampaign(h, 'lost');
    h.sim.loseNextFinalStatusCallbacks(1);
    await h.client.control(campaignId, 'start');
    await waitFor('the call to end at the carrier', async () =>
      h.sim.calls().some((c) => c.to === phone && c.finalCallbackLost && c.status === 'busy')
        ? true
        : undefined,
    );
    await h.sim.idle();

    const [lead] = (await h.client.leads(campaignId)).leads;
    const [open] = await h.api.deps.calls.listByLead(lead!.id);
    // Without the final callback our side still sees it ringing, holding its slot and its lead.
    expect(open!.status).toBe('ringing');
    expect(lead!.status).toBe('dialing');
    expect(await h.api.deps.permits.activeCount(campaignId)).toBe(1);
    const lastStatusAt = open!.timeline.at(-1)!.at;

    // Callbacks could still be on their way: nobody asks the carrier yet.
    expect(await passAt(plus(lastStatusAt, CARRIER_CHECK.quietSec - 1))).toBe(0);
    expect(fetchCall).not.toHaveBeenCalled();
    // One quiet period is enough: no need to wait out the call's longest possible life (ring + 15 minutes).
    expect(await passAt(plus(lastStatusAt, CARRIER_CHECK.quietSec))).toBe(1);
    expect(fetchCall).toHaveBeenCalledTimes(1);

    const settled = await h.api.deps.calls.get(open!.callId);
    expect(settled?.status).toBe('busy');
    expect(settled?.timeline.at(-1)).toMatchObject({ status: 'busy', source: 'reconciler' });
    expect(await h.api.deps.permits.activeCount(campaignId)).toBe(0);
    // Post-call work ran as for a delivered callback: the lead's only attempt is used up.
    await waitFor('campaign done', async () =>
      (await h.client.campaign(campaignId)).status === 'done' ? true : undefined,
    );
    expect((await h.client.leads(campaignId)).leads[0]).toMatchObject({
      status: 'exhausted',
      lastOutcome: 'busy',
    });
    // A final call is never looked at again.
    expect(await passAt(plus(lastStatusAt, 3600))).toBe(0);
    expect(fetchCall).toHaveBeenCalledTimes(1);
  });

  it('asks about a call still open at the carrier again only after a wait that grows with its age', async () => {
    h.sim.setProfile({ ringMs: [600_000, 600_000] });
    const { callSid } = await h.api.deps.telephony.placeCall({
      to: '+13125550123',
      from: '+13125550100',
      connectUrl: DEAD,
      statusCallbackUrl: DEAD,
      recordingCallbackUrl: DEAD,
      machineDetection: 'Enable',
      ringTimeoutSec: RING_TIMEOUT_SEC,
      timeLimitSec: MAX_CALL_SEC,
    });
    const placed = h.clock.now();
    await h.api.deps.calls.createForAttempt(ringingCall('call-live', callSid, placed));
    const asksAt = async (sec: number) => {
      expect(await passAt(plus(placed, sec))).toBe(0);
      return fetchCall.mock.calls.length;
    };

    expect(await asksAt(CARRIER_CHECK.quietSec)).toBe(1);
    // Still ringing at the carrier: the next question waits the shortest interval (the call is young) …
    expect(await asksAt(CARRIER_CHECK.quietSec + 1)).toBe(1);
    expect(await asksAt(CARRIER_CHECK.quietSec + CARRIER_CHECK.minIntervalSec - 1)).toBe(1);
    const second = CARRIER_CHECK.quietSec + CARRIER_CHECK.minIntervalSec;
    expect(await asksAt(second)).toBe(2);
    // … then half the call's age.
    expect(await asksAt(second + second / 2 - 1)).toBe(2);
    expect(await asksAt(second + second / 2)).toBe(3);
    expect((await h.api.deps.calls.get('call-live'))?.status).toBe('ringing');
  });

  it('asks about at most a batch of silent calls per pass, oldest first; calls with recent news take no place', async () => {
    const at = h.clock.now();
    const ids = Array.from({ length: RECONCILE_BATCH + 5 }, (_, i) => `call-batch-${i}`);
    for (const [i, callId] of ids.entries())
      await h.api.deps.calls.createForAttempt(ringingCall(callId, `CAbatch${i}`, plus(at, i)));
    const passTime = plus(at, ids.length + CARRIER_CHECK.quietSec);
    // Older calls, but answered just now: nothing to ask about, however many there are.
    for (let i = 0; i < RECONCILE_BATCH; i++) {
      const callId = `call-fresh-${i}`;
      await h.api.deps.calls.createForAttempt(ringingCall(callId, `CAfresh${i}`, plus(at, -1000)));
      await h.api.deps.calls.advance(callId, 'in-progress', passTime, 'twilio:status', {}, []);
    }

    // The carrier knows none of these sids: each question fails, is logged, and waits for its next turn.
    await passAt(passTime);
    expect(fetchCall.mock.calls.map(([sid]) => sid)).toEqual(
      ids.slice(0, RECONCILE_BATCH).map((_, i) => `CAbatch${i}`),
    );
    await passAt(passTime);
    expect(fetchCall.mock.calls.slice(RECONCILE_BATCH).map(([sid]) => sid)).toEqual(
      ids.slice(RECONCILE_BATCH).map((_, i) => `CAbatch${RECONCILE_BATCH + i}`),
    );
    await passAt(passTime);
    expect(fetchCall).toHaveBeenCalledTimes(ids.length);
    for (const callId of ids) expect(isTerminal((await h.api.deps.calls.get(callId))!.status)).toBe(false);
  });
});
