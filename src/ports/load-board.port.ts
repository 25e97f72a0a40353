import type { DialRate } from '../scheduling/dial-rate';

/** One process's view of its own load over the last second. */
export interface LoadReport {
  role: 'api' | 'worker';
  /** p99 of this process's event-loop delay (what the governor reads). */
  eventLoopLagMs: number;
  /** Its longest stall: what BullMQ's lock renewal has to outlast. */
  eventLoopMaxMs: number;
  /** p95 of the webhooks this process answered (API only; null when it answered none). */
  webhookAnswerMs: number | null;
}

/**
 * The load signals every replica shares: each process's report, the calls whose final webhook never came, and
 * the dial rate in force. Shared so that a dialer replica slows down for an API process it is not part of.
 */
export interface LoadBoard {
  report(processId: string, report: LoadReport): Promise<void>;
  /** The reports made within the last `maxAgeMs`. */
  reports(maxAgeMs: number): Promise<LoadReport[]>;
  noteUnsettledCall(callId: string): Promise<void>;
  /** Calls noted as unsettled within the last `windowMs`. */
  unsettledCalls(windowMs: number): Promise<number>;
  /** The throttle in force (read at most about once a second per process: it changes once a second). */
  dialRate(): Promise<DialRate>;
  setDialRate(rate: DialRate): Promise<void>;
  /** True for one caller per `periodMs` across all replicas: the one that decides the rate this period. */
  claimDecision(periodMs: number): Promise<boolean>;
}
