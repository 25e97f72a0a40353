/**
 * Periodic work that one replica does for all of them (the outbox relay, the stranded-lead sweep): a named turn
 * that one replica holds at a time, and that its holder keeps for as long as the next pass is not due.
 */
export interface SharedTurns {
  /** Takes `name`'s turn for `leaseMs` if nobody holds it: 0 when taken, else the ms until it is free. */
  take(name: string, leaseMs: number): Promise<number>;
  /** Keeps `name`'s turn for `holdMs` from now: the holder, after its pass, says when the next one is due. */
  hold(name: string, holdMs: number): Promise<void>;
}
