import type {
  CallRepository,
  CallerIdRepository,
  CampaignRepository,
  ComplianceRecordRepository,
  ConsentRepository,
  EventOutbox,
  InternalDncRepository,
  LeadRepository,
  UploadRepository,
} from '../ports/repositories.port';
import type { TelephonyPort } from '../ports/telephony.port';
import type { VoiceAgentPort } from '../ports/voice-agent.port';
import type { DncRegistry } from '../ports/dnc-registry.port';
import type { DialPermits, KillSwitch } from '../ports/dial-permits.port';
import type { Clock } from '../ports/clock.port';
import type { WorkScheduler } from '../ports/work-scheduler.port';
import type { LoadBoard } from '../ports/load-board.port';
import type { OperationsReadModel } from '../ports/operations.port';

export interface Repositories {
  campaigns: CampaignRepository;
  leads: LeadRepository;
  consents: ConsentRepository;
  internalDnc: InternalDncRepository;
  /** Caller ids added by an admin, besides `settings.callerIds`. */
  callerIds: CallerIdRepository;
  calls: CallRepository;
  complianceRecords: ComplianceRecordRepository;
  outbox: EventOutbox;
  uploads: UploadRepository;
}

export interface Settings {
  publicBaseUrl: string;
  globalMaxConcurrentCalls: number;
  globalCallsPerSecond: number;
  defaultAgentId: string;
  defaultCallerId: string;
  /** Largest lead upload accepted, in bytes (MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** How long the post-call job waits for a transcript before closing the call without one. */
  transcriptWaitMs: number;
  /** The account's numbers a campaign may call from (TWILIO_PHONE_NUMBER and CALLER_IDS). */
  callerIds: readonly string[];
}

/** Everything a processor, route or service may use; built once in src/container.ts. */
export interface Deps extends Repositories {
  scheduler: WorkScheduler;
  telephony: TelephonyPort;
  voiceAgent: VoiceAgentPort;
  registry: DncRegistry;
  permits: DialPermits;
  killSwitch: KillSwitch;
  /** Load signals shared by every replica, and the dial rate they set. */
  load: LoadBoard;
  clock: Clock;
  settings: Settings;
  /** Read-only aggregates for the dashboard and /metrics. */
  operations: OperationsReadModel;
}
