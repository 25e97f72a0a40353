import type { SharedTurns } from '../ports/shared-turns.port';
import { startPeriodic } from './periodic';

export interface SharedPacing {
  /** The next pass after one that found work. */
  busyMs: number;
  /** The next pass after one that found nothing. */
  idleMs: number;
  /**
   * How long a pass may run before another replica may start one too: a holder that dies mid-pass delays the
   * next pass by at most this. Passes must be safe to run side by side (they are, only rarer).
   */
  leaseMs: number;
}

/**
 * Periodic work that one replica does for all of them: every replica asks for the turn when it is free, the one
 * that gets it runs `pass` (true: it found work) and holds the turn until the next pass is due; the others sleep
 * until then. With no `turns` (one process), the same pacing in-process. A failed pass is retried after busyMs.
 */
export function startSharedPeriodic(
  turns: SharedTurns | null,
  name: string,
  pass: () => Promise<boolean>,
  pacing: SharedPacing,
  onError: (err: Error) => void,
): { stop(): Promise<void> } {
  let nextMs = pacing.busyMs;
  return startPeriodic(
    async () => {
      nextMs = pacing.busyMs;
      const wait = turns ? await turns.take(name, pacing.leaseMs) : 0;
      if (wait > 0) {
        nextMs = wait;
        return;
      }
      try {
        nextMs = (await pass()) ? pacing.busyMs : pacing.idleMs;
      } finally {
        await turns?.hold(name, nextMs);
      }
    },
    () => nextMs,
    onError,
  );
}
