import type { Campaign, CampaignStatus, QueueingProgress } from '../domain/campaign';
import type { Lead, LeadStatus } from '../domain/lead';
import type { Call, CallStatus, CallOutcome, TranscriptSegment } from '../domain/call';
import type { Callee } from '../domain/call-context';
import type { DomainEvent } from '../domain/events';
import type { Consent, NewConsent } from '../domain/consent';
import type { ComplianceRecord } from '../domain/compliance-record';
import type { RowError, Upload, UploadStatus } from '../domain/upload';
import type { NextStep, Qualification } from '../domain/qualification';
import type { Conversation } from './voice-agent.port';

export type NewCampaign = Omit<Campaign, 'id' | 'status' | 'createdAt'>;
export type NewLead = Omit<
  Lead,
  | 'id'
  | 'status'
  | 'attempts'
  | 'lastOutcome'
  | 'blockedReasons'
  | 'qualification'
  | 'nextStep'
  | 'createdAt'
  | 'updatedAt'
>;
export type LeadPatch = Partial<
  Pick<
    Lead,
    'status' | 'attempts' | 'lastOutcome' | 'blockedReasons' | 'consentId' | 'qualification' | 'nextStep'
  >
>;

export interface CampaignRepository {
  create(input: NewCampaign): Promise<Campaign>;
  get(id: string): Promise<Campaign | null>;
  /** A page of every campaign, newest first (createdAt, then id), behind `after` when given. */
  listPage(page: CampaignPage): Promise<Campaign[]>;
  /** Every campaign in one of `statuses`, newest first: for sweeps over the open ones, which stay few. */
  listByStatus(statuses: readonly CampaignStatus[]): Promise<Campaign[]>;
  /** Compare-and-set: null when the campaign is not in one of `from`. */
  transition(id: string, from: readonly CampaignStatus[], to: CampaignStatus): Promise<Campaign | null>;
  setQueueing(id: string, progress: Partial<QueueingProgress>): Promise<void>;
}

/** A page of the campaign listing: `after` is the (createdAt, id) of the last campaign of the previous page. */
export interface CampaignPage {
  after?: { createdAt: Date; id: string };
  limit: number;
}

export interface LeadRepository {
  /**
   * Unique per (campaign, phone): a duplicate answers { duplicate: true } in its place and changes nothing; the
   * leads beside it are saved all the same. Answers in the order given.
   */
  insertMany(leads: readonly NewLead[]): Promise<Array<{ lead: Lead } | { duplicate: true }>>;
  get(id: string): Promise<Lead | null>;
  update(id: string, patch: LeadPatch, events?: DomainEvent[]): Promise<Lead | null>;
  /** Moves a lead only if it is in one of `from` (so a final lead never comes back to life). */
  transition(
    id: string,
    from: readonly LeadStatus[],
    patch: LeadPatch,
    events?: DomainEvent[],
  ): Promise<Lead | null>;
  /**
   * What a conversation decided, for the attempt that had it: applied while the lead is open and not on a later
   * attempt, or was closed on this one without a transcript (completed, no outcome); the lead is then on this
   * attempt. Not "exactly on it": the dial job's own save of the attempt (recordDialing) can be lost with its
   * worker and come only after the call ended. Null otherwise.
   */
  recordCallResult(
    id: string,
    attemptNumber: number,
    patch: LeadPatch,
    events?: DomainEvent[],
  ): Promise<Lead | null>;
  /**
   * The attempt's call was placed: the lead is dialing on it, unless it is final or its result for this attempt
   * (or a later one) is already recorded, which a re-run of a dial job killed after placing can find. Null then.
   */
  recordDialing(id: string, attemptNumber: number): Promise<Lead | null>;
  /** `transition` of many leads in one update, without events; a lead not in one of `from` stays as it is. */
  transitionMany(ids: readonly string[], from: readonly LeadStatus[], patch: LeadPatch): Promise<void>;
  /** A page of the campaign's leads in (rowNumber, id) order, behind `after` when given. */
  listByCampaign(
    campaignId: string,
    page: { after?: LeadPosition; limit: number },
    statuses?: readonly LeadStatus[],
  ): Promise<Lead[]>;
  /**
   * Every lead of the campaign in one of `statuses`, `size` at a time, in no particular order: only the id and
   * attempts, all that queueing and cancelling need (a whole lead is twenty times the bytes to read and decode).
   */
  eachByCampaign(
    campaignId: string,
    statuses: readonly LeadStatus[],
    size: number,
  ): AsyncIterable<Array<Pick<Lead, 'id' | 'attempts'>>>;
  listByPhone(phone: string): Promise<Lead[]>;
  /** Whether any lead of the campaign can still move on: one indexed lookup, not a count. */
  hasOpen(campaignId: string): Promise<boolean>;
  countByStatus(campaignId: string): Promise<Record<string, number>>;
  countByOutcome(campaignId: string): Promise<Record<string, number>>;
}

