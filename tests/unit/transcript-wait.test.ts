import { agentNeverJoined } from '../../src/scheduling/transcript-wait';

describe('agentNeverJoined', () => {
  const ended = new Date('2026-12-02T19:00:00Z');
  const after = (sec: number) => new Date(ended.getTime() + sec * 1000);
  const WAIT = 35 * 60_000;

  it.each([
    ['initiated, a minute after the call', 'initiated', 60, WAIT, true],
    ['initiated, just under a minute', 'initiated', 59, WAIT, false],
    ['initiated, a short wait ends sooner', 'initiated', 3, 3_000, true],
    ['in progress: the conversation started', 'in-progress', 600, WAIT, false],
    ['processing: analysis is under way', 'processing', 600, WAIT, false],
    ['done', 'done', 600, WAIT, false],
  ])('%s', (_name, status, sec, waitMs, expected) => {
    expect(agentNeverJoined(status, ended, after(sec), waitMs)).toBe(expected);
  });
});
