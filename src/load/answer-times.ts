/** Webhook answer times of the current interval, for the load report (p95 of the last second). */
export class AnswerTimes {
  private samples: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
  }

  /** p95 (nearest rank) since the previous take, or null when nothing was answered; starts a new interval. */
  take(): number | null {
    const taken = this.samples.sort((a, b) => a - b);
    this.samples = [];
    return taken.length ? taken[Math.ceil(taken.length * 0.95) - 1]! : null;
  }
}
