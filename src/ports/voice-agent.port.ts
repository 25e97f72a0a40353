/** What we ask of the conversational AI (ElevenLabs), in our words. */
export interface ConversationTurn {
  role: 'agent' | 'user';
  message: string;
  timeInCallSecs: number;
}

/** ElevenLabs' own analysis of a conversation, by the ids configured on the agent. */
export interface AgentAnalysis {
  /** data_collection_results: id → the value the agent extracted (null when it found none). */
  dataCollection: Record<string, unknown>;
  /** evaluation_criteria_results: id → success · failure · unknown. */
  evaluation: Record<string, string>;
}

export interface Conversation {
  conversationId: string;
  status: 'initiated' | 'in-progress' | 'processing' | 'done' | 'failed';
  callSid: string | null;
  callId: string | null;
  transcript: ConversationTurn[];
  summary: string | null;
  callSuccessful: string | null;
  durationSec: number | null;
  analysis: AgentAnalysis;
  /** The language ElevenLabs detected (metadata.main_language), when it says. */
  language: string | null;
}

export type VoiceAgentWebhook =
  | { kind: 'transcript'; conversation: Conversation }
  | { kind: 'initiation-failed'; callSid: string | null; callId: string | null; reason: string }
  | { kind: 'ignored'; type: string };

/** Conversation overrides ElevenLabs applies only when the agent allows them (set only what the campaign set). */
export interface ConversationOverrides {
  firstMessage?: string;
  language?: string;
}

export interface VoiceAgentPort {
  /** TwiML that joins an answered call to the agent; `callId` travels as a dynamic variable so webhooks find the call. */
  registerCall(req: {
    agentId: string;
    from: string;
    to: string;
    dynamicVariables: Record<string, string | number | boolean>;
    overrides?: ConversationOverrides;
  }): Promise<string>;
  getConversation(conversationId: string): Promise<Conversation>;
  /** Verifies the ElevenLabs-Signature header and parses the body; throws WebhookSignatureError when forged. */
  parseWebhook(rawBody: string, signatureHeader: string | undefined): Promise<VoiceAgentWebhook>;
}
