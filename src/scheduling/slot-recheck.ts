/**
 * A dial job waiting for a call slot looks again this soon at first. Its wake is what normally runs it; this bounds
 * the wait when a wake was lost (the process that had it died), about as long as a lost wake keeps its place.
 */
export const FIRST_SLOT_RECHECK_MS = 10_000;
/** How long a job waits for each call that has to end before its turn, when it is far back in the line. */
export const PER_CALL_AHEAD_MS = 5_000;
/**
 * However far back, a waiting job looks again at least this often: a fallback for a line that Redis lost, as every
 * job is woken when its turn comes.
 */
export const LONGEST_SLOT_RECHECK_MS = 60 * 60_000;

/**
 * How long a dial job that found no call slot for it waits before it looks again by itself. It is the fallback
 * only: the release of a slot (and any job asking for one) wakes the jobs at the head of the campaign's line
 * whose turn has come. So the head looks again after as long as it has waited (10 s, 10 s, 20 s, 40 s...), and a
 * job with `behind` calls to end before its turn at least 5 s per call, up to an hour: 10,000 leads waiting for 10
 * slots cost about 3 runs a second once they have all waited a while, instead of one run each per second.
 */
export function slotRecheckDelayMs(waitedForMs: number, behind: number): number {
  return Math.min(
    LONGEST_SLOT_RECHECK_MS,
    Math.max(FIRST_SLOT_RECHECK_MS, waitedForMs, behind * PER_CALL_AHEAD_MS),
  );
}
