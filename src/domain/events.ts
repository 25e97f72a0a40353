import type { Call, CallOutcome, CallStatus, TranscriptSegment } from './call';
import type { NextStep, Qualification } from './qualification';
import { outcomeView, sentimentView, transcriptView, type SentimentView } from './call-view';

export const EVENT_TYPES = [
  'CallInitiated',
  'CallAnswered',
  'CallCompleted',
  'CallFailed',
  'CallTranscriptReady',
  'AppointmentScheduled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  /** Deterministic (type + call or lead + step), so a re-sent event keeps its id and consumers can de-duplicate. */
  eventId: string;
  type: EventType;
  occurredAt: Date;
  callId: string | null;
  leadId: string;
  campaignId: string;
  payload: Record<string, unknown>;
}

export function makeEvent(
  type: EventType,
  key: string,
  fields: Omit<DomainEvent, 'eventId' | 'type' | 'occurredAt'>,
  occurredAt: Date,
): DomainEvent {
  return { eventId: `${type}:${key}`, type, occurredAt, ...fields };
}

/** An event about one call, keyed by the call: one event of each type per call. */
export function callEvent(
  type: EventType,
  call: { callId: string; leadId: string; campaignId: string },
  payload: Record<string, unknown>,
  occurredAt: Date,
): DomainEvent {
  return makeEvent(
    type,
    call.callId,
    { callId: call.callId, leadId: call.leadId, campaignId: call.campaignId, payload },
    occurredAt,
  );
}

/**
 * The message consumers read (Kafka's value): the seed README's flat shape, `eventType` and the event's own
 * fields beside the envelope's ids, so a consumer of the service we replace reads it unchanged.
 */
export function eventMessage(event: DomainEvent): Record<string, unknown> {
  // Envelope fields win over a payload field of the same name.
  return {
    ...event.payload,
    eventType: event.type,
    eventId: event.eventId,
    callId: event.callId,
    leadId: event.leadId,
    campaignId: event.campaignId,
    timestamp: event.occurredAt.toISOString(),
  };
}

type CallRef = Pick<Call, 'callId' | 'leadId' | 'campaignId'>;

/**
 * The call exists at Twilio. The conversation starts only once a person answers, so `conversationId` is null
 * here unless the call already has one; CallTranscriptReady carries it.
 */
export function callInitiated(
  call: CallRef & Pick<Call, 'attemptId' | 'attemptNumber' | 'elevenlabs'>,
  callSid: string,
  at: Date,
): DomainEvent {
  return callEvent(
    'CallInitiated',
    call,
    {
      callSid,
      conversationId: call.elevenlabs.conversationId,
      attemptId: call.attemptId,
      attemptNumber: call.attemptNumber,
    },
    at,
  );
}

export function callAnswered(call: CallRef, answeredBy: string | null, at: Date): DomainEvent {
  return callEvent('CallAnswered', call, { timestamp: at.toISOString(), answeredBy }, at);
}

/** A call that ended at the carrier as `status`, with what it came to (a conversation's outcome or voicemail). */
export function callCompleted(
  call: CallRef,
  fields: {
    status: CallStatus;
    durationSec: number | null;
    outcome: CallOutcome;
    intent?: string;
    sentiment?: SentimentView;
    qualification?: Qualification;
    nextStep?: NextStep;
  },
  at: Date,
): DomainEvent {
  const { durationSec, outcome, ...rest } = fields;
  return callEvent(
    'CallCompleted',
    call,
    { ...rest, duration: durationSec, outcome: outcomeView(outcome) },
    at,
  );
}

/** A dialed call that reached no one (busy, no-answer, failed): `reason` is that outcome, no violation. */
export function callFailed(
  call: CallRef,
  fields: { reason: string; status: CallStatus; durationSec: number | null },
  at: Date,
): DomainEvent {
  return callEvent(
    'CallFailed',
    call,
    { reason: fields.reason, violations: [], status: fields.status, duration: fields.durationSec },
    at,
  );
}

/**
 * Compliance refused an attempt, so no call exists: `callId` is the one the attempt would have had (the one
 * POST /api/calls/initiate answered), the event is keyed by the attempt. Only the campaign's own attempt cap
 * is not a TCPA matter.
 */
export function attemptBlocked(
  attempt: { attemptId: string; callId: string; leadId: string; campaignId: string },
  violations: readonly string[],
  at: Date,
): DomainEvent {
  const onlyLimit = violations.every((code) => code === 'ATTEMPT_LIMIT');
  return makeEvent(
    'CallFailed',
    attempt.attemptId,
    {
      callId: attempt.callId,
      leadId: attempt.leadId,
      campaignId: attempt.campaignId,
      payload: {
        attemptId: attempt.attemptId,
        reason: onlyLimit ? 'ATTEMPT_LIMIT_REACHED' : 'TCPA_VIOLATION',
        violations: [...violations],
      },
    },
    at,
  );
}

/** The transcript in the same shape GET /api/calls/:callId/transcript answers. */
export function callTranscriptReady(
  call: CallRef,
  fields: {
    conversationId: string;
    segments: readonly TranscriptSegment[];
    durationSec: number | null;
    sentimentScore: number;
    summary: string | null;
    language?: string;
  },
  at: Date,
): DomainEvent {
  return callEvent(
    'CallTranscriptReady',
    call,
    {
      conversationId: fields.conversationId,
      transcript: transcriptView(fields.segments, fields.durationSec),
      sentiment: sentimentView(fields.sentimentScore),
      summary: fields.summary,
      turns: fields.segments.length,
      language: fields.language,
    },
    at,
  );
}

/** The lead agreed to a meeting during the call: when, where, and the conversation's summary. */
export function appointmentScheduled(
  call: CallRef,
  fields: { appointmentAt: Date | null; propertyAddress: string | null; summary: string | null },
  at: Date,
): DomainEvent {
  return callEvent('AppointmentScheduled', call, fields, at);
}
