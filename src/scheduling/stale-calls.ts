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

/** An open call whose status has not changed since this moment may have lost a callback: it is worth a check. */
export function silentSince(now: Date, pacing = CARRIER_CHECK): Date {
  return new Date(now.getTime() - pacing.quietSec * 1000);
}

export interface CarrierCheckPlan {
  /** Ask the carrier now. */
  ask: boolean;
  /** When to check again if the call is still open then. */
  nextAt: Date;
}

/**
 * What to do with a silent call that is due for a check: ask the carrier, unless we never learnt its sid (the
 * dial job owns it). Either way it is looked at again later, after half its age within the bounds, so a long
 * conversation costs a few requests and a lost final status is still found soon after the call ends.
 */
export function planCarrierCheck(call: Call, now: Date, pacing = CARRIER_CHECK): CarrierCheckPlan {
  const ageSec = (now.getTime() - call.createdAt.getTime()) / 1000;
  const intervalSec = Math.min(Math.max(ageSec / 2, pacing.minIntervalSec), pacing.maxIntervalSec);
  return { ask: call.twilio.callSid !== null, nextAt: new Date(now.getTime() + intervalSec * 1000) };
}
