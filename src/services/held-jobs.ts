import { setTimeout as sleep } from 'node:timers/promises';
import { KILL_SWITCH_SCOPE, type WorkScheduler } from '../ports/work-scheduler.port';
import type { KillSwitch } from '../ports/dial-permits.port';
import { moduleLogger } from '../logger';

const log = moduleLogger('held-jobs');

/**
 * A job noted as held just as the wake ran was not waiting yet (its worker was about to delay it): the second
 * look, this much later, wakes it. One that misses both looks at its next recheck (heldRecheckDelayMs).
 */
export const SECOND_WAKE_AFTER_MS = 2_000;

/**
 * Resume and the kill switch's release: the jobs they held run now, not at their next look. Never throws (it
 * runs after the request has answered); a failure leaves the jobs to their rechecks and is logged.
 */
export async function wakeHeldJobs(scheduler: WorkScheduler, scope: string): Promise<void> {
  try {
    const first = await scheduler.wakeHeld(scope);
    await sleep(SECOND_WAKE_AFTER_MS, undefined, { ref: false });
    const second = await scheduler.wakeHeld(scope, first.notWaiting);
    log.info('woke held jobs', { scope, woken: first.woken + second.woken });
  } catch (err) {
    log.warn('could not wake held jobs: they look again on their own', {
      scope,
      error: (err as Error).message,
    });
  }
}

/** Engages or releases the kill switch for every replica; released, the dial jobs it held run now. */
export async function setKillSwitch(
  deps: { killSwitch: KillSwitch; scheduler: WorkScheduler },
  engaged: boolean,
): Promise<void> {
  await deps.killSwitch.set(engaged);
  if (!engaged) void wakeHeldJobs(deps.scheduler, KILL_SWITCH_SCOPE);
}
