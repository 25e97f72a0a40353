import type { CallStatus, SimulatorStats, WebhookKind } from './types';

const CPS_WINDOW_MS = 1000;
const RECENT_ERRORS_KEPT = 10;

/** Exact counters for dialing-limit tests: every number is updated at the moment the event happens. */
export class StatsRecorder {
  private creates = 0;
  private readonly createsByTo: Record<string, number> = {};
  private readonly createTimestamps: number[] = [];
  /** Index of the oldest create still inside the CPS window ending at the latest create. */
  private windowStart = 0;
  private maxCallsPerSecond = 0;
  private activeCalls = 0;
  private maxConcurrentCalls = 0;
  private readonly finalStatuses: Partial<Record<CallStatus, number>> = {};
  private webhookDeliveries = 0;
  private webhookFailures = 0;
  private webhookGiveUps = 0;
  private readonly webhookGiveUpsByKind: Partial<Record<WebhookKind, number>> = {};
  private readonly recentWebhookErrors: string[] = [];
  private injectedCreateFailures = 0;
  private droppedCreateResponses = 0;
  private conversationsRefused = 0;

  /** How many creates this number has had before now (0 for the first call). */
  callsTo(to: string): number {
    return this.createsByTo[to] ?? 0;
  }

  createAccepted(to: string, at: number): void {
    this.creates++;
    this.createsByTo[to] = this.callsTo(to) + 1;
    this.createTimestamps.push(at);
    while ((this.createTimestamps[this.windowStart] ?? at) <= at - CPS_WINDOW_MS) this.windowStart++;
    this.maxCallsPerSecond = Math.max(
      this.maxCallsPerSecond,
      this.createTimestamps.length - this.windowStart,
    );
    this.activeCalls++;
    this.maxConcurrentCalls = Math.max(this.maxConcurrentCalls, this.activeCalls);
  }

  callEnded(status: CallStatus): void {
    this.activeCalls--;
    this.finalStatuses[status] = (this.finalStatuses[status] ?? 0) + 1;
  }

  webhookDelivered(): void {
    this.webhookDeliveries++;
  }

  webhookFailed(error: string): void {
    this.webhookFailures++;
    this.recentWebhookErrors.push(error);
    if (this.recentWebhookErrors.length > RECENT_ERRORS_KEPT) this.recentWebhookErrors.shift();
  }

  webhookGaveUp(kind: WebhookKind): void {
    this.webhookGiveUps++;
    this.webhookGiveUpsByKind[kind] = (this.webhookGiveUpsByKind[kind] ?? 0) + 1;
  }

  createFailureInjected(): void {
    this.injectedCreateFailures++;
  }

  createResponseDropped(): void {
    this.droppedCreateResponses++;
  }

  conversationRefused(): void {
    this.conversationsRefused++;
  }

  snapshot(): SimulatorStats {
    return {
      creates: this.creates,
      createsByTo: { ...this.createsByTo },
      createTimestamps: [...this.createTimestamps],
      activeCalls: this.activeCalls,
      maxConcurrentCalls: this.maxConcurrentCalls,
      maxCallsPerSecond: this.maxCallsPerSecond,
      finalStatuses: { ...this.finalStatuses },
      webhookDeliveries: this.webhookDeliveries,
      webhookFailures: this.webhookFailures,
      webhookGiveUps: this.webhookGiveUps,
      webhookGiveUpsByKind: { ...this.webhookGiveUpsByKind },
      recentWebhookErrors: [...this.recentWebhookErrors],
      injectedCreateFailures: this.injectedCreateFailures,
      droppedCreateResponses: this.droppedCreateResponses,
      conversationsRefused: this.conversationsRefused,
    };
  }
}
