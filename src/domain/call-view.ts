import type { Call, TranscriptSegment } from './call';
import { sentimentLabel, type SentimentLabel } from '../analysis/sentiment-label';

/**
 * A call in the seed README's words (the public contract of the service we replace): `duration`,
 * `sentiment: { overall, confidence }`, `outcome: { result, appointmentScheduled }`, speakers agent/customer,
 * timestamps in milliseconds. The stored record keeps our own names; only the answers and events use these.
 */

export interface SentimentView {
  overall: SentimentLabel;
  /** How strongly the score supports the label, 0..1 (see sentimentView). */
  confidence: number;
  /** Our score behind the label, -1..1. */
  score: number;
}

export interface SegmentView {
  speaker: 'agent' | 'customer';
  text: string;
  /** Milliseconds from the start of the conversation. */
  timestamp: number;
  /** 1 for the agent (its own words); null for the customer: ElevenLabs reports no recognition confidence. */
  confidence: number | null;
  /** The customer's turns only: the agent is upbeat by design. */
  sentiment?: SentimentView;
}

export interface TranscriptView {
  segments: SegmentView[];
  /** One line per turn: "Agent: …" / "Customer: …". */
  fullText: string;
  /** Seconds of conversation. */
  duration: number | null;
}

export interface IntentView {
  primary: string;
  /** Null: the intent comes from phrase rules, which give no probability. */
  confidence: number | null;
}

export interface OutcomeView {
  result: Call['outcome'];
  appointmentScheduled: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A positive or negative label is as sure as the score is strong (|score|); a neutral one, as it is weak. */
export function sentimentView(score: number): SentimentView {
  const overall = sentimentLabel(score);
  const strength = Math.min(1, Math.abs(score));
  return {
    overall,
    confidence: round2(overall === 'neutral' ? 1 - strength : strength),
    score: round2(score),
  };
}

export function transcriptView(
  segments: readonly TranscriptSegment[],
  durationSec: number | null,
): TranscriptView {
  const views = segments.map((s): SegmentView => {
    const speaker = s.role === 'agent' ? 'agent' : 'customer';
    const base = { speaker, text: s.message, timestamp: Math.round(s.timeInCallSecs * 1000) } as const;
    return speaker === 'agent'
      ? { ...base, confidence: 1 }
      : { ...base, confidence: null, sentiment: sentimentView(s.sentiment) };
  });
  return {
    segments: views,
    fullText: views.map((v) => `${v.speaker === 'agent' ? 'Agent' : 'Customer'}: ${v.text}`).join('\n'),
    duration: durationSec,
  };
}

export function outcomeView(outcome: Call['outcome']): OutcomeView {
  return { result: outcome, appointmentScheduled: outcome === 'appointment' };
}

/** GET /api/calls/:callId and the list endpoints: the seed's fields first, our own beside them. */
export function callView(call: Call) {
  const { durationSec, transcript, sentiment, intent, outcome, ...rest } = call;
  return {
    ...rest,
    duration: durationSec,
    transcript: transcript ? transcriptView(transcript, durationSec) : null,
    sentiment: sentiment ? sentimentView(sentiment.overall) : null,
    intent: intent ? ({ primary: intent, confidence: null } satisfies IntentView) : null,
    outcome: outcomeView(outcome),
  };
}

/** GET /api/calls/:callId/transcript. */
export function transcriptReport(call: Call & { transcript: TranscriptSegment[] }) {
  const view = callView(call);
  return {
    callId: call.callId,
    transcript: view.transcript!,
    sentiment: view.sentiment,
    intent: view.intent,
    summary: call.summary,
    outcome: view.outcome,
  };
}

export type CallView = ReturnType<typeof callView>;
