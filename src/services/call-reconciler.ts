import { CALL_STATUSES, isTerminal, type CallStatus } from '../domain/call';
import {
  CARRIER_CHECK,
  planCarrierCheck,
  silentSince,
  type CarrierCheckPacing,
} from '../scheduling/stale-calls';
import { moduleLogger } from '../logger';
import { startPeriodic } from './periodic';
import type { Deps } from './deps';

const log = moduleLogger('call-reconciler');

/** The carrier's API also places our calls: each replica asks about at most this many calls per pass. */
export const RECONCILE_BATCH = 20;

/**
 * One pass: open calls we have not heard about for a while and whose check is due are fetched from the carrier;
 * a final status there is applied as if its webhook had come (slot freed, post-call work queued). Safe on every
 * replica: moving a call's next check is the claim, so one replica asks, and the forward-only update lets one
 * writer settle it.
 */
export async function reconcileSilentCalls(
  deps: Pick<Deps, 'calls' | 'telephony' | 'permits' | 'scheduler' | 'clock' | 'load'>,
  pacing: CarrierCheckPacing = CARRIER_CHECK,
): Promise<number> {
  const now = deps.clock.now();
  let settled = 0;
  for (const call of await deps.calls.listDueForCheck(silentSince(now, pacing), now, RECONCILE_BATCH)) {
    const plan = planCarrierCheck(call, now, pacing);
    const claimed = await deps.calls.scheduleCheck(call.callId, now, plan.nextAt);
    if (!claimed || !plan.ask) continue;
    try {
      const carrier = await deps.telephony.fetchCall(call.twilio.callSid!);
      const status = carrier.status as CallStatus;
      if (!CALL_STATUSES.includes(status) || !isTerminal(status)) continue;
      const moved = await deps.calls.advance(call.callId, status, now, 'reconciler', {}, []);
      if (!moved) continue;
      await deps.permits.release(call.callId, call.campaignId);
      await deps.scheduler.enqueuePostCall({ callId: call.callId });
      // A lost final webhook is a sign of a system that cannot follow its calls: the dialer slows for it.
      await deps.load.noteUnsettledCall(call.callId);
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

/**
 * Runs reconcileSilentCalls every `intervalMs` until stopped. The interval only adds to the quiet period a lost
 * webhook waits out; a pass that finds nothing due is one indexed query.
 */
export function startCallReconciler(
  deps: Parameters<typeof reconcileSilentCalls>[0],
  pacing: CarrierCheckPacing,
  intervalMs: number,
) {
  return startPeriodic(
    () => reconcileSilentCalls(deps, pacing),
    intervalMs,
    (err) => log.warn('reconcile pass failed', { error: err.message }),
  );
}
