/**
 * The label of a sentiment score, apart from the scoring (./sentiment) so that what only shows a label (the call
 * view the API answers with) does not load natural's word lists.
 */
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** Labels need more than one mild word to leave neutral. */
const LABEL_THRESHOLD = 0.15;

export function sentimentLabel(score: number): SentimentLabel {
  if (score >= LABEL_THRESHOLD) return 'positive';
  return score <= -LABEL_THRESHOLD ? 'negative' : 'neutral';
}
