import type { FrequencyCap } from '../calling-rules';
import { violation } from '../fines';
import type { Violation } from '../types';

const MS_PER_HOUR = 3_600_000;

export interface FrequencyLimit {
  violation: Violation;
  /** When enough of the recent calls have aged out of the cap's period. */
  releaseAtMs: number;
}

/**
 * Fla. Stat. § 501.616(6)(b) and its copies: at most `maxCalls` calls per `perHours`. Once that many have been
 * placed, the next may go when the oldest of the last `maxCalls` is `perHours` old. Calls dated after `now`
 * (clock skew between workers) count as recent.
 */
export function checkFrequency(
  callsMs: readonly number[],
  nowMs: number,
  caps: readonly FrequencyCap[],
): FrequencyLimit | null {
  let limit: FrequencyLimit | null = null;
  for (const cap of caps) {
    const periodMs = cap.perHours * MS_PER_HOUR;
    const recent = callsMs.filter((t) => t > nowMs - periodMs).sort((a, b) => b - a);
    const oldestCounted = recent[cap.maxCalls - 1];
    if (oldestCounted === undefined) continue;
    const releaseAtMs = oldestCounted + periodMs;
    if (!limit || releaseAtMs > limit.releaseAtMs) {
      const message = `${recent.length} calls were placed to this number in the last ${cap.perHours} h; ${cap.citation} allows ${cap.maxCalls}, so the next may go at ${new Date(releaseAtMs).toISOString()}.`;
      limit = { violation: violation('FREQUENCY_CAP', message), releaseAtMs };
    }
  }
  return limit;
}
