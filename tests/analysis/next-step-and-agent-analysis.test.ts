import { analyzeConversation, type AnalysisMapping } from '../../src/analysis';
import type { Campaign } from '../../src/domain/campaign';
import { MOVED_OUTSIDE_HOURS, nextStepFor } from '../../src/scheduling/next-step';
import { transcriptWaitUntil } from '../../src/scheduling/transcript-wait';
import type { ConversationTurn } from '../../src/ports/voice-agent.port';
import { leadRecord } from '../support/lead-record';

const MAPPING: AnalysisMapping = {
  dataCollection: {
    intent: 'lead_outcome',
    appointmentTime: 'meeting_time',
    callbackTime: 'callback_time',
    timeline: 'sell_timeline',
    price: 'asking_price',
    condition: 'condition',
    motivation: 'motivation',
  },
  evaluation: { dnc_request: 'asked_not_to_call' },
};

const turns = (...lines: string[]): ConversationTurn[] =>
  lines.map((line, i) => ({ role: i % 2 === 0 ? 'agent' : 'user', message: line, timeInCallSecs: i * 5 }));

/** Wednesday 2 December 2026, 13:00 in Chicago. */
const CALL_ENDED = new Date('2026-12-02T19:00:00Z');

const lead = leadRecord(CALL_ENDED);

const rule = { delayMinutes: 60, maxAttempts: 3 };
const campaign: Campaign = {
  id: 'cmp_1',
  name: 'test',
  status: 'running',
  agent: { agentId: 'agent_1' },
  callerId: '+13125550100',
  limits: { maxConcurrentCalls: 5, callsPerSecond: 1, maxAttemptsPerLead: 3 },
  retry: { 'no-answer': rule, busy: rule, failed: rule, voicemail: rule },
  voicemail: { action: 'hangup', message: null },
  callingWindow: null,
  analysis: MAPPING,
  createdAt: CALL_ENDED,
};

const context = { mapping: MAPPING, reference: CALL_ENDED, zone: 'America/Chicago' };

describe("ElevenLabs' analysis through the campaign mapping", () => {
  it('decides the outcome and fills the qualification fields when the transcript says little', () => {
    const result = analyzeConversation(turns('Hi Ana, about 12 Oak St.', 'Mm-hm. Okay.'), {
      ...context,
      summary: 'Wants to sell; booked a visit.',
      agentAnalysis: {
        dataCollection: {
          lead_outcome: 'Appointment',
          meeting_time: 'Friday at 10 am',
          sell_timeline: 'within three months',
          asking_price: '$420,000',
          condition: 'needs a new roof',
          motivation: 'relocating for work',
        },
        evaluation: {},
      },
    });
    expect(result.source).toBe('elevenlabs');
    expect(result.outcome).toBe('appointment');
    expect(result.qualification).toEqual({
      timeline: 'within three months',
      askingPrice: 420_000,
      condition: 'needs a new roof',
      motivation: 'relocating for work',
      appointmentAt: new Date('2026-12-04T16:00:00Z'), // Friday 10:00 in Chicago
      callbackAt: null,
      summary: 'Wants to sell; booked a visit.',
    });
  });

  it('lets a do-not-call request in the words win over the agent, and a successful DNC criterion decide', () => {
    const words = analyzeConversation(turns('Hi Ana.', 'Come by Friday. No, actually, stop calling me.'), {
      ...context,
      agentAnalysis: { dataCollection: { lead_outcome: 'appointment' }, evaluation: {} },
    });
    expect([words.outcome, words.source]).toEqual(['dnc_request', 'local']);
    const criterion = analyzeConversation(turns('Hi Ana.', 'Sure.'), {
      ...context,
      agentAnalysis: {
        dataCollection: { lead_outcome: 'qualified' },
        evaluation: { asked_not_to_call: 'success' },
      },
    });
    expect([criterion.outcome, criterion.source]).toEqual(['dnc_request', 'elevenlabs']);
  });

  it('falls back to the local rules without a mapping, or when the agent names no outcome', () => {
    const analysis = { dataCollection: { lead_outcome: 'appointment' }, evaluation: {} };
    const unmapped = analyzeConversation(turns('Hi.', "No thanks, I'm not interested."), {
      ...context,
      mapping: null,
      agentAnalysis: analysis,
    });
    expect([unmapped.outcome, unmapped.source]).toEqual(['not_interested', 'local']);
    const silent = analyzeConversation(turns('Hi.', "No thanks, I'm not interested."), {
      ...context,
      agentAnalysis: { dataCollection: { lead_outcome: null }, evaluation: {} },
    });
    expect([silent.outcome, silent.source]).toEqual(['not_interested', 'local']);
  });

  it('reads price and timeline from the words when the agent has none', () => {
    const result = analyzeConversation(
      turns('Any plans to sell?', "Maybe next spring. We'd want about $350,000 for it."),
      context,
    );
    expect(result.qualification).toMatchObject({ timeline: 'next spring', askingPrice: 350_000 });
  });
});

