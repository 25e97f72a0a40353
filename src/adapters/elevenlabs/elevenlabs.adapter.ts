import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import type {
  Conversation,
  ConversationOverrides,
  VoiceAgentPort,
  VoiceAgentWebhook,
} from '../../ports/voice-agent.port';
import { WebhookSignatureError } from '../../errors';

/** ElevenLabs Conversational AI behind our VoiceAgentPort. */
export class ElevenLabsVoiceAgent implements VoiceAgentPort {
  constructor(
    private readonly client: ElevenLabsClient,
    private readonly webhookSecret: string,
  ) {}

  registerCall(req: {
    agentId: string;
    from: string;
    to: string;
    dynamicVariables: Record<string, string | number | boolean>;
    overrides?: ConversationOverrides;
  }): Promise<string> {
    // An override the agent does not allow fails the conversation: none is sent unless the campaign set one.
    const agentOverride = req.overrides && Object.keys(req.overrides).length ? req.overrides : undefined;
    return this.client.conversationalAi.twilio.registerCall({
      agentId: req.agentId,
      fromNumber: req.from,
      toNumber: req.to,
      direction: 'outbound',
      conversationInitiationClientData: {
        dynamicVariables: req.dynamicVariables,
        ...(agentOverride && { conversationConfigOverride: { agent: agentOverride } }),
      },
    });
  }

  async getConversation(conversationId: string): Promise<Conversation> {
    const c = await this.client.conversationalAi.conversations.get(conversationId);
    const vars = c.conversationInitiationClientData?.dynamicVariables ?? {};
    return {
      conversationId: c.conversationId,
      status: c.status,
      callSid:
        c.metadata.phoneCall && 'callSid' in c.metadata.phoneCall
          ? (c.metadata.phoneCall.callSid ?? null)
          : null,
      callId: typeof vars.call_id === 'string' ? vars.call_id : null,
      transcript: (c.transcript ?? []).map((t) => ({
        role: t.role,
        message: t.message ?? '',
        timeInCallSecs: t.timeInCallSecs ?? 0,
      })),
      summary: c.analysis?.transcriptSummary ?? null,
      callSuccessful: c.analysis?.callSuccessful ?? null,
      durationSec: c.metadata.callDurationSecs ?? null,
    };
  }

  async parseWebhook(rawBody: string, signatureHeader: string | undefined): Promise<VoiceAgentWebhook> {
    let event: WireWebhook;
    try {
      event = (await this.client.webhooks.constructEvent(
        rawBody,
        signatureHeader ?? '',
        this.webhookSecret,
      )) as WireWebhook;
    } catch {
      throw new WebhookSignatureError('ElevenLabs');
    }
    const data = event.data ?? {};
    const vars = data.conversation_initiation_client_data?.dynamic_variables ?? {};
    const callId = typeof vars.call_id === 'string' ? vars.call_id : null;
    const callSid = data.metadata?.phone_call?.call_sid ?? null;
    if (event.type === 'post_call_transcription') {
      return {
        kind: 'transcript',
        conversation: {
          conversationId: String(data.conversation_id ?? ''),
          status: data.status ?? 'done',
          callSid,
          callId,
          transcript: (data.transcript ?? []).map((t) => ({
            role: t.role,
            message: t.message ?? '',
            timeInCallSecs: t.time_in_call_secs ?? 0,
          })),
          summary: data.analysis?.transcript_summary ?? null,
          callSuccessful: data.analysis?.call_successful ?? null,
          durationSec: data.metadata?.call_duration_secs ?? null,
        },
      };
    }
    if (event.type === 'call_initiation_failure') {
      return { kind: 'initiation-failed', callSid, callId, reason: String(data.failure_reason ?? 'unknown') };
    }
    return { kind: 'ignored', type: String(event.type) };
  }
}

/** The webhook body as ElevenLabs sends it (snake_case), only the fields we read. */
interface WireWebhook {
  type: string;
  data?: {
    conversation_id?: string;
    status?: Conversation['status'];
    failure_reason?: string;
    transcript?: Array<{ role: 'agent' | 'user'; message?: string | null; time_in_call_secs?: number }>;
    analysis?: { transcript_summary?: string; call_successful?: string };
    metadata?: { call_duration_secs?: number; phone_call?: { call_sid?: string } };
    conversation_initiation_client_data?: { dynamic_variables?: Record<string, unknown> };
  };
}
