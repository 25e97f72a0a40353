import type { Call } from '../../src/domain/call';

/** A Call record as the dial processor writes it before asking Twilio; tests override what they need. */
export function callRecord(
  ids: { callId: string; attemptId: string },
  at: Date,
  overrides: Partial<Call> = {},
): Call {
  return {
    ...ids,
    attemptNumber: 1,
    leadId: 'lead_x',
    campaignId: 'cmp_x',
    to: '+12125550101',
    from: '+12125550100',
    status: 'created',
    timeline: [{ status: 'created', at, source: 'dial' }],
    twilio: { callSid: null, answeredBy: null },
    elevenlabs: { conversationId: null },
    durationSec: null,
    recording: null,
    transcript: null,
    summary: null,
    sentiment: null,
    intent: null,
    outcome: null,
    complianceCheckId: null,
    overrideReason: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
