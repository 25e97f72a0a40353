import type { TranscriptSegment } from '../domain/call';
import { sentimentLabel, type SentimentLabel } from './sentiment';

/** Sentiment as the seed API and its events carry it: a label and how sure the score is of it. */
export interface SeedSentiment {
  overall: SentimentLabel;
  confidence: number;
}

export interface SeedTranscript {
  segments: Array<{
    speaker: 'agent' | 'customer';
    text: string;
    /** Milliseconds from the start of the call. */
    timestamp: number;
    /** ElevenLabs gives no per-turn recognition confidence, so there is none to pass on. */
    confidence: number | null;
    sentiment?: SeedSentiment;
  }>;
  fullText: string;
  /** Seconds. */
  duration: number | null;
}

/** A score in [-1, 1] as a label; the confidence is the score's distance from the other labels. */
export function seedSentiment(score: number): SeedSentiment {
  const overall = sentimentLabel(score);
  const confidence = overall === 'neutral' ? 1 - Math.abs(score) : Math.abs(score);
  return { overall, confidence: Math.round(confidence * 100) / 100 };
}

/** The stored transcript in the seed's shape; the lead is the seed's "customer", and only their turns carry sentiment. */
export function seedTranscript(
  segments: readonly TranscriptSegment[],
  durationSec: number | null,
): SeedTranscript {
  return {
    segments: segments.map((segment) => ({
      speaker: segment.role === 'user' ? 'customer' : 'agent',
      text: segment.message,
      timestamp: Math.round(segment.timeInCallSecs * 1000),
      confidence: null,
      ...(segment.role === 'user' && { sentiment: seedSentiment(segment.sentiment) }),
    })),
    fullText: segments.map((s) => `${s.role === 'user' ? 'Customer' : 'Agent'}: ${s.message}`).join('\n'),
    duration: durationSec,
  };
}
