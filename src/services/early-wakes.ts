import type { Deps } from './deps';
import type { WorkScheduler } from '../ports/work-scheduler.port';
import { dialLimitsOf } from './dial-limits';

/**
 * One pass, by one replica a second: the calls asleep in a running campaign's pacing line long past the moment
 * their send could now be reserved are run now. Without it, a rate lowered for a moment leaves the calls it
 * scheduled asleep at that rate after it has climbed back: in bench:dial, 35 s with nothing sent and the last 28
 * calls of 3,000 spread over four minutes. A held campaign's calls (paused, the kill switch) wake with it instead.
 * True when it woke any.
 */
export async function wakeEarlyTurns(
  deps: Pick<Deps, 'permits' | 'campaigns' | 'killSwitch' | 'load' | 'settings'>,
  scheduler: Pick<WorkScheduler, 'wakeDialJobs'>,
): Promise<boolean> {
  if (await deps.killSwitch.isEngaged()) return false;
  const [campaignIds, rate] = await Promise.all([
    deps.permits.campaignsWithCallsToComeBack(),
    deps.load.dialRate(),
  ]);
  const woken = await Promise.all(
    campaignIds.map(async (campaignId) => {
      const campaign = await deps.campaigns.get(campaignId);
      if (campaign?.status !== 'running') return false;
      const callIds = await deps.permits.callsToWakeEarly(
        campaignId,
        dialLimitsOf(deps.settings, campaign, rate),
      );
      if (callIds.length > 0) await scheduler.wakeDialJobs(callIds);
      return callIds.length > 0;
    }),
  );
  return woken.includes(true);
}
