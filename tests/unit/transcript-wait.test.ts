import { agentNeverJoined, firstLookDelayMs } from '../../src/scheduling/transcript-wait';

describe('agentNeverJoined', () => {
  const ended = new Date('2026-12-02T19:00:00Z');
  const after = (sec: number) => new Date(ended.getTime() + sec * 1000);
  const WAIT = 35 * 60_000;

  it.each([
    ['initiated, a minute after the call', 'initiated', true, 60, WAIT, true],
    ['initiated, just under a minute', 'initiated', true, 59, WAIT, false],
    ['initiated, a short wait ends sooner', 'initiated', true, 3, 3_000, true],
    ['in progress: the conversation started', 'in-progress', true, 600, WAIT, false],
    ['processing: analysis is under way', 'processing', true, 600, WAIT, false],
    ['done', 'done', true, 600, WAIT, false],
    ['no conversation, TwiML never asked for, a minute after', null, false, 60, WAIT, true],
    ['no conversation, TwiML never asked for, just under a minute', null, false, 59, WAIT, false],
    ['no conversation known, but TwiML asked for: its webhook may name it', null, true, 600, WAIT, false],
  ] as const)('%s', (_name, status, twimlRequested, sec, waitMs, expected) => {
    expect(agentNeverJoined(status, twimlRequested, ended, after(sec), waitMs)).toBe(expected);
  });
});

describe('firstLookDelayMs', () => {
  const person = { status: 'completed', answeredByMachine: false, agentJoined: true };

  it('gives a transcript on its way a first pause to arrive in, never longer than the whole wait', () => {
    expect(firstLookDelayMs(person, 35 * 60_000)).toBe(2_000);
    expect(firstLookDelayMs(person, 1_500)).toBe(1_500);
  });

  it('runs at once when no transcript is coming', () => {
    expect(firstLookDelayMs({ ...person, agentJoined: false }, 35 * 60_000)).toBe(0);
    expect(firstLookDelayMs({ ...person, answeredByMachine: true }, 35 * 60_000)).toBe(0);
    for (const status of ['busy', 'no-answer', 'failed', 'canceled'])
      expect(firstLookDelayMs({ ...person, status }, 35 * 60_000)).toBe(0);
  });
});
