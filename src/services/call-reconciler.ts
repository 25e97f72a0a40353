import { CALL_STATUSES, MAX_CALL_SEC, RING_TIMEOUT_SEC, isTerminal, type CallStatus } from '../domain/call';
import { isOverdue } from '../scheduling/stale-calls';
import { moduleLogger } from '../logger';
import type { Deps } from './deps';

const log = moduleLogger('call-reconciler');

/** Webhooks can be lost; after this long past its latest possible end, a call is looked up at the carrier. */
export const RECONCILE_GRACE_SEC = 120;

/**
 * One pass: every call still open past its latest possible end is fetched from the carrier; a final status
 * there is applied as if its webhook had come (slot freed, post-call work queued). Safe on every replica:
 * the forward-only update lets one of them win.
 */
export async function reconcileOverdueCalls(
  deps: Pick<Deps, 'calls' | 'telephony' | 'permits' | 'scheduler' | 'clock'>,
): Promise<number> {
  const now = deps.clock.now();
  let settled = 0;
  for (const call of await deps.calls.listActive()) {
    if (
      !isOverdue(call, now, {
        ringSec: RING_TIMEOUT_SEC,
        maxCallSec: MAX_CALL_SEC,
        graceSec: RECONCILE_GRACE_SEC,
      })
    )
      continue;
    try {
      const carrier = await deps.telephony.fetchCall(call.twilio.callSid!);
      const status = carrier.status as CallStatus;
      if (!CALL_STATUSES.includes(status) || !isTerminal(status)) continue;
      const moved = await deps.calls.advance(call.callId, status, now, 'reconciler', {}, []);
      if (!moved) continue;
      await deps.permits.release(call.callId, call.campaignId);
      await deps.scheduler.enqueuePostCall({ callId: call.callId });
      settled += 1;
      log.warn('settled a call whose final webhook never came', {
        callId: call.callId,
        leadId: call.leadId,
        status,
      });
    } catch (err) {
      log.warn('could not reconcile call', { callId: call.callId, error: (err as Error).message });
    }
  }
  return settled;
}

/** Runs reconcileOverdueCalls every `intervalMs` until stopped. */
export function startCallReconciler(deps: Parameters<typeof reconcileOverdueCalls>[0], intervalMs = 30_000) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = reconcileOverdueCalls(deps).catch((err) =>
      log.warn('reconcile pass failed', { error: (err as Error).message }),
    );
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
