import { SentimentAnalyzer } from 'natural/lib/natural/sentiment';
import type { AnalysisLanguage } from './language';

/**
 * AFINN word lists (English AFINN-165, Spanish AFINN) with each language's negations, from `natural`. Loaded
 * through the module's own path: natural's index also loads storage back ends and reads a .env file. No
 * stemmer: natural re-keys the list by stem, and colliding stems overwrite each other ("fine" took "fined"'s -2).
 */
const ANALYZERS: Record<AnalysisLanguage, SentimentAnalyzer> = {
  en: new SentimentAnalyzer('English', undefined, 'afinn'),
  es: new SentimentAnalyzer('Spanish', undefined, 'afinn'),
};

/** VADER's normalisation constant: one strong word lands near ±0.6, several approach ±1. */
const ALPHA = 15;

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/n't\b/g, ' not'],
];

/**
 * Clauses as word lists: natural's negation lasts to the end of the list it is given, so a clause ("but",
 * "pero" or punctuation ends one) keeps "not sure, but great" from reading as negative.
 */
function clauseWords(message: string): string[][] {
  let text = message.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [contraction, expansion] of CONTRACTIONS) text = text.replace(contraction, expansion);
  return text
    .split(/[.!?¡¿;,:\u2026()\n]+|\s+-+\s+|\bbut\b|\bpero\b/)
    .map((part) => part.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((words) => words.length > 0);
}

/** Sum of word valences (AFINN's -5..5) of some messages; natural answers the mean, so it is scaled back. */
function rawValence(language: AnalysisLanguage, messages: readonly string[]): number {
  const analyzer = ANALYZERS[language];
  let total = 0;
  for (const words of messages.flatMap(clauseWords)) total += analyzer.getSentiment(words) * words.length;
  return total;
}

/** Sentiment in [-1, 1] of one or more messages taken together, in the language they were spoken in. */
export function sentimentOf(language: AnalysisLanguage, ...messages: string[]): number {
  const raw = rawValence(language, messages);
  return raw / Math.sqrt(raw * raw + ALPHA);
}
