import type { Call } from '../domain/call';

/** How often the reconciler may ask the carrier about one call. */
export interface CarrierCheckPacing {
  /** Status callbacks of a live call follow one another within seconds; silence this long may be a lost one. */
  quietSec: number;
  /** Bounds of the wait before asking again about a call the carrier still has open. */
  minIntervalSec: number;
  maxIntervalSec: number;
}

/**
 * A call whose final callback was lost is settled about 1.5 minutes after its last status; one that ended
 * after a long conversation within 5 minutes of its end. A 15-minute conversation is asked about 6 times.
 */
export const CARRIER_CHECK: CarrierCheckPacing = { quietSec: 90, minIntervalSec: 60, maxIntervalSec: 300 };

export interface CarrierCheckPlan {
  /** Ask the carrier now. */
  ask: boolean;
  /** When to look at the call again if no final status has arrived by then. */
  nextAt: Date;
}

/**
 * Whether to ask the carrier about an open call now, and when to look at it again. Nothing is asked while
 * callbacks may still be on their way (a status change less than `quietSec` ago). After an answer that the call
 * is still open, the wait grows with the call's age (half of it, within the bounds), so long conversations cost
 * few requests. A call without a sid was never placed as far as we know: the dial job owns it.
 */
export function planCarrierCheck(call: Call, now: Date, pacing = CARRIER_CHECK): CarrierCheckPlan {
  const lastStatusAt = call.timeline[call.timeline.length - 1]?.at ?? call.createdAt;
  const quietFrom = lastStatusAt.getTime() + pacing.quietSec * 1000;
  const ageSec = (now.getTime() - call.createdAt.getTime()) / 1000;
  const intervalSec = Math.min(Math.max(ageSec / 2, pacing.minIntervalSec), pacing.maxIntervalSec);
  const later = new Date(now.getTime() + intervalSec * 1000);
  if (!call.twilio.callSid) return { ask: false, nextAt: later };
  if (now.getTime() < quietFrom) return { ask: false, nextAt: new Date(quietFrom) };
  return { ask: true, nextAt: later };
}
