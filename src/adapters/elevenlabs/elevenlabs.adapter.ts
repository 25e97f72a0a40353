import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import type {
  AgentAnalysis,
  Conversation,
  ConversationOverrides,
  VoiceAgentPort,
  VoiceAgentWebhook,
} from '../../ports/voice-agent.port';
import { ValidationError, WebhookSignatureError } from '../../errors';
import { isWebhookSignatureValid } from './webhook-signature';
import { readWebhookBody } from './webhook-body';

/**
 * Register-call's answer goes into the TwiML that Twilio waits 15 s for (then it plays an application error): past
 * this, the connect webhook gives up on the agent and ends the call politely while Twilio still listens. The SDK's
 * own default is 240 s.
 */
export const REGISTER_CALL_TIMEOUT_SEC = 10;

/** ElevenLabs Conversational AI behind our VoiceAgentPort. */
export class ElevenLabsVoiceAgent implements VoiceAgentPort {
  constructor(
    private readonly client: ElevenLabsClient,
    /** Signature check: the secret, how far (either way) its timestamp may be from the wall clock. */
    private readonly webhook: { secret: string; toleranceSec: number; nowMs: () => number },
    private readonly registerTimeoutSec = REGISTER_CALL_TIMEOUT_SEC,
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
    return this.client.conversationalAi.twilio.registerCall(
      {
        agentId: req.agentId,
        fromNumber: req.from,
        toNumber: req.to,
        direction: 'outbound',
        conversationInitiationClientData: {
          dynamicVariables: req.dynamicVariables,
          ...(agentOverride && { conversationConfigOverride: { agent: agentOverride } }),
        },
      },
      { timeoutInSeconds: this.registerTimeoutSec },
    );
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
      analysis: agentAnalysis(c.analysis?.dataCollectionResults, c.analysis?.evaluationCriteriaResults),
      language: c.metadata.mainLanguage ?? null,
    };
  }

  async parseWebhook(rawBody: string, signatureHeader: string | undefined): Promise<VoiceAgentWebhook> {
    const { secret, toleranceSec, nowMs } = this.webhook;
    if (!isWebhookSignatureValid(rawBody, signatureHeader, secret, nowMs(), toleranceSec))
      throw new WebhookSignatureError('ElevenLabs');
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new ValidationError('body: must be JSON', 'body');
    }
    const event = readWebhookBody(body);
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
          analysis: agentAnalysis(
            data.analysis?.data_collection_results,
            data.analysis?.evaluation_criteria_results,
          ),
          language: data.metadata?.main_language ?? null,
        },
      };
    }
    if (event.type === 'call_initiation_failure') {
      return { kind: 'initiation-failed', callSid, callId, reason: String(data.failure_reason ?? 'unknown') };
    }
    return { kind: 'ignored', type: String(event.type) };
  }
}

/** Both spellings carry `value` and `result` under the same names, so one mapping serves the SDK and the webhook. */
function agentAnalysis(
  collected: Record<string, { value?: unknown }> | null | undefined,
  criteria: Record<string, { result?: string | null }> | null | undefined,
): AgentAnalysis {
  return {
    dataCollection: Object.fromEntries(
      Object.entries(collected ?? {}).map(([id, entry]) => [id, entry.value ?? null]),
    ),
    evaluation: Object.fromEntries(
      Object.entries(criteria ?? {}).map(([id, entry]) => [id, String(entry.result ?? 'unknown')]),
    ),
  };
}
