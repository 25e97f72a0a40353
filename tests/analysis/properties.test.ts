import fc from 'fast-check';
import { analyzeConversation, CONVERSATION_OUTCOMES } from '../../src/analysis';

/** Words the rules and the lexicon look for, so generated text also reaches the phrase and negation paths. */
const VOCABULARY = [
  'not',
  "don't",
  'no',
  'stop',
  'calling',
  'call',
  'me',
  'back',
  'tuesday',
  'at',
  '3',
  'pm',
  'come',
  'by',
  'interested',
  'sell',
  'wrong',
  'number',
  'great',
  'terrible',
  'yes',
  'sure',
  ',',
  '.',
  '?',
  'but',
];

const message = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 20 }).map((words) => words.join(' ')),
);

const turn = fc.record({
  role: fc.constantFrom('agent' as const, 'user' as const),
  message,
  timeInCallSecs: fc.nat(),
});

const inRange = (score: number) => Number.isFinite(score) && score >= -1 && score <= 1;

describe('analyzeConversation on arbitrary input', () => {
  it('never throws, returns a valid outcome and keeps every sentiment within [-1, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(turn, { maxLength: 12 }),
        fc.constantFrom(undefined, null, 'success', 'failure', 'unknown'),
        (turns, callSuccessful) => {
          const analysis = analyzeConversation(turns, { callSuccessful });
          expect(CONVERSATION_OUTCOMES).toContain(analysis.outcome);
          expect(typeof analysis.intent).toBe('string');
          expect(inRange(analysis.sentiment.overall)).toBe(true);
          expect(['positive', 'neutral', 'negative']).toContain(analysis.sentiment.label);
          expect(analysis.segments).toHaveLength(turns.length);
          expect(analysis.segments.every((segment) => inRange(segment.sentiment))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
