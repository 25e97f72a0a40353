import { clauses, isNegated, type Clause } from './text';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/**
 * Words and phrases that carry feeling in a sales call, by valence from -3 to 3 (AFINN's scale). "no" is not
 * here: it is a negator ("no problem"), and a bare "no" answers a question without feeling.
 */
const ENTRIES_BY_VALENCE: ReadonlyArray<readonly [number, string]> = [
  [3, 'great|excellent|awesome|amazing|wonderful|fantastic|perfect|love'],
  [2.5, 'lovely|excited|exciting'],
  [2, 'good|beautiful|nice|happy|glad|pleased|helpful|appreciate'],
  [1.5, 'thanks|thank|welcome|interested|interesting|absolutely'],
  [1, 'definitely|sure|yes|yeah|cool|fair|reasonable'],
  [0.5, 'okay|ok|fine'],
  [-0.5, 'busy|sorry'],
  [-1, 'no thanks|no thank you'],
  [-1.5, 'wrong|problem|worried|unfortunately'],
  [-2, 'bad|upset|waste|stop calling|go away'],
  [-2.5, 'annoying|annoyed|frustrated|frustrating|ridiculous|rude|stupid|spam|leave me alone'],
  [-3, 'terrible|awful|horrible|hate|angry|scam|harass|harassing|harassment|shut up'],
];

const LEXICON: ReadonlyMap<string, number> = new Map(
  ENTRIES_BY_VALENCE.flatMap(([valence, entries]) =>
    entries.split('|').map((entry) => [entry, valence] as const),
  ),
);

const LONGEST_PHRASE = Math.max(...[...LEXICON.keys()].map((entry) => entry.split(' ').length));

/** A negated word counts for less than its opposite: "not good" is milder than "bad". */
const NEGATED_WEIGHT = -0.75;

/** VADER's normalisation constant: one strong word lands near ±0.6, several approach ±1. */
const ALPHA = 15;

/** Labels need more than one mild word ("okay" alone is ±0.13) to leave neutral. */
const LABEL_THRESHOLD = 0.15;

function clauseValence(clause: Clause): number {
  let total = 0;
  for (let i = 0; i < clause.words.length;) {
    const [entryValence, length] = longestEntryAt(clause.words, i);
    if (entryValence !== undefined) total += entryValence * (isNegated(clause.words, i) ? NEGATED_WEIGHT : 1);
    i += length;
  }
  return total;
}

function longestEntryAt(words: readonly string[], start: number): [number | undefined, number] {
  for (let length = Math.min(LONGEST_PHRASE, words.length - start); length > 1; length--) {
    const valence = LEXICON.get(words.slice(start, start + length).join(' '));
    if (valence !== undefined) return [valence, length];
  }
  return [LEXICON.get(words[start] ?? ''), 1];
}

/** Valence of some messages before squashing: unbounded, it grows with every word of feeling. */
function rawValence(messages: readonly string[]): number {
  return messages.flatMap(clauses).reduce((sum, clause) => sum + clauseValence(clause), 0);
}

function squash(raw: number): number {
  return raw / Math.sqrt(raw * raw + ALPHA);
}

/** Sentiment in [-1, 1] of one or more messages taken together. */
export function sentimentOf(...messages: string[]): number {
  return squash(rawValence(messages));
}

export function sentimentLabel(score: number): SentimentLabel {
  if (score >= LABEL_THRESHOLD) return 'positive';
  return score <= -LABEL_THRESHOLD ? 'negative' : 'neutral';
}
