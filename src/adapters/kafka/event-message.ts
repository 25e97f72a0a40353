import type { DomainEvent } from '../../domain/events';

/**
 * The record value consumers read, in the seed service's event shape: `eventType`, `callId`, `leadId` and the
 * event's own fields (`callSid`, `reason`, `violations`, ...) at the top level, plus the id to de-duplicate by
 * and when it happened. Envelope fields win over a payload field of the same name.
 */
export function eventMessage(event: DomainEvent): Record<string, unknown> {
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
