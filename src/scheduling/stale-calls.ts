import type { Call } from '../domain/call';

/**
 * A call whose final status should have arrived by now: it rang for at most `ringSec`, talked for at most
 * `maxCallSec`, and `graceSec` covers webhook delays. Such a call is asked about at the carrier.
 */
export function isOverdue(
  call: Call,
  now: Date,
  limits: { ringSec: number; maxCallSec: number; graceSec: number },
): boolean {
  if (!call.twilio.callSid) return false;
  const ageSec = (now.getTime() - call.createdAt.getTime()) / 1000;
  return ageSec > limits.ringSec + limits.maxCallSec + limits.graceSec;
}
