export interface DialLimits {
  globalMaxConcurrent: number;
  globalCallsPerSecond: number;
  campaignMaxConcurrent: number;
  campaignCallsPerSecond: number;
}

export type PermitAnswer =
  { granted: true } | { granted: false; retryInMs: number; reason: 'no-slot' | 'pacing' };

/**
 * Call slots and pacing shared by every worker replica. A slot is a lease: held from dial to the call's final
 * status, and it expires on its own if that status never arrives.
 */
export interface DialPermits {
  acquire(callId: string, campaignId: string, limits: DialLimits): Promise<PermitAnswer>;
  release(callId: string, campaignId: string): Promise<void>;
  activeCount(campaignId?: string): Promise<number>;
}

/** The global stop: when engaged, no replica places a new call. */
export interface KillSwitch {
  isEngaged(): Promise<boolean>;
  set(engaged: boolean): Promise<void>;
}
