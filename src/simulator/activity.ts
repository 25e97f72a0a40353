/** Counts unfinished background work (playing calls, webhooks) so tests can wait for quiet. */
export class ActivityTracker {
  private pending = 0;
  private waiters: Array<() => void> = [];

  /** Registers the work synchronously, so a caller that has just queued something is never seen as idle. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending++;
    return work.finally(() => {
      this.pending--;
      if (this.pending === 0) {
        const waiters = this.waiters;
        this.waiters = [];
        waiters.forEach((resolve) => resolve());
      }
    });
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
