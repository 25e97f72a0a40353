export interface DialLimits {
  globalMaxConcurrent: number;
  globalCallsPerSecond: number;
  campaignMaxConcurrent: number;
  campaignCallsPerSecond: number;
}

/** `waited`: the slot was not free at the first ask (the caller's view of the world may be stale). */
export type PermitAnswer =
  { granted: true; waited: boolean } | { granted: false; retryInMs: number; reason: 'no-slot' };

/**
 * This call's turn to be sent has come (send at once, then call `sent` when the carrier's answer or error is
 * back), or is too far off (ask again in `retryInMs`).
 */
/** A send time reserved `waitMs` from now, or none that near (ask again in `retryInMs`). */
export type SendReservation = { reserved: true; waitMs: number } | { reserved: false; retryInMs: number };

/** The rates that space a campaign's sends, as in force now (back-pressure included). */
export type PaceRates = Pick<DialLimits, 'globalCallsPerSecond' | 'campaignCallsPerSecond'>;

/**
 * A dial job's first answer: go (take a slot and a send time now); come back for its pacing turn; wait asleep for a
 * slot, with `behind` calls to end before its turn (it is woken when it comes); or, its campaign having room, wait
 * shortly for the global limit.
 */
export type DialTurn =
  | { kind: 'go' }
  | { kind: 'pacing'; retryInMs: number }
  | { kind: 'no-slot'; behind: number; waitedMs: number }
  | { kind: 'global-full'; retryInMs: number };

export type SendTurn =
  | { granted: true; sent(): Promise<void> }
  | { granted: false; retryInMs: number }
  | { granted: false; killSwitchEngaged: true };

/**
 * Call slots and pacing shared by every worker replica. A slot is a lease: held from dial to the call's final
 * status, and it expires on its own if that status never arrives. Pacing is a reservation of the send time,
 * taken right before the request to the carrier and admitted against the sends that could still arrive in the
 * same second, so that no delay between the limit and the carrier can squeeze sends together.
 */
export interface DialPermits {
  /**
   * The dial job's first question: its place in its campaign's slot line (the first as many as there are free
   * slots may go), then, if it may go, its turn in the pacing line as with `sendTurnDelayMs`. A job told to wait for a
   * slot is woken when its turn comes (a release, or any job's question, finds it among the first free places).
   */
  dialTurn(callId: string, campaignId: string, limits: DialLimits): Promise<DialTurn>;
  /** A call that will not take a slot now (blocked, held, stopped) gives up its place in the slot line. */
  leaveSlotLine(callId: string, campaignId: string): Promise<void>;
  /** Takes a call slot, asking again for up to `waitUpToMs` while none is free; holding it, the call leaves the line. */
  acquire(callId: string, campaignId: string, limits: DialLimits, waitUpToMs?: number): Promise<PermitAnswer>;
  /**
   * 0 when this call should go for its send time now, else how long its job should wait before asking again: its
   * turn in the campaign's line (calls told to go or to come back, not yet reserved), so that each comes back
   * about when its send could be reserved. Reserves no send time: a job asks this before doing any work for a
   * send it could not make, and the compliance job asks it to queue the dial job for that moment.
   */
  sendTurnDelayMs(callId: string, campaignId: string, rates: PaceRates): Promise<number>;
  /**
   * Reserves this call's send time under every calls-per-second limit, when it is near enough to wait for;
   * otherwise the call takes its turn in the line, as with `sendTurnDelayMs`.
   */
  reserveSend(callId: string, campaignId: string, limits: DialLimits): Promise<SendReservation>;
  /**
   * Waits out a reservation; resolves when this call may be sent, and the request must then follow at once. Never
   * granted while the kill switch is engaged (asked in the same step as the admission).
   */
  awaitSendTurn(
    callId: string,
    campaignId: string,
    limits: DialLimits,
    reservation: { waitMs: number },
  ): Promise<SendTurn>;
  /** Frees the call's slot (and its place in the line): the next call in line whose turn has come is woken. */
  release(callId: string, campaignId: string): Promise<void>;
  activeCount(campaignId?: string): Promise<number>;
  /** A cancelled campaign's slot line is dropped, with the places of every job in it. */
  forgetSlotLine(campaignId: string): Promise<void>;
  /** Calls of the campaign told to wait for a slot, asleep in its line (a place given up is counted until forgotten). */
  waitingForSlot(campaignId: string): Promise<number>;
  /** Sends (all campaigns) admitted within the last second or still waiting for the carrier's answer. */
  activeSends(): Promise<number>;
  /** Campaigns whose pacing line holds calls told to come back later (see callsToWakeEarly). */
  campaignsWithCallsToComeBack(): Promise<string[]>;
  /**
   * Calls asleep in the campaign's pacing line well past the moment their send could now be reserved (the line
   * moved faster than when they were told): their places are kept as if they had come back, and their jobs should
   * run now.
   */
  callsToWakeEarly(campaignId: string, rates: PaceRates): Promise<string[]>;
}

/** The global stop: when engaged, no replica places a new call. */
export interface KillSwitch {
  isEngaged(): Promise<boolean>;
  set(engaged: boolean): Promise<void>;
}
