import type { Campaign } from '../domain/campaign';
import type { DialLimits } from '../ports/dial-permits.port';
import { effectiveGlobalCps, type DialRate } from '../scheduling/dial-rate';
import type { Settings } from './deps';

/**
 * The limits a campaign's calls count against now: its own, and the configured global ones with the global rate
 * lowered by back-pressure. Back-pressure only lowers the rate handed to the permits: their admission holds when
 * callers ask for different rates, each send admitted under its own cap, never above the configured one.
 */
export function dialLimitsOf(
  settings: Pick<Settings, 'globalMaxConcurrentCalls' | 'globalCallsPerSecond'>,
  campaign: Pick<Campaign, 'limits'>,
  rate: DialRate,
): DialLimits {
  return {
    globalMaxConcurrent: settings.globalMaxConcurrentCalls,
    campaignMaxConcurrent: campaign.limits.maxConcurrentCalls,
    globalCallsPerSecond: effectiveGlobalCps(settings.globalCallsPerSecond, rate),
    campaignCallsPerSecond: campaign.limits.callsPerSecond,
  };
}
