/** The first look comes soon (the webhook usually follows the call within seconds); the pauses then grow. */
const FIRST_PAUSE_MS = 2_000;
/** However long the wait, ElevenLabs is asked at least this often. */
const LONGEST_PAUSE_MS = 5 * 60_000;

/**
 * How long after a call's final status its post-call job first runs: a call a person answered and the agent
 * joined has a transcript coming, which usually follows within seconds and wakes the job (one run instead of a
 * look that finds nothing, asks ElevenLabs and waits); any other call has nothing to wait for.
 */
export function firstLookDelayMs(
  call: { status: string; answeredByMachine: boolean; agentJoined: boolean },
  waitMs: number,
): number {
  const transcriptComing = call.status === 'completed' && !call.answeredByMachine && call.agentJoined;
  return transcriptComing ? Math.min(FIRST_PAUSE_MS, waitMs) : 0;
}

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

/**
 * ElevenLabs moves a conversation out of `initiated` when the call's audio reaches it, within the call: a minute
 * after the call ended, one still `initiated` never started.
 */
const NEVER_STARTED_AFTER_MS = 60_000;

/**
 * Whether the agent never joined an answered call, a minute after the call ended (or after the whole transcript
 * wait, if that is shorter):
 * - the conversation registered for it is still `initiated`: Twilio did not get our TwiML in time;
 * - no conversation is known (`conversationStatus` null) and Twilio never asked for the TwiML at all: its
 *   request never reached us (an API too far behind to take it within 15 s), so none could be registered.
 * Either way Twilio played its error and hung up: nobody spoke, so the attempt counts as failed (and may be
 * retried) instead of holding the lead for the whole transcript wait and closing it as if a conversation had
 * happened. A call whose TwiML was asked for but whose conversation is unknown still waits: ElevenLabs' webhook
 * can name it.
 */
export function agentNeverJoined(
  conversationStatus: string | null,
  twimlRequested: boolean,
  callEndedAt: Date,
  now: Date,
  waitMs: number,
): boolean {
  const waited = now.getTime() - callEndedAt.getTime();
  const neverStarted = conversationStatus === 'initiated' || (conversationStatus === null && !twimlRequested);
  return neverStarted && waited >= Math.min(NEVER_STARTED_AFTER_MS, waitMs);
}
