export interface DialLimits {
  globalMaxConcurrent: number;
  globalCallsPerSecond: number;
  campaignMaxConcurrent: number;
  campaignCallsPerSecond: number;
}

export type PermitAnswer = { granted: true } | { granted: false; retryInMs: number; reason: 'no-slot' };

/** A send time reserved for one call: wait `waitMs`, then send at once. Refused when it is too far off. */
export type SendReservation = { reserved: true; waitMs: number } | { reserved: false; retryInMs: number };

/**
 * Call slots and pacing shared by every worker replica. A slot is a lease: held from dial to the call's final
 * status, and it expires on its own if that status never arrives. Pacing is a reservation of the send time,
 * taken right before the request to the carrier, so that nothing slow sits between the two.
 */
export interface DialPermits {
  acquire(callId: string, campaignId: string, limits: DialLimits): Promise<PermitAnswer>;
  reserveSend(campaignId: string, limits: DialLimits): Promise<SendReservation>;
  release(callId: string, campaignId: string): Promise<void>;
  activeCount(campaignId?: string): Promise<number>;
}

/** The global stop: when engaged, no replica places a new call. */
export interface KillSwitch {
  isEngaged(): Promise<boolean>;
  set(engaged: boolean): Promise<void>;
}
