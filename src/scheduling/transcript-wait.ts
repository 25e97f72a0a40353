/** The first look comes soon (the webhook usually follows the call within seconds); the pauses then grow. */
const FIRST_PAUSE_MS = 2_000;
/** However long the wait, ElevenLabs is asked at least this often. */
const LONGEST_PAUSE_MS = 5 * 60_000;

/**
 * When the post-call job looks for a call's transcript next: after a pause half as long as it has waited so far
 * (2 s, then growing to 5 minutes), and never past the end of the wait. Null once `waitMs` has passed since the
 * call ended: time to close the call without a transcript.
 */
export function transcriptWaitUntil(callEndedAt: Date, now: Date, waitMs: number): Date | null {
  const deadline = callEndedAt.getTime() + waitMs;
  if (now.getTime() >= deadline) return null;
  const waited = Math.max(0, now.getTime() - callEndedAt.getTime());
  const pause = Math.min(LONGEST_PAUSE_MS, Math.max(FIRST_PAUSE_MS, waited / 2));
  return new Date(Math.min(now.getTime() + pause, deadline));
}
