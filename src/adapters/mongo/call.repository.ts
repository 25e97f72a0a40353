import {
  CALL_STATUSES,
  canAdvance,
  isTerminal,
  type Call,
  type CallOutcome,
  type CallStatus,
} from '../../domain/call';
import type { DomainEvent } from '../../domain/events';
import type { CallAnalysis, CallPage, CallRepository, ConnectClaim } from '../../ports/repositories.port';
import type { Conversation } from '../../ports/voice-agent.port';
import type { Callee } from '../../domain/call-context';
import type { Models } from './models';
import { fromDoc, isDuplicateKey } from './documents';

const ACTIVE: CallStatus[] = CALL_STATUSES.filter((s) => !isTerminal(s));

export class MongoCallRepository implements CallRepository {
  constructor(private readonly models: Models) {}

  async createForAttempt(
    call: Call,
    callee: Callee | null = null,
  ): Promise<{ created: boolean; call: Call }> {
    const { callId, ...rest } = call;
    try {
      await this.models.Call.create({
        _id: callId,
        ...rest,
        callee,
        carrierCheck: { lastStatusAt: call.createdAt, notBefore: call.createdAt },
      });
      return { created: true, call };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.models.Call.findOne({ attemptId: call.attemptId }).lean();
      if (!existing) throw err;
      return { created: false, call: toCall(existing) };
    }
  }

  async assignCheck(callId: string, complianceCheckId: string): Promise<void> {
    await this.models.Call.updateOne(
      { _id: callId, status: 'created' },
      { $set: { complianceCheckId, updatedAt: new Date() } },
    );
  }

  async get(callId: string): Promise<Call | null> {
    return (await this.getWithConversation(callId))?.call ?? null;
  }

  listByLead(leadId: string, page?: CallPage): Promise<Call[]> {
    return this.listPage({ leadId }, page);
  }

  listActive(page?: CallPage): Promise<Call[]> {
    return this.listPage({ status: { $in: ACTIVE } }, page);
  }

  private async listPage(filter: Record<string, unknown>, page: CallPage | undefined): Promise<Call[]> {
    const q = { ...filter };
    if (page?.after) {
      const { createdAt, callId } = page.after;
      q.$or = [{ createdAt: { $gt: createdAt } }, { createdAt, _id: { $gt: callId } }];
    }
    const query = this.models.Call.find(q).sort({ createdAt: 1, _id: 1 });
    const docs = await (page ? query.limit(page.limit) : query).lean();
    return docs.map(toCall);
  }

  async listDueForCheck(silentSince: Date, now: Date, limit: number): Promise<Call[]> {
    const docs = await this.models.Call.find({
      'carrierCheck.notBefore': { $lte: now },
      'carrierCheck.lastStatusAt': { $lte: silentSince },
    })
      .sort({ 'carrierCheck.notBefore': 1 })
      .limit(limit)
      .lean();
    return docs.map(toCall);
  }

  async scheduleCheck(callId: string, dueBy: Date, nextAt: Date): Promise<boolean> {
    const res = await this.models.Call.updateOne(
      { _id: callId, 'carrierCheck.notBefore': { $lte: dueBy } },
      { $set: { 'carrierCheck.notBefore': nextAt } },
    );
    return res.matchedCount > 0;
  }

  async countPlacedSince(phone: string, since: Date): Promise<Date[]> {
    const docs = await this.models.Call.find(
      { to: phone, createdAt: { $gte: since } },
      { createdAt: 1 },
    ).lean();
    return docs.map((d) => d.createdAt as Date);
  }

  /**
   * Null when another sid is already stored. The same sid again is accepted: a status webhook may have stored it
   * first (it can overtake our own save after calls.create), and its events must still be recorded; an event
   * recorded twice keeps its eventId, so the outbox holds it once.
   */
  async setCallSid(callId: string, callSid: string, events: DomainEvent[]): Promise<Call | null> {
    const doc = await this.models.Call.findOneAndUpdate(
      { _id: callId, 'twilio.callSid': { $in: [null, callSid] } },
      {
        $set: { 'twilio.callSid': callSid, updatedAt: new Date() },
        $push: { pendingEvents: { $each: events } },
      },
      { returnDocument: 'after' },
    ).lean();
    return doc ? toCall(doc) : null;
  }

  async recordPlaced(callId: string, callSid: string, at: Date, events: DomainEvent[]): Promise<void> {
    const { filter, update, set } = advanceStatement(callId, 'queued', at, 'dial', {}, events);
    filter['twilio.callSid'] = { $in: [null, callSid] };
    set['twilio.callSid'] = callSid;
    const placed = await this.models.Call.updateOne(filter, update);
    // A webhook moved the call on first: its status stays, the sid and its event still go in.
    if (placed.matchedCount === 0) await this.setCallSid(callId, callSid, events);
  }

  async advance(
    callId: string,
    status: CallStatus,
    at: Date,
    source: string,
    extra: AdvanceExtra,
    events: DomainEvent[],
  ): Promise<Call | null> {
    const { filter, update } = advanceStatement(callId, status, at, source, extra, events);
    const doc = await this.models.Call.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean();
    return doc ? toCall(doc) : null;
  }

  async attachRecording(callId: string, recording: NonNullable<Call['recording']>): Promise<boolean> {
    const res = await this.models.Call.updateOne(
      { _id: callId },
      { $set: { recording, updatedAt: new Date() } },
    );
    return res.matchedCount > 0;
  }

