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
