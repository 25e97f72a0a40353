import type { TranscriptSegment } from '../domain/call';
import type { ConversationTurn } from '../ports/voice-agent.port';
import type { ConversationOutcome } from '../domain/call';
import { decideOutcome, type Intent } from './outcome';
import { sentimentLabel, sentimentOf, type SentimentLabel } from './sentiment';

export interface ConversationAnalysis {
  /** Every turn with its own sentiment in [-1, 1]. */
  segments: TranscriptSegment[];
  /** Over the lead's turns only: the agent is upbeat by design. */
  sentiment: { overall: number; label: SentimentLabel };
  intent: Intent;
  outcome: ConversationOutcome;
}

/** Post-call analysis of a transcript, from word lists and phrase rules: every result can be traced to a phrase. */
export function analyzeConversation(
  turns: readonly ConversationTurn[],
  hints: { callSuccessful?: string | null } = {},
): ConversationAnalysis {
  const segments = turns.map(({ role, message, timeInCallSecs }) => ({
    role,
    message,
    timeInCallSecs,
    sentiment: sentimentOf(message),
  }));
  const overall = sentimentOf(...turns.filter((turn) => turn.role === 'user').map((turn) => turn.message));
  return {
    segments,
    sentiment: { overall, label: sentimentLabel(overall) },
    ...decideOutcome(turns, hints.callSuccessful),
  };
}
