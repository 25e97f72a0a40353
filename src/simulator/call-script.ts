import { conversationDetails } from './conversation-details';
import { twilioSid } from './ids';
import { isTerminal, type CallRecord, type ConversationRecord, type SimState } from './records';
import { sleep } from './sleep';
import type { StatsRecorder } from './stats';
import { composeConversation } from './transcript';
import { readTwiml } from './twiml';
import { callsPath, rfc2822 } from './twilio-resource';
import type { CallStatus } from './types';
import type { WebhookSender } from './webhook-sender';

export interface ScriptContext {
  state: SimState;
  stats: StatsRecorder;
  sender: WebhookSender;
  authToken: string;
  /** The simulator's own http base URL (for RecordingUrl). */
  baseUrl(): string;
  elevenLabsWebhookUrl(): string | undefined;
  elevenLabsWebhookSecret: string;
  /** Aborted by close(): the script stops where it is and sends nothing more. */
  closing: AbortSignal;
}

type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** Plays one call from create to its last webhook, the way Twilio and the ElevenLabs agent would. */
export class CallScript {
  private readonly hangUpRequested = new AbortController();
  /** Wakes any wait on a hang-up through the API or on close(). */
  private readonly interrupt: AbortSignal;
  private sequenceNumber = 0;
  /** Twilio gives no ordering guarantee; reordering holds `ringing` back until the next callback is queued. */
  private heldRinging: (() => void) | undefined;
  /** Status and recording callbacks of this call, delivered one after the other. */
  private callbacks: Promise<void> = Promise.resolve();
  private talkCompleted = false;

  constructor(
    private readonly call: CallRecord,
    private readonly ctx: ScriptContext,
  ) {
    this.interrupt = AbortSignal.any([this.hangUpRequested.signal, ctx.closing]);
  }

  /** Resolves once the call has ended and all its webhooks were delivered or given up. */
  async run(): Promise<void> {
    await this.dial();
    if (this.ctx.closing.aborted) return;
    this.recordingCallback();
    await Promise.all([this.endConversation(), this.callbacks]);
  }

  /**
   * Status=canceled only affects calls not yet answered; Status=completed ends any live call. The terminal
   * status is decided here, synchronously, so the update response already shows it.
   */
  hangUp(requested: 'completed' | 'canceled'): void {
    const { status } = this.call;
    if (isTerminal(status) || (status === 'in-progress' && requested === 'canceled')) return;
    this.finish(status === 'in-progress' ? 'completed' : 'canceled');
    this.hangUpRequested.abort();
  }

  private get over(): boolean {
    return isTerminal(this.call.status) || this.ctx.closing.aborted;
  }

  private async dial(): Promise<void> {
    const { call } = this;
    // Let the create response leave before the first callback.
    await sleep(0, this.interrupt);
    if (this.over) return;
    this.statusEvent('initiated');
    if (call.plan.fate === 'failed') return this.finish('failed');
    call.status = 'ringing';
    this.statusEvent('ringing');
    await sleep(call.plan.ringMs, this.interrupt);
    if (this.over) return;
    if (call.plan.fate !== 'answered') return this.finish(call.plan.fate);
    await this.answer();
  }

  private async answer(): Promise<void> {
    const { call } = this;
    call.status = 'in-progress';
    call.answeredAt = Date.now();
    call.answeredBy = this.answeredBy();
    this.statusEvent('answered');
    const unreachable =
      call.twiml === undefined &&
      call.plan.twimlRequestLossRate > 0 &&
      call.plan.rng() < call.plan.twimlRequestLossRate;
    const fetched =
      call.twiml ??
      (unreachable
        ? undefined
        : await this.ctx.sender.fetchTwiml(call.url ?? '', this.callParams(), this.ctx.authToken));
    const tooLate = call.plan.twimlLossRate > 0 && call.plan.rng() < call.plan.twimlLossRate;
    const twiml = tooLate ? undefined : fetched;
    if (this.over) return;
    const action = twiml === undefined ? ({ kind: 'invalid' } as const) : readTwiml(twiml);
    switch (action.kind) {
      case 'stream':
        return this.converse(action.conversationId);
      case 'message':
        call.handling = 'message';
        await sleep(this.talkMs(), this.interrupt);
        break;
      case 'hangup':
        call.handling = 'hangup';
        break;
      case 'invalid':
        // Twilio plays its "application error" message and hangs up.
        call.handling = 'twiml-error';
        break;
    }
    if (!this.over) this.finish('completed');
  }

  private async converse(conversationId: string | undefined): Promise<void> {
    const { call } = this;
    const conversation =
      conversationId === undefined ? undefined : this.ctx.state.conversations.get(conversationId);
    if (!conversation || conversation.callSid !== undefined) {
      // ElevenLabs refuses the WebSocket of an unknown or already used conversation, which ends the call.
      call.handling = 'stream-rejected';
      return this.finish('completed');
    }
    call.handling = 'conversation';
    call.conversationId = conversation.id;
    Object.assign(conversation, {
      callSid: call.sid,
      streamSid: twilioSid('MZ'),
      status: 'in-progress',
      startedAt: Date.now(),
      callResult: call.plan.machine ? 'voicemail' : 'answered',
    } satisfies Partial<ConversationRecord>);
    await sleep(this.talkMs(), this.interrupt);
    if (this.over) return;
    this.talkCompleted = true;
    this.finish('completed');
  }