export interface LeadPosition {
  rowNumber: number;
  id: string;
}

export interface ConsentRepository {
  create(input: NewConsent): Promise<Consent>;
  /** Answers in the order given. */
  createMany(inputs: readonly NewConsent[]): Promise<Consent[]>;
  get(id: string): Promise<Consent | null>;
  revoke(id: string, at: Date): Promise<Consent | null>;
  revokeForPhone(phone: string, at: Date): Promise<number>;
}

export interface DncEntry {
  phone: string;
  reason: string;
  source: string;
  addedAt: Date;
}

export interface InternalDncRepository {
  add(entry: DncEntry): Promise<void>;
  remove(phone: string): Promise<boolean>;
  contains(phone: string): Promise<boolean>;
  /** In phone order, behind `after` (a phone) when given. */
  list(page: PageRequest): Promise<DncEntry[]>;
}

export interface CallAnalysis {
  conversationId: string;
  transcript: TranscriptSegment[];
  summary: string | null;
  sentiment: NonNullable<Call['sentiment']>;
  intent: string;
  outcome: CallOutcome;
  durationSec: number | null;
  language?: string;
  analysisSource?: 'elevenlabs' | 'local';
  qualification?: Qualification;
  nextStep?: NextStep;
}

/** A call's place in the (createdAt, callId) order of the call listings. */
export interface CallPage {
  after?: { createdAt: Date; callId: string };
  limit: number;
}

/**
 * `call` is null when there is no such call. Not `claimed`: the call had ended, or a request came before (a
 * replay), whose TwiML is `earlier` ('' while that answer is still being made).
 */
export interface ConnectClaim {
  call: Call | null;
  claimed: boolean;
  earlier: string;
  /** The lead as it was when the call was placed; null for a call stored without it (before it was kept). */
  callee: Callee | null;
}

export interface CallRepository {
  /**
   * One call per attempt: a second create for the same attemptId returns the first. The callee is kept for the
   * connect webhook's claim (without it, that webhook reads the lead).
   */
  createForAttempt(call: Call, callee?: Callee): Promise<{ created: boolean; call: Call }>;
  /** Names the compliance check that allows a call not yet placed (status still 'created'). */
  assignCheck(callId: string, complianceCheckId: string): Promise<void>;
  get(callId: string): Promise<Call | null>;
  /** Oldest first; `page` continues behind a call returned earlier and caps the count. */
  listByLead(leadId: string, page?: CallPage): Promise<Call[]>;
  listActive(page?: CallPage): Promise<Call[]>;
  /** Open calls with no status change since `silentSince` whose next carrier check is due at `now`, oldest first. */
  listDueForCheck(silentSince: Date, now: Date, limit: number): Promise<Call[]>;
  /**
   * Moves the call's next check to `nextAt` if it is still due by `dueBy`: false when another pass already
   * moved it or the call is final, so each check is made by one replica.
   */
  scheduleCheck(callId: string, dueBy: Date, nextAt: Date): Promise<boolean>;
  countPlacedSince(phone: string, since: Date): Promise<Date[]>;
  /** Stores the carrier's sid (again, if it is the same one); null when the call already has another. */
  setCallSid(callId: string, callSid: string, events: DomainEvent[]): Promise<Call | null>;
  /**
   * The carrier took the call: its sid and events stored and the call moved from `created` to `queued`, in one
   * write when no webhook got there first (then only the sid and events, as setCallSid).
   */
  recordPlaced(callId: string, callSid: string, at: Date, events: DomainEvent[]): Promise<void>;
  /** Forward-only: null when `status` would not move the call on (duplicate or late webhook). */
  advance(
    callId: string,
    status: CallStatus,
    at: Date,
    source: string,
    extra: { durationSec?: number; answeredBy?: string; outcome?: CallOutcome },
    events: DomainEvent[],
  ): Promise<Call | null>;
  /** False when there is no such call. */
  attachRecording(callId: string, recording: NonNullable<Call['recording']>): Promise<boolean>;
  /** The first connect webhook of a call still open claims it; the answer carries the call in either case. */
  claimConnect(callId: string, at: Date): Promise<ConnectClaim>;
  /** The TwiML the connect webhook answered, with the conversation it started (kept if one is known already). */
  recordConnectAnswer(callId: string, twiml: string, conversationId: string | null): Promise<void>;
  /**
   * Keeps the conversation a webhook delivered until the post-call job analyses it (nothing accepted is lost if
   * the job runs much later), and names it the call's conversation; ignored once the call's analysis is stored.
   * False when ignored.
   */
  attachConversation(callId: string, conversation: Conversation): Promise<boolean>;
  /**
   * The call with the conversation a webhook left for the post-call job (null if none) and the lead as it was when
   * the call was placed (null for a call stored without it), in one read.
   */
  getWithConversation(
    callId: string,
  ): Promise<{ call: Call; receivedConversation: Conversation | null; callee: Callee | null } | null>;
  /** The post-call wait gave up: the call is marked, once, until a transcript still comes. */
  closeWithoutTranscript(callId: string, at: Date): Promise<boolean>;
  /** Sets the outcome once (with its events): false when an outcome was already recorded. */
  recordOutcome(callId: string, outcome: CallOutcome, events: DomainEvent[]): Promise<boolean>;
  /** Stores the analysis once (and re-opens a call closed without transcript): null when it was already stored. */
  completeAnalysis(callId: string, analysis: CallAnalysis, events: DomainEvent[]): Promise<Call | null>;
}

