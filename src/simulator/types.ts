/** How the lead answers the agent in a simulated conversation. */
export type LeadReply =
  'interested' | 'appointment' | 'callback' | 'not_interested' | 'dnc_request' | 'wrong_number';

/** What the simulated network does with a dialled call. */
export type CallFate = 'answered' | 'busy' | 'no-answer' | 'failed';

/** Twilio call statuses as the REST API and status callbacks spell them. */
export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

/** What the call ended up doing once answered, read from the TwiML our side returned. */
export type CallHandling = 'conversation' | 'message' | 'hangup' | 'stream-rejected' | 'twiml-error';

export interface SimulatorProfile {
  /**
   * Relative weights of the four fates of a dialled call; they are normalised, so they need not sum to 1.
   * An all-busy profile is { answerRate: 0, busyRate: 1, noAnswerRate: 0, failedRate: 0 }.
   */
  answerRate: number;
  busyRate: number;
  noAnswerRate: number;
  failedRate: number;
  /** Share (0..1) of answered calls picked up by an answering machine. */
  machineRate: number;
  /** Inclusive [min, max] milliseconds between ringing and the fate being known. */
  ringMs: [number, number];
  /** Inclusive [min, max] milliseconds an answered call lasts (conversation or message). */
  talkMs: [number, number];
  /** Relative weights of the lead's reply in a conversation with a human; a missing reply has weight 0. */
  replies: Partial<Record<LeadReply, number>>;
  /** Probability (0..1) that a status callback is delivered twice (same SequenceNumber). */
  duplicateWebhookRate: number;
  /** When true, about half of the calls deliver their `ringing` callback after the next one. */
  reorderWebhooks: boolean;
  /**
   * Milliseconds ElevenLabs takes to analyse a conversation after the call: the conversation reads `processing`
   * until then, and only then is it `done` and its post-call webhook sent.
   */
  transcriptDelayMs: number;
  /** Probability (0..1) that the post-call webhook is never sent (the conversation is still `done` in the API). */
  transcriptWebhookLossRate: number;
  /** Probability (0..1) that the post-call webhook is delivered twice. */
  duplicateTranscriptRate: number;
  /**
   * Probability (0..1) that the answer to the call's Url (our TwiML) comes too late for Twilio (after its 15 s
   * timeout): Twilio plays its application error and hangs up, though our side registered the conversation,
   * which then never starts.
   */
  twimlAnswerLossRate: number;
  /**
   * Probability (0..1) that Twilio's request for the call's Url never reaches our side (the network, or an API
   * too far behind to take it within Twilio's 15 s): Twilio plays its application error and hangs up, and our
   * side never hears of the answered call but from its status callbacks.
   */
  twimlRequestLossRate: number;
}

export interface SimulatorOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  twilio: { accountSid: string; authToken: string };
  /** apiKey absent: any non-empty `xi-api-key` is accepted. */
  /**
   * agentVariables: dynamic variables every agent's prompt references. ElevenLabs fails a conversation that
   * starts without one; the simulator refuses its register-call, where our side sees it (and a test can).
   */
  elevenLabs: { apiKey?: string; webhookUrl?: string; webhookSecret: string; agentVariables?: string[] };
  profile?: Partial<SimulatorProfile>;
  /** Outcomes are a function of (seed, To number, n-th call to that number). Defaults to 1. */
  seed?: number;
}

export interface SimCall {
  sid: string;
  to: string;
  from: string;
  status: CallStatus;
  /** Drawn at create time; a hang-up through the API can still end the call earlier. */
  fate: CallFate;
  /** The StatusCallbackEvent values the create asked for (the final status is sent regardless). */
  statusCallbackEvents: string[];
  answeredBy?: string;
  /** The reply the lead gives if the call becomes a conversation with a human. */
  reply?: LeadReply;
  handling?: CallHandling;
  conversationId?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  durationSecs?: number;
  /** The create was accepted but its HTTP response was never sent (dropNextCreateResponses). */
  responseDropped: boolean;
  /** The call's final status callback is never delivered (loseNextFinalStatusCallbacks). */
  finalCallbackLost: boolean;
}

/** The webhooks a call sends: Twilio's Url (TwiML), status and recording callbacks, ElevenLabs' post-call one. */
export type WebhookKind = 'twiml' | 'status' | 'recording' | 'post-call';

export interface SimulatorStats {
  /** Accepted creates, i.e. calls that exist (including those whose response was dropped). */
  creates: number;
  createsByTo: Record<string, number>;
  /** Epoch milliseconds of every accepted create, in order. */
  createTimestamps: number[];
  /** Calls between create accepted and their terminal status being decided. */
  activeCalls: number;
  maxConcurrentCalls: number;
  /** Most accepted creates inside any 1000 ms window. */
  maxCallsPerSecond: number;
  /** Terminal statuses reached so far. */
  finalStatuses: Partial<Record<CallStatus, number>>;
  webhookDeliveries: number;
  /** Failed attempts (non-2xx or connection error), retries included. */
  webhookFailures: number;
  /** Deliveries abandoned after the last retry. */
  webhookGiveUps: number;
  /** The same by kind of webhook. */
  webhookGiveUpsByKind: Partial<Record<WebhookKind, number>>;
  /** The last few failures, newest last, for humans. */
  recentWebhookErrors: string[];
  injectedCreateFailures: number;
  droppedCreateResponses: number;
  /** register-calls refused for a missing or non-scalar agent variable. */
  conversationsRefused: number;
}

/** What register-call was given for one conversation (snake_case, as sent). */
export interface SimConversation {
  id: string;
  agentId: string;
  dynamicVariables: Record<string, unknown>;
  /** conversation_config_override, or null when none was sent. */
  configOverride: Record<string, unknown> | null;
}

export interface Simulator {
  url: string;
  port: number;
  stats(): SimulatorStats;
  calls(): SimCall[];
  setProfile(profile: Partial<SimulatorProfile>): void;
  setElevenLabsWebhookUrl(url: string): void;
  /** Replaces the variables every agent's prompt references (see SimulatorOptions.elevenLabs.agentVariables). */
  setAgentVariables(names: string[]): void;
  conversations(): SimConversation[];
  failNextCreates(n: number, httpStatus: number): void;
  dropNextCreateResponses(n: number): void;
  /** The next `n` calls created end without their final status callback: only fetching the call tells. */
  loseNextFinalStatusCallbacks(n: number): void;
  /** The next `n` register-calls answer `ms` late (the conversation is registered at once, as ElevenLabs would). */
  stallNextRegisterCalls(n: number, ms: number): void;
  /** Resolves when no call is still playing and no webhook is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}