  private finish(status: CallStatus): void {
    const { call } = this;
    call.status = status;
    call.endedAt = Date.now();
    call.durationSecs =
      call.answeredAt === undefined ? 0 : Math.ceil((call.endedAt - call.answeredAt) / 1000);
    this.ctx.stats.callEnded(status);
    this.statusEvent('completed');
  }

  private talkMs(): number {
    const limitMs = this.call.timeLimitSecs === undefined ? Infinity : this.call.timeLimitSecs * 1000;
    return Math.min(this.call.plan.talkMs, limitMs);
  }

  private answeredBy(): string | undefined {
    const { machineDetection, plan } = this.call;
    if (machineDetection === undefined) return undefined;
    if (!plan.machine) return 'human';
    return machineDetection === 'DetectMessageEnd' ? plan.machineEndKind : 'machine_start';
  }

  /** The parameters Twilio puts in every request about a call. */
  private callParams(): Record<string, string> {
    const { call } = this;
    return {
      AccountSid: call.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: call.status,
      Called: call.to,
      Caller: call.from,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
      ...(call.answeredBy !== undefined && { AnsweredBy: call.answeredBy }),
    };
  }

  /** Queues a status callback if asked for; the final one (`completed` event) is always sent. */
  private statusEvent(event: StatusEvent): void {
    const { call, ctx } = this;
    const url = call.statusCallback;
    if (url === undefined || (event !== 'completed' && !call.events.has(event))) return;
    // Twilio gave up on our endpoint (or it was down throughout): the call is over, we are not told.
    if (event === 'completed' && call.finalCallbackLost) return;
    const params = {
      ...this.callParams(),
      // The initiated event reports the call as still queued.
      CallStatus: event === 'initiated' ? 'queued' : call.status,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequenceNumber++),
      Timestamp: rfc2822(Date.now()),
      ...(event === 'completed' && { CallDuration: String(call.durationSecs ?? 0) }),
    };
    const copies = call.plan.rng() < call.plan.duplicateRate ? 2 : 1;
    const deliver = (): void => {
      for (let i = 0; i < copies; i++)
        this.enqueue(() => ctx.sender.postTwilio('status', url, params, ctx.authToken));
    };
    if (event === 'ringing' && call.plan.reorderRinging) {
      this.heldRinging = deliver;
      return;
    }
    deliver();
    const held = this.heldRinging;
    this.heldRinging = undefined;
    held?.();
  }

  private recordingCallback(): void {
    const { call, ctx } = this;
    const url = call.recordingStatusCallback;
    if (!call.record || url === undefined || call.status !== 'completed' || call.answeredAt === undefined)
      return;
    const recordingSid = twilioSid('RE');
    const params = {
      AccountSid: call.accountSid,
      CallSid: call.sid,
      RecordingSid: recordingSid,
      RecordingUrl: `${ctx.baseUrl()}${callsPath(call.accountSid).replace(/Calls$/, 'Recordings')}/${recordingSid}`,
      RecordingStatus: 'completed',
      RecordingDuration: String(call.durationSecs ?? 0),
      RecordingChannels: '1',
      RecordingSource: 'OutboundAPI',
      RecordingStartTime: rfc2822(call.answeredAt),
    };
    this.enqueue(() => ctx.sender.postTwilio('recording', url, params, ctx.authToken));
  }

  private enqueue(task: () => Promise<void>): void {
    this.callbacks = this.callbacks.then(task);
  }

  /** ElevenLabs analyses the conversation once the call is over, then sends its post-call webhook. */
  private async endConversation(): Promise<void> {
    const { call, ctx } = this;
    const conversation =
      call.conversationId === undefined ? undefined : ctx.state.conversations.get(call.conversationId);
    if (!conversation) return;
    const dynamicVariables = conversation.clientData['dynamic_variables'];
    const { transcriptDelayMs, transcriptWebhookLossRate, duplicateTranscriptRate } = call.plan.transcript;
    if (transcriptDelayMs > 0) {
      conversation.status = 'processing';
      await sleep(transcriptDelayMs, ctx.closing);
      if (ctx.closing.aborted) return;
    }
    Object.assign(conversation, {
      status: 'done',
      durationSecs: call.durationSecs ?? 0,
      terminationReason: this.talkCompleted ? 'end_call tool was called.' : 'Call ended by remote party',
      composed: composeConversation(
        call.plan.machine ? 'voicemail' : call.plan.reply,
        isRecord(dynamicVariables) ? dynamicVariables : {},
        call.plan.rng,
        !this.talkCompleted,
      ),
    } satisfies Partial<ConversationRecord>);
    const webhookUrl = ctx.elevenLabsWebhookUrl();
    if (webhookUrl === undefined) return;
    // Drawn only when asked for, so a profile without them replays exactly as before.
    if (transcriptWebhookLossRate > 0 && call.plan.rng() < transcriptWebhookLossRate) return;
    const copies = duplicateTranscriptRate > 0 && call.plan.rng() < duplicateTranscriptRate ? 2 : 1;
    const event = {
      type: 'post_call_transcription',
      event_timestamp: Math.floor(Date.now() / 1000),
      data: conversationDetails(conversation),
    };
    for (let i = 0; i < copies; i++)
      await ctx.sender.postElevenLabs(webhookUrl, event, ctx.elevenLabsWebhookSecret);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