export interface ComplianceRecordRepository {
  /** An id for a record not stored yet: the dial path names the record in the call before storing both. */
  nextId(): string;
  append(record: ComplianceRecord): Promise<void>;
  listByLead(leadId: string): Promise<ComplianceRecord[]>;
  listByAttempt(attemptId: string): Promise<ComplianceRecord[]>;
  listByCampaign(campaignId: string): AsyncIterable<ComplianceRecord>;
}

export interface StoredEvent extends DomainEvent {
  publishedAt: Date | null;
}

export interface EventOutbox {
  /**
   * Moves events recorded on up to `limit` calls and `limit` leads into the outbox collection; idempotent by
   * eventId. Answers the events moved: fewer than `limit` means no call or lead was left holding any at its read.
   */
  collect(limit: number): Promise<number>;
  unpublished(limit: number): Promise<StoredEvent[]>;
  markPublished(eventIds: string[], at: Date): Promise<void>;
  /** In (occurredAt, eventId) order; `after` continues behind a position returned earlier. */
  list(filter: {
    published?: boolean;
    callId?: string;
    leadId?: string;
    after?: EventPosition;
    limit: number;
  }): Promise<StoredEvent[]>;
}

export interface EventPosition {
  occurredAt: Date;
  eventId: string;
}

/** A page of a listing in key order: `after` is the key of the last item of the previous page. */
export interface PageRequest {
  after?: string;
  limit: number;
}

export type UploadCounts = Pick<Upload, 'accepted' | 'rejected' | 'errorCounts' | 'firstErrors'>;

export interface UploadRepository {
  start(campaignId: string, at: Date): Promise<Upload>;
  /** The counts so far, while the upload is still being read. */
  progress(id: string, counts: Pick<Upload, 'accepted' | 'rejected'>): Promise<void>;
  finish(
    id: string,
    status: Exclude<UploadStatus, 'receiving'>,
    counts: UploadCounts,
    at: Date,
  ): Promise<void>;
  /** Stores rejected rows as one more part of the upload's full error report (parts are read back in order). */
  appendErrors(id: string, part: number, rows: readonly RowError[]): Promise<void>;
  errors(id: string): AsyncIterable<RowError>;
  get(id: string): Promise<Upload | null>;
  /** Newest first. */
  listByCampaign(campaignId: string, page: PageRequest): Promise<Upload[]>;
}

/** A number of the account a campaign may call from, added by an admin (the env ones are not stored). */
export interface CallerIdEntry {
  phone: string;
  note: string | null;
  addedBy: string;
  addedAt: Date;
}

export interface CallerIdRepository {
  /** Keyed by phone: adding a number twice keeps the first entry. */
  add(entry: CallerIdEntry): Promise<CallerIdEntry>;
  remove(phone: string): Promise<boolean>;
  contains(phone: string): Promise<boolean>;
  /** In phone order. */
  list(): Promise<CallerIdEntry[]>;
}
