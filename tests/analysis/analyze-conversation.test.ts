import { analyzeConversation, type ConversationOutcome, type Intent } from '../../src/analysis';
import type { ConversationTurn } from '../../src/ports/voice-agent.port';

const OPENING =
  'Hi Ann, this is Alex, an AI assistant with Acme Realty, calling about 12 Oak Ave. You can ask me to stop ' +
  'calling at any time. Is now a good time?';

/** Alternating agent/user turns, the agent first, a few seconds apart. */
function call(...messages: string[]): ConversationTurn[] {
  return messages.map((message, i) => ({
    role: i % 2 === 0 ? 'agent' : 'user',
    message,
    timeInCallSecs: i * 4,
  }));
}

/** A lead's single answer to the opening. */
const reply = (message: string) => analyzeConversation(call(OPENING, message));

describe('analyzeConversation outcome', () => {
  it.each<[string, ConversationOutcome, Intent]>([
    // do-not-call requests, however phrased
    ['Stop calling me. Put me on your do not call list.', 'dnc_request', 'opt_out'],
    ["Don't call me again.", 'dnc_request', 'opt_out'],
    ['Please take me off your list.', 'dnc_request', 'opt_out'],
    ['Remove my number.', 'dnc_request', 'opt_out'],
    ['Unsubscribe.', 'dnc_request', 'opt_out'],
    ['Stop.', 'dnc_request', 'opt_out'],
    ["I'm not interested, and stop calling me.", 'dnc_request', 'opt_out'],
    ['Sounds great, but never call this number again.', 'dnc_request', 'opt_out'],
    // wrong number
    ["There's no Ann here, you've got the wrong number.", 'wrong_number', 'wrong_person'],
    ['No one here by that name.', 'wrong_number', 'wrong_person'],
    ['You have the wrong person, I am not interested.', 'wrong_number', 'wrong_person'],
    // appointment
    [
      "Sure, I'd like to talk about it. Could someone come by Tuesday at 2 pm?",
      'appointment',
      'schedule_meeting',
    ],
    ["Let's schedule a showing.", 'appointment', 'schedule_meeting'],
    ['Thursday afternoon works, I want to sell.', 'appointment', 'schedule_meeting'],
    // callback
    [
      "I'm in the middle of something right now. Can you call me back tomorrow evening?",
      'callback',
      'call_later',
    ],
    ['Call me back Tuesday at 3.', 'callback', 'call_later'],
    ["It's not a good time, I'm driving.", 'callback', 'call_later'],
    ['Try me again next week.', 'callback', 'call_later'],
    // not interested
    ["No thanks, I'm not interested in selling.", 'not_interested', 'no_interest'],
    ["We're not looking to sell.", 'not_interested', 'no_interest'],
    ['I have no plans to sell, we are staying put.', 'not_interested', 'no_interest'],
    ["I'm not really interested.", 'not_interested', 'no_interest'],
    ["I don't think I'm interested.", 'not_interested', 'no_interest'],
    // qualified
    [
      "Actually yes, I've been thinking about selling. What do you think it's worth?",
      'qualified',
      'selling_now',
    ],
    ["I've never really thought about it, but I'd like to know what it's worth.", 'qualified', 'selling_now'],
    ['Not a bad idea, tell me more.', 'qualified', 'interested'],
    ['Maybe next year, once the kids finish school.', 'qualified', 'selling_later'],
    ["We're looking to buy a bigger place.", 'qualified', 'buying'],
  ])('%j → %s', (message, outcome, intent) => {
    expect(reply(message)).toMatchObject({ outcome, intent });
  });

  it('ignores what the agent says: its opt-out notice is no request from the lead', () => {
    const analysis = analyzeConversation(
      call(
        "If you'd like us to stop calling, just say stop and we'll remove your number.",
        "I'm interested, what would my house be worth?",
        'Great, we can set up a free valuation.',
      ),
    );
    expect(analysis).toMatchObject({ outcome: 'qualified', intent: 'selling_now' });
  });

  it('lets a do-not-call request made late in the call win over an appointment made earlier', () => {
    const turns = call(
      OPENING,
      'Sure, come by Tuesday at 3.',
      'Perfect, see you then.',
      'Actually no, do not call me again.',
    );
    expect(analyzeConversation(turns).outcome).toBe('dnc_request');
  });

  it("reads a lead's yes as accepting the meeting or callback the agent just proposed", () => {
    expect(
      analyzeConversation(
        call(OPENING, 'Yes.', 'Would Tuesday at 3 work for a quick visit to the house?', 'Yes, perfect.'),
      ),
    ).toMatchObject({ outcome: 'appointment', intent: 'schedule_meeting' });
    expect(analyzeConversation(call('Can I call you back tomorrow morning?', 'Sure.'))).toMatchObject({
      outcome: 'callback',
    });
    expect(analyzeConversation(call('Would Tuesday at 3 work for a visit?', 'No thanks.')).outcome).toBe(
      'not_interested',
    );
  });

  it.each(["I can't do Tuesday at 3.", "It's not a bad time, go ahead.", "I don't want anyone to come by."])(
    'does not read the negated phrase in %j as what it negates',
    (message) => {
      expect(reply(message).intent).toBe('unclear');
    },
  );

  it.each<[string | null | undefined, ConversationOutcome]>([
    ['success', 'qualified'],
    ['failure', 'not_interested'],
    ['unknown', 'callback'],
    [null, 'callback'],
    [undefined, 'callback'],
  ])('falls back on call_successful=%s when the lead said nothing decisive', (callSuccessful, outcome) => {
    expect(analyzeConversation(call(OPENING, 'Hello? Who is this?'), { callSuccessful })).toMatchObject({
      intent: 'unclear',
      outcome,
    });
  });

  it('treats a call cut off after the greeting as undecided', () => {
    expect(analyzeConversation(call(OPENING))).toMatchObject({ intent: 'unclear', outcome: 'callback' });
    expect(analyzeConversation([])).toMatchObject({
      segments: [],
      sentiment: { overall: 0, label: 'neutral' },
    });
  });
});

describe('analyzeConversation segments and sentiment', () => {
  it('keeps every turn, in order, with its own sentiment', () => {
    const turns = call(
      OPENING,
      'This is great, thank you!',
      'Wonderful.',
      'This is a scam and you are rude.',
    );
    const { segments } = analyzeConversation(turns);
    expect(segments.map(({ role, message, timeInCallSecs }) => ({ role, message, timeInCallSecs }))).toEqual(
      turns,
    );
    expect(segments[1]!.sentiment).toBeGreaterThan(0);
    expect(segments[3]!.sentiment).toBeLessThan(0);
  });

  it("scores the overall sentiment on the lead's turns only", () => {
    const upbeatAgent = call('Wonderful! Great! Fantastic, thank you so much!', 'Whatever.');
    expect(analyzeConversation(upbeatAgent).sentiment).toEqual({ overall: 0, label: 'neutral' });
    expect(analyzeConversation(call(OPENING, 'Stop calling me, this is harassment.')).sentiment.label).toBe(
      'negative',
    );
    expect(analyzeConversation(call(OPENING, 'That sounds great, I would love that.')).sentiment.label).toBe(
      'positive',
    );
  });
});
