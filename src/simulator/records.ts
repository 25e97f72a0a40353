import type { CallPlan } from './profile';
import type { ComposedConversation } from './transcript';
import type { CallHandling, CallStatus, SimCall, SimConversation } from './types';

/** A call as the simulated Twilio holds it: the create parameters, then its progress. */
export interface CallRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  url?: string;
  twiml?: string;
  statusCallback?: string;
  /** StatusCallbackEvent values asked for; the final status is sent regardless. */
  events: ReadonlySet<string>;
  machineDetection?: string;
  record: boolean;
  recordingStatusCallback?: string;
  timeLimitSecs?: number;
  plan: CallPlan;
  status: CallStatus;
  answeredBy?: string;
  handling?: CallHandling;
  conversationId?: string;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  durationSecs?: number;
  responseDropped: boolean;
  finalCallbackLost: boolean;
}

export type ConversationStatus = 'initiated' | 'in-progress' | 'processing' | 'done' | 'failed';

/** A conversation registered through register-call, linked to a call once Twilio opens its stream. */
export interface ConversationRecord {
  id: string;
  agentId: string;
  fromNumber: string;
  toNumber: string;
  direction: string;
  /** conversation_initiation_client_data exactly as registered (snake_case). */
  clientData: Record<string, unknown>;
  status: ConversationStatus;
  createdAt: number;
  callSid?: string;
  streamSid?: string;
  callResult?: 'answered' | 'voicemail';
  startedAt?: number;
  durationSecs: number;
  terminationReason?: string;
  composed?: ComposedConversation;
}

export interface SimState {
  /** Insertion order is creation order. */
  calls: Map<string, CallRecord>;
  conversations: Map<string, ConversationRecord>;
}

const TERMINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL.has(status);
}

export function toSimCall(call: CallRecord): SimCall {
  return {
    sid: call.sid,
    to: call.to,
    from: call.from,
    status: call.status,
    fate: call.plan.fate,
    statusCallbackEvents: [...call.events],
    answeredBy: call.answeredBy,
    reply: call.plan.fate === 'answered' && !call.plan.machine ? call.plan.reply : undefined,
    handling: call.handling,
    conversationId: call.conversationId,
    createdAt: call.createdAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    durationSecs: call.durationSecs,
    responseDropped: call.responseDropped,
    finalCallbackLost: call.finalCallbackLost,
  };
}

export function toSimConversation(conversation: ConversationRecord): SimConversation {
  const { dynamic_variables: vars, conversation_config_override: override } = conversation.clientData;
  const asRecord = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  return {
    id: conversation.id,
    agentId: conversation.agentId,
    dynamicVariables: asRecord(vars) ?? {},
    configOverride: asRecord(override),
  };
}