describe('next step after a conversation', () => {
  const step = (text: string) => {
    const analysis = analyzeConversation(turns('Is now a good time?', text), context);
    return {
      analysis,
      next: nextStepFor(analysis.outcome, analysis.qualification, lead, campaign, CALL_ENDED),
    };
  };

  it('a callback with a lawful time is due at that time in the lead’s zone', () => {
    const { analysis, next } = step("I'm driving. Call me back Tuesday after 3.");
    expect(analysis.outcome).toBe('callback');
    const tuesday3pm = new Date('2026-12-08T21:00:00Z'); // 15:00 in Chicago
    expect(next).toEqual({ action: 'callback', at: tuesday3pm, requestedAt: tuesday3pm, movedReason: null });
  });

  it('a callback asked for outside calling hours moves to the first lawful minute after it, and says so', () => {
    const { next } = step('Call me back tonight at 10 pm.');
    expect(next.action).toBe('callback');
    expect(next.requestedAt).toEqual(new Date('2026-12-03T04:00:00Z')); // 22:00 Wednesday in Chicago
    // 09:00 Thursday in Chicago: Illinois is not verified yet, so the strictest window (from 9:00) applies.
    expect(next.at).toEqual(new Date('2026-12-03T15:00:00Z'));
    expect(next.movedReason).toBe(MOVED_OUTSIDE_HOURS);
  });

  it('a Spanish callback is read in Spanish', () => {
    const { next } = step('Ahora no puedo hablar. Llámeme mañana a las 5 de la tarde.');
    expect(next).toMatchObject({
      action: 'callback',
      at: new Date('2026-12-03T23:00:00Z'),
      movedReason: null,
    });
  });

  it('a callback without a time waits the campaign’s no-answer delay', () => {
    const { next } = step("Sorry, it's a bad time.");
    expect(next).toEqual({
      action: 'callback',
      at: new Date(CALL_ENDED.getTime() + 60 * 60_000),
      requestedAt: null,
      movedReason: null,
    });
  });

  it('stop for a refusal or a wrong number, dnc for a request, the time for an appointment', () => {
    expect(step("No thanks, I'm not interested.").next.action).toBe('stop');
    expect(step("You've got the wrong number.").next.action).toBe('stop');
    expect(step('Take me off your list.').next.action).toBe('dnc');
    expect(step('Could someone come by Friday at 11 am?').next).toEqual({
      action: 'appointment',
      at: new Date('2026-12-04T17:00:00Z'),
      requestedAt: null,
      movedReason: null,
    });
  });
});

describe('transcript wait', () => {
  const WAIT = 35 * 60_000;
  it('backs off from 2 s to 5 minutes and gives up once the wait has passed', () => {
    const ended = new Date('2026-12-02T19:00:00Z');
    const pauses: number[] = [];
    let now = ended;
    for (
      let until = transcriptWaitUntil(ended, now, WAIT);
      until;
      until = transcriptWaitUntil(ended, now, WAIT)
    ) {
      pauses.push(until.getTime() - now.getTime());
      now = until;
    }
    expect(pauses[0]).toBe(2_000);
    expect(Math.max(...pauses)).toBe(5 * 60_000);
    expect(now.getTime() - ended.getTime()).toBe(WAIT);
    expect(pauses.length).toBeLessThan(30);
  });
});
