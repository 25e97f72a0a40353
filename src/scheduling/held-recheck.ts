/** A job held back by a pause or the kill switch looks again this soon at first: a short pause costs little. */
export const FIRST_RECHECK_MS = 1_000;
/**
 * However long the hold, the job looks again at least this often. It is the fallback only: resume and releasing the
 * kill switch wake the held jobs at once, so this bounds the wait of a job that a wake missed (its API process died
 * mid-wake), and the load of a long pause: 10,000 held jobs cost about 17 runs a second.
 */
export const LONGEST_RECHECK_MS = 10 * 60_000;

/**
 * How long a job held back by a pause or the kill switch waits before it looks again: as long as it has been held
 * so far (1 s, 1 s, 2 s, 4 s... up to 10 minutes). Held for an hour, a job runs 16 times instead of 3,600 times
 * once a second: a paused campaign whose jobs come due at 10 a second would otherwise have 36,000 jobs
 * running every second after an hour, and nothing else would run.
 */
export function heldRecheckDelayMs(heldForMs: number): number {
  return Math.min(LONGEST_RECHECK_MS, Math.max(FIRST_RECHECK_MS, heldForMs));
}
