/** Failures armed by a test for the next creates, consumed one create at a time. */
export class CreateFaults {
  private failures: number[] = [];
  private drops = 0;
  private lostFinalCallbacks = 0;

  failNext(n: number, httpStatus: number): void {
    for (let i = 0; i < n; i++) this.failures.push(httpStatus);
  }

  dropNext(n: number): void {
    this.drops += n;
  }

  /** The HTTP status this create must fail with, if one is armed. */
  takeFailure(): number | undefined {
    return this.failures.shift();
  }

  takeDrop(): boolean {
    if (this.drops === 0) return false;
    this.drops--;
    return true;
  }

  loseFinalCallbackOfNext(n: number): void {
    this.lostFinalCallbacks += n;
  }

  takeFinalCallbackLoss(): boolean {
    if (this.lostFinalCallbacks === 0) return false;
    this.lostFinalCallbacks--;
    return true;
  }
}

/** Register-calls armed by a test to answer late: the conversation is registered at once, its TwiML sent later. */
export class RegisterCallStalls {
  private stalls: number[] = [];

  stallNext(n: number, ms: number): void {
    for (let i = 0; i < n; i++) this.stalls.push(ms);
  }

  /** How long this register-call's answer must wait, if a stall is armed. */
  take(): number | undefined {
    return this.stalls.shift();
  }
}
