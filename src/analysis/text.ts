/** A stretch of speech between punctuation (or "but", "pero"), as lowercase words: negation never crosses one. */
export interface Clause {
  words: string[];
  /** The words joined by single spaces, for phrase patterns. */
  text: string;
}

/** Contractions spelled out, so "don't call" and "do not call" are one phrase. */
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/\bi'm\b/g, 'i am'],
  [/\b(it|that|there|what|he|she|who)'s\b/g, '$1 is'],
  [/\blet's\b/g, 'let us'],
];

/** English and Spanish (as clauses() spells it: no accents). */
const NEGATORS: ReadonlySet<string> = new Set(
  'not no never nothing nobody none neither nor without nunca nada nadie ni jamas tampoco'.split(' '),
);

/**
 * How many words before a word a negator still reaches. VADER uses 3 on written text; spoken refusals put more
 * between the two ("don't want anyone to come by", "don't think I'm interested").
 */
const NEGATION_REACH = 5;

/** Accents and tildes dropped (NFD, marks removed), so "está" and "esta" are one word to the rules. */
export function clauses(message: string): Clause[] {
  let text = message
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [contraction, expansion] of CONTRACTIONS) text = text.replace(contraction, expansion);
  return text
    .split(/[.!?\u00a1\u00bf;,:\u2026()\n]+|\s+-+\s+|\bbut\b|\bpero\b/)
    .map((part) => part.match(/[a-z0-9]+/g) ?? [])
    .filter((words) => words.length > 0)
    .map((words) => ({ words, text: words.join(' ') }));
}

/** True when a negator stands among the few words before words[index]. */
export function isNegated(words: readonly string[], index: number): boolean {
  return words.slice(Math.max(0, index - NEGATION_REACH), index).some((word) => NEGATORS.has(word));
}

/** The index in clause.words of the word at character offset `offset` of clause.text. */
export function wordIndexAt(clause: Clause, offset: number): number {
  return clause.text.slice(0, offset).split(' ').length - 1;
}
