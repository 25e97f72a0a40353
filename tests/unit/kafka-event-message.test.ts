import { eventMessage } from '../../src/adapters/kafka/event-message';
import { makeEvent } from '../../src/domain/events';

const at = new Date('2026-03-04T19:00:01.000Z');

describe('the Kafka record value (seed event shape)', () => {
  it('puts eventType, callId, leadId and the event fields at the top level', () => {
    const event = makeEvent(
      'CallFailed',
      'lead_1',
      {
        callId: null,
        leadId: 'lead_1',
        campaignId: 'cmp_1',
        payload: { reason: 'TCPA_VIOLATION', violations: ['NO_CONSENT'] },
      },
      at,
    );
    expect(eventMessage(event)).toEqual({
      eventType: 'CallFailed',
      eventId: 'CallFailed:lead_1',
      callId: null,
      leadId: 'lead_1',
      campaignId: 'cmp_1',
      timestamp: '2026-03-04T19:00:01.000Z',
      reason: 'TCPA_VIOLATION',
      violations: ['NO_CONSENT'],
    });
  });

  it('never lets a payload field replace the envelope', () => {
    const event = makeEvent(
      'CallAnswered',
      'call_1',
      {
        callId: 'call_1',
        leadId: 'lead_1',
        campaignId: 'cmp_1',
        payload: { eventType: 'x', leadId: 'other', answeredBy: 'human' },
      },
      at,
    );
    expect(eventMessage(event)).toMatchObject({
      eventType: 'CallAnswered',
      leadId: 'lead_1',
      answeredBy: 'human',
    });
  });
});
