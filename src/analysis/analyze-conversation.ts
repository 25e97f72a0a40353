import type { TranscriptSegment } from '../domain/call';
import type { Qualification } from '../domain/qualification';
import type { AgentAnalysis, ConversationTurn } from '../ports/voice-agent.port';
import { hasMapping, readAgentAnalysis, type AnalysisMapping } from './agent-analysis';
import { detectLanguage, type AnalysisLanguage } from './language';
import { decideOutcome, type AnalysedOutcome, type Intent } from './outcome';
import { qualificationFromWords } from './qualification';
import { sentimentLabel, type SentimentLabel } from './sentiment-label';
import { sentimentOf } from './sentiment';
import { parseSpokenTime } from './spoken-time';

export interface ConversationAnalysis {
  language: AnalysisLanguage;
  /** Every turn with its own sentiment in [-1, 1]. */
  segments: TranscriptSegment[];
  /** Over the lead's turns only: the agent is upbeat by design. */
  sentiment: { overall: number; label: SentimentLabel };
  /** The local rules' reading, kept even when the agent's analysis decided the outcome. */
  intent: Intent;
  outcome: AnalysedOutcome;
  /** Who decided the outcome: the agent's own analysis (through the campaign's mapping) or our rules. */
  source: 'elevenlabs' | 'local';
  qualification: Qualification;
}

export interface AnalysisContext {
  /** The campaign's or lead's language; the transcript's own words decide when they clearly differ. */
  languageHint?: string | null;
  callSuccessful?: string | null;
  summary?: string | null;
  agentAnalysis?: AgentAnalysis;
  mapping?: AnalysisMapping | null;
  /** When the call ended and the lead's zone: spoken times ("tomorrow at 3") are read from there. */
  reference?: Date;
  zone?: string;
}

/**
 * Post-call analysis of a transcript. The agent's analysis decides when the campaign maps it and it says
 * something; the local rules decide otherwise. A do-not-call request the rules find always wins: honouring one
 * is a legal duty, and an agent that missed it must not undo that.
 */
export function analyzeConversation(
  turns: readonly ConversationTurn[],
  context: AnalysisContext = {},
): ConversationAnalysis {
  const leadWords = turns.filter((turn) => turn.role === 'user').map((turn) => turn.message);
  // The agent speaks the lead's language too, and a lead's "Número equivocado." alone is too short to tell.
  const language = detectLanguage(turns.map((turn) => turn.message).join(' '), context.languageHint);
  const segments = turns.map(({ role, message, timeInCallSecs }) => ({
    role,
    message,
    timeInCallSecs,
    sentiment: sentimentOf(language, message),
  }));
  const overall = sentimentOf(language, ...leadWords);
  const local = decideOutcome(turns, language, context.callSuccessful);
  const mapped = context.agentAnalysis && hasMapping(context.mapping ?? null);
  const agent = mapped ? readAgentAnalysis(context.agentAnalysis!, context.mapping!) : null;
  const agentDecides = local.outcome !== 'dnc_request' && !!agent?.outcome;
  const outcome = agentDecides ? agent!.outcome! : local.outcome;
  const words = qualificationFromWords(turns, language);
  const spoken = (text: string | null | undefined): Date | null =>
    text && context.reference && context.zone
      ? parseSpokenTime(text, language, context.reference, context.zone)
      : null;
  const requested = (collected: string | null | undefined): Date | null =>
    spoken(collected) ?? spoken(leadWords.join('. ')) ?? spoken(agentWords(turns));
  return {
    language,
    segments,
    sentiment: { overall, label: sentimentLabel(overall) },
    intent: local.intent,
    outcome,
    source: agentDecides ? 'elevenlabs' : 'local',
    qualification: {
      timeline: agent?.timeline ?? words.timeline,
      askingPrice: agent?.askingPrice ?? words.askingPrice,
      condition: agent?.condition ?? null,
      motivation: agent?.motivation ?? null,
      appointmentAt: outcome === 'appointment' ? requested(agent?.appointmentTime) : null,
      callbackAt: outcome === 'callback' ? requested(agent?.callbackTime) : null,
      summary: context.summary ?? null,
    },
  };
}

/** The agent's confirmations ("I've booked you for Tuesday at 2 pm") name the time when the lead only agreed. */
function agentWords(turns: readonly ConversationTurn[]): string {
  return turns
    .filter((turn, i) => turn.role === 'agent' && i > 0)
    .map((turn) => turn.message)
    .join('. ');
}
