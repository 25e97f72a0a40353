import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkScheduler } from '../ports/work-scheduler.port';
import { moduleLogger } from '../logger';
import { SECOND_WAKE_AFTER_MS } from './held-jobs';

const log = moduleLogger('slot-wakes');

/**
 * Runs the sleeping dial jobs of calls whose turn for a slot has come. A job woken before its worker has put it back
 * as a delayed job (the release came in those few milliseconds) is tried again SECOND_WAKE_AFTER_MS later, as a
 * held job is. One that is still not waiting after the second try is gone (cancelled, done) or running for another
 * reason: it gives up its place, so the slot it was counted for goes to the next in line (woken in turn). Never throws: it runs beside the work that freed the slot,
 * and a job it misses wakes at its own next look.
 */
export function createSlotWaker(
  scheduler: Pick<WorkScheduler, 'wakeDialJobs'>,
  leaveLine: (callId: string, campaignId: string) => Promise<void>,
): (campaignId: string, callIds: string[]) => void {
  return (campaignId, callIds) => {
    void (async () => {
      const missed = await scheduler.wakeDialJobs(callIds);
      if (missed.length === 0) return;
      await sleep(SECOND_WAKE_AFTER_MS, undefined, { ref: false });
      for (const callId of await scheduler.wakeDialJobs(missed)) await leaveLine(callId, campaignId);
    })().catch((err: unknown) =>
      log.warn('could not wake the calls whose turn for a slot came: they look again on their own', {
        campaignId,
        error: (err as Error).message,
      }),
    );
  };
}
