import type { ConversationRecord } from './records';

/**
 * The conversation as GET /v1/convai/conversations/:id and the post-call webhook carry it (snake_case). Keeps
 * every field the SDK's GetConversationResponseModel requires, so `conversations.get` parses it.
 */
export function conversationDetails(c: ConversationRecord): Record<string, unknown> {
  const lines = c.composed?.lines ?? [];
  return {
    agent_id: c.agentId,
    conversation_id: c.id,
    status: c.status,
    transcript: lines.map((line, i) => ({
      role: line.role,
      message: line.message,
      // Spread over the call's real length so transcript times never exceed call_duration_secs.
      time_in_call_secs: lines.length > 1 ? Math.floor((c.durationSecs * i) / lines.length) : 0,
    })),
    metadata: {
      start_time_unix_secs: Math.floor((c.startedAt ?? c.createdAt) / 1000),
      call_duration_secs: c.durationSecs,
      ...(c.terminationReason !== undefined && { termination_reason: c.terminationReason }),
      ...(c.callSid !== undefined && {
        phone_call: {
          type: 'twilio',
          direction: c.direction,
          phone_number_id: '',
          agent_number: c.fromNumber,
          external_number: c.toNumber,
          stream_sid: c.streamSid ?? '',
          call_sid: c.callSid,
          ...(c.callResult !== undefined && { call_result: c.callResult }),
        },
      }),
    },
    ...(c.composed && {
      analysis: {
        call_successful: c.composed.callSuccessful,
        transcript_summary: c.composed.summary,
        evaluation_criteria_results: {},
        data_collection_results: Object.fromEntries(
          Object.entries(c.composed.collected).map(([id, value]) => [
            id,
            { data_collection_id: id, value, rationale: 'Stated by the lead during the call.' },
          ]),
        ),
      },
    }),
    conversation_initiation_client_data: c.clientData,
    has_audio: false,
    has_user_audio: false,
    has_response_audio: false,
    has_auxiliary_audio: false,
  };
}