  async claimConnect(callId: string, at: Date): Promise<ConnectClaim> {
    const claimed = await this.models.Call.findOneAndUpdate(
      { _id: callId, connect: null, status: { $in: ACTIVE } },
      { $set: { connect: { at, twiml: '' } } },
      { returnDocument: 'after' },
    ).lean();
    if (claimed) return { call: toCall(claimed), claimed: true, earlier: '', callee: calleeIn(claimed) };
    const doc = await this.models.Call.findById(callId).lean();
    if (!doc) return { call: null, claimed: false, earlier: '', callee: null };
    const earlier = (doc.connect as { twiml?: string } | null | undefined)?.twiml ?? '';
    return { call: toCall(doc), claimed: false, earlier, callee: calleeIn(doc) };
  }

  async recordConnectAnswer(callId: string, twiml: string, conversationId: string | null): Promise<void> {
    // One write in the usual case; a conversation id an ElevenLabs webhook brought first is kept.
    if (conversationId) {
      const both = await this.models.Call.updateOne(
        { _id: callId, 'elevenlabs.conversationId': null },
        { $set: { 'connect.twiml': twiml, 'elevenlabs.conversationId': conversationId } },
      );
      if (both.matchedCount > 0) return;
    }
    await this.models.Call.updateOne({ _id: callId }, { $set: { 'connect.twiml': twiml } });
  }

  async attachConversation(callId: string, conversation: Conversation): Promise<boolean> {
    const res = await this.models.Call.updateOne(
      { _id: callId, transcript: null },
      {
        $set: {
          receivedConversation: conversation,
          // The conversation whose transcript we hold is the call's, whatever the connect's TwiML named.
          'elevenlabs.conversationId': conversation.conversationId,
          updatedAt: new Date(),
        },
      },
    );
    return res.modifiedCount > 0;
  }

  async getWithConversation(
    callId: string,
  ): Promise<{ call: Call; receivedConversation: Conversation | null; callee: Callee | null } | null> {
    const doc = await this.models.Call.findById(callId).lean();
    if (!doc) return null;
    const received = (doc as { receivedConversation?: Conversation | null }).receivedConversation ?? null;
    return { call: toCall(doc), receivedConversation: received, callee: calleeIn(doc) };
  }

  async closeWithoutTranscript(callId: string, at: Date): Promise<boolean> {
    const res = await this.models.Call.updateOne(
      { _id: callId, transcript: null, closedWithoutTranscriptAt: null },
      { $set: { closedWithoutTranscriptAt: at, updatedAt: new Date() } },
    );
    return res.modifiedCount > 0;
  }

  async recordOutcome(callId: string, outcome: CallOutcome, events: DomainEvent[]): Promise<boolean> {
    const res = await this.models.Call.updateOne(
      { _id: callId, outcome: null },
      { $set: { outcome, updatedAt: new Date() }, $push: { pendingEvents: { $each: events } } },
    );
    return res.modifiedCount > 0;
  }

  async completeAnalysis(callId: string, a: CallAnalysis, events: DomainEvent[]): Promise<Call | null> {
    const set: Record<string, unknown> = {
      'elevenlabs.conversationId': a.conversationId,
      transcript: a.transcript,
      summary: a.summary,
      sentiment: a.sentiment,
      intent: a.intent,
      outcome: a.outcome,
      language: a.language ?? null,
      analysisSource: a.analysisSource ?? null,
      qualification: a.qualification ?? null,
      nextStep: a.nextStep ?? null,
      closedWithoutTranscriptAt: null,
      receivedConversation: null,
      updatedAt: new Date(),
    };
    if (a.durationSec !== null) set.durationSec = a.durationSec;
    const doc = await this.models.Call.findOneAndUpdate(
      { _id: callId, transcript: null },
      { $set: set, $push: { pendingEvents: { $each: events } } },
      { returnDocument: 'after' },
    ).lean();
    return doc ? toCall(doc) : null;
  }
}

type AdvanceExtra = { durationSec?: number; answeredBy?: string; outcome?: Call['outcome'] };

/** The forward-only move to `status`: the call must be in an earlier status; its `$set` is exposed to extend. */
function advanceStatement(
  callId: string,
  status: CallStatus,
  at: Date,
  source: string,
  extra: AdvanceExtra,
  events: DomainEvent[],
) {
  const earlier = CALL_STATUSES.filter((s) => canAdvance(s, status));
  const set: Record<string, unknown> = { status, updatedAt: new Date() };
  if (extra.durationSec !== undefined) set.durationSec = extra.durationSec;
  if (extra.answeredBy !== undefined) set['twilio.answeredBy'] = extra.answeredBy;
  if (extra.outcome !== undefined) set.outcome = extra.outcome;
  const filter: Record<string, unknown> = { _id: callId, status: { $in: earlier } };
  const update: Record<string, unknown> = {
    $set: set,
    $push: { timeline: { status, at, source }, pendingEvents: { $each: events } },
  };
  // A final call has nothing left to ask the carrier about; leaving the sparse index keeps it small.
  if (isTerminal(status)) update.$unset = { carrierCheck: 1 };
  else set['carrierCheck.lastStatusAt'] = at;
  return { filter, update, set };
}

/** Calls stored before the callee was kept have none. */
function calleeIn(doc: unknown): Callee | null {
  return (doc as { callee?: Callee | null }).callee ?? null;
}

/**
 * `carrierCheck` is the reconciler's bookkeeping, `receivedConversation` the post-call job's input and `callee`
 * the connect webhook's: not part of the call. Of the connect webhook's claim, only when it came is.
 */
function toCall(doc: unknown): Call {
  const {
    carrierCheck: _carrierCheck,
    connect,
    receivedConversation: _received,
    callee: _callee,
    ...call
  } = doc as Record<string, unknown>;
  const claim = connect as { at: Date } | null | undefined;
  return { ...fromDoc<Call>(call, 'callId'), ...(claim ? { connectRequestedAt: claim.at } : {}) };
}
