import { startHarness, type Harness } from '../support/harness';
import { reconcileOverdueCalls, RECONCILE_GRACE_SEC } from '../../src/services/call-reconciler';
import { isOverdue } from '../../src/scheduling/stale-calls';
import { MAX_CALL_SEC, RING_TIMEOUT_SEC, type Call } from '../../src/domain/call';
import { callRecord } from '../support/call-record';
import { jobIds } from '../../src/queues/payloads';

function overdueCandidate(callId: string, callSid: string | null, createdAt: Date): Call {
  return callRecord({ callId, attemptId: `${callId}-attempt` }, createdAt, {
    leadId: `lead-of-${callId}`,
    campaignId: 'cmp-reconcile',
    to: '+13125550123',
    from: '+13125550100',
    status: 'ringing',
    twilio: { callSid, answeredBy: null },
    timeline: [],
  });
}

describe('isOverdue', () => {
  const limits = { ringSec: RING_TIMEOUT_SEC, maxCallSec: MAX_CALL_SEC, graceSec: RECONCILE_GRACE_SEC };
  const now = new Date('2026-11-25T18:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it.each([
    [
      'a call within its longest possible life',
      overdueCandidate('a', 'CA1', ago(RING_TIMEOUT_SEC + MAX_CALL_SEC)),
      false,
    ],
    [
      'a call past it and the grace period',
      overdueCandidate('b', 'CA2', ago(RING_TIMEOUT_SEC + MAX_CALL_SEC + RECONCILE_GRACE_SEC + 1)),
      true,
    ],
    ['a call never placed (no sid): the dial job owns it', overdueCandidate('c', null, ago(100_000)), false],
  ])('%s → %s', (_name, call, expected) => {
    expect(isOverdue(call, now, limits)).toBe(expected);
  });
});

describe('reconcileOverdueCalls against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ profile: { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 } });
  });
  afterAll(() => h.close());

  it('settles a call whose final webhook never reached us', async () => {
    // Callbacks go to a closed port: our side never hears that the call ended.
    const dead = 'http://127.0.0.1:9/dead';
    const { callSid } = await h.api.deps.telephony.placeCall({
      to: '+13125550123',
      from: '+13125550100',
      connectUrl: dead,
      statusCallbackUrl: dead,
      recordingCallbackUrl: dead,
      machineDetection: 'Enable',
      ringTimeoutSec: RING_TIMEOUT_SEC,
      timeLimitSec: MAX_CALL_SEC,
    });
    await h.sim.idle();
    const old = new Date(
      h.clock.now().getTime() - (RING_TIMEOUT_SEC + MAX_CALL_SEC + RECONCILE_GRACE_SEC + 60) * 1000,
    );
    await h.api.deps.calls.createForAttempt(overdueCandidate('call-overdue', callSid, old));
    await h.api.deps.calls.createForAttempt(overdueCandidate('call-fresh', 'CAfresh', h.clock.now()));

    expect(await reconcileOverdueCalls(h.api.deps)).toBe(1);
    expect((await h.api.deps.calls.get('call-overdue'))?.status).toBe('busy');
    expect((await h.api.deps.calls.get('call-fresh'))?.status).toBe('ringing');
    expect(await h.api.queues.postCall.getJob(jobIds.postCall('call-overdue'))).toBeDefined();
    // A second pass finds nothing left to settle.
    expect(await reconcileOverdueCalls(h.api.deps)).toBe(0);
  });
});
