import { randomBytes } from 'node:crypto';
import { connectMongo, type MongoStore } from '../../src/adapters/mongo';
import { makeEvent, type DomainEvent } from '../../src/domain/events';
import { callRecord } from '../support/call-record';
import type { Call } from '../../src/domain/call';
import type { ComplianceRecord } from '../../src/domain/compliance-record';
import type { NewConsent } from '../../src/domain/consent';
import type { CallAnalysis, NewCampaign, NewLead } from '../../src/ports/repositories.port';
import { withDatabase } from '../support/processes';

const T0 = new Date('2026-03-04T19:00:00.000Z');
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);

let store: MongoStore;
let seq = 0;
const uid = (prefix: string) => `${prefix}_${++seq}_${randomBytes(2).toString('hex')}`;

beforeAll(async () => {
  store = await connectMongo(
    withDatabase(process.env.MONGODB_URI!, `repos_${randomBytes(4).toString('hex')}`),
  );
});

afterAll(async () => {
  await store.connection.dropDatabase();
  await store.close();
});

function callFor(overrides: Partial<Call> = {}): Call {
  return callRecord({ callId: uid('call'), attemptId: uid('att') }, T0, {
    complianceCheckId: 'chk_1',
    ...overrides,
  });
}

function callEvent(call: Call, type: DomainEvent['type'], step: string): DomainEvent {
  return makeEvent(
    type,
    `${call.callId}:${step}`,
    { callId: call.callId, leadId: call.leadId, campaignId: call.campaignId, payload: { step } },
    at(1),
  );
}

/** The call document's pending events as stored (the repository hides them from the domain object). */
async function pendingIds(callId: string): Promise<string[]> {
  const doc = await store.connection.collection('calls').findOne({ _id: callId } as never);
  return ((doc?.pendingEvents ?? []) as DomainEvent[]).map((e) => e.eventId);
}

function leadInput(campaignId: string, phone: string, rowNumber: number): NewLead {
  return {
    campaignId,
    phone,
    firstName: 'Ann',
    lastName: 'Lee',
    email: null,
    address: { street: null, city: 'Miami', state: 'FL', zip: '33101' },
    timeZone: 'America/New_York',
    propertyAddress: '1 Main St',
    consentId: null,
    rowNumber,
  };
}

async function insertLead(campaignId: string, phone: string, rowNumber: number): Promise<string> {
  const [res] = await store.leads.insertMany([leadInput(campaignId, phone, rowNumber)]);
  if (!res || !('lead' in res)) throw new Error(`unexpected duplicate ${phone}`);
  return res.lead.id;
}

describe('MongoCallRepository', () => {
  it('creates one call per attemptId: a second create returns created:false and the first record', async () => {
    const first = callFor();
    expect(await store.calls.createForAttempt(first)).toEqual({ created: true, call: first });

    const retry = callFor({ attemptId: first.attemptId, to: '+12125559999' });
    const second = await store.calls.createForAttempt(retry);
    expect(second.created).toBe(false);
    expect(second.call).toEqual(first);
    expect(await store.calls.get(retry.callId)).toBeNull();
    expect(await store.connection.collection('calls').countDocuments({ attemptId: first.attemptId })).toBe(1);
    expect(await store.calls.get(first.callId)).toEqual(first);
  });

  it('advances forward only, and only the update that moved the call records its events', async () => {
    const call = callFor();
    await store.calls.createForAttempt(call);
    const e = (step: string) => callEvent(call, 'CallAnswered', step);

    const queued = await store.calls.advance(call.callId, 'queued', at(1), 'dial', {}, [e('queued')]);
    expect(queued?.status).toBe('queued');
    const ringing = await store.calls.advance(call.callId, 'ringing', at(2), 'twilio', {}, [e('ringing')]);
    expect(ringing?.status).toBe('ringing');
    const live = await store.calls.advance(
      call.callId,
      'in-progress',
      at(3),
      'twilio',
      { answeredBy: 'human' },
      [e('live')],
    );
    expect(live).toMatchObject({ status: 'in-progress', twilio: { answeredBy: 'human' } });

    // A late 'ringing' after 'in-progress': null, nothing changed, its event not recorded.
    expect(
      await store.calls.advance(call.callId, 'ringing', at(4), 'twilio', { durationSec: 99 }, [
        e('late-ringing'),
      ]),
    ).toBeNull();
    // Same status again is not a move either.
    expect(
      await store.calls.advance(call.callId, 'in-progress', at(4), 'twilio', {}, [e('live-again')]),
    ).toBeNull();
    const afterLate = await store.calls.get(call.callId);
    expect(afterLate?.status).toBe('in-progress');
    expect(afterLate?.durationSec).toBeNull();

    const done = await store.calls.advance(call.callId, 'completed', at(5), 'twilio', { durationSec: 42 }, [
      e('completed'),
    ]);
    expect(done).toMatchObject({ status: 'completed', durationSec: 42 });
    expect(
      await store.calls.advance(call.callId, 'completed', at(6), 'twilio', { durationSec: 7 }, [
        e('completed-again'),
      ]),
    ).toBeNull();
    // A terminal status is final: no other terminal status replaces it.
    expect(await store.calls.advance(call.callId, 'failed', at(7), 'dial', {}, [e('failed')])).toBeNull();

    const final = await store.calls.get(call.callId);
    expect(final?.status).toBe('completed');
    expect(final?.durationSec).toBe(42);
    expect(final?.timeline).toEqual([
      { status: 'created', at: T0, source: 'dial' },
      { status: 'queued', at: at(1), source: 'dial' },
      { status: 'ringing', at: at(2), source: 'twilio' },
      { status: 'in-progress', at: at(3), source: 'twilio' },
      { status: 'completed', at: at(5), source: 'twilio' },
    ]);
    expect(final?.twilio).toEqual({ callSid: null, answeredBy: 'human' });
    expect(await pendingIds(call.callId)).toEqual(
      [e('queued'), e('ringing'), e('live'), e('completed')].map((x) => x.eventId),
    );
    expect(await store.calls.advance('call_missing', 'queued', at(1), 'dial', {}, [])).toBeNull();
  });

  it('sets the call sid once, records the outcome once and completes the analysis once', async () => {
    const call = callFor();
    await store.calls.createForAttempt(call);
    const initiated = callEvent(call, 'CallInitiated', 'sid');
    const sidAgain = callEvent(call, 'CallInitiated', 'sid-again');

    expect((await store.calls.setCallSid(call.callId, 'CA_1', [initiated]))?.twilio.callSid).toBe('CA_1');
    expect(await store.calls.setCallSid(call.callId, 'CA_2', [sidAgain])).toBeNull();
    expect((await store.calls.get(call.callId))?.twilio.callSid).toBe('CA_1');

    const outcome = callEvent(call, 'CallCompleted', 'outcome');
    expect(await store.calls.recordOutcome(call.callId, 'voicemail', [outcome])).toBe(true);
    expect(
      await store.calls.recordOutcome(call.callId, 'qualified', [
        callEvent(call, 'CallCompleted', 'outcome-2'),
      ]),
    ).toBe(false);
    expect((await store.calls.get(call.callId))?.outcome).toBe('voicemail');

    const analysis: CallAnalysis = {
      conversationId: 'conv_1',
      transcript: [
        { role: 'agent', message: 'Hi, this is Sam from Acme Realty.', timeInCallSecs: 0, sentiment: 0 },
        { role: 'user', message: 'I might sell next spring.', timeInCallSecs: 4, sentiment: 0.4 },
      ],
      summary: 'Interested in selling',
      sentiment: { overall: 0.4, label: 'positive' },
      intent: 'sell_later',
      outcome: 'callback',
      durationSec: 61,
    };
    const ready = callEvent(call, 'CallTranscriptReady', 'analysis');
    const analysed = await store.calls.completeAnalysis(call.callId, analysis, [ready]);
    expect(analysed).toMatchObject({
      elevenlabs: { conversationId: 'conv_1' },
      transcript: analysis.transcript,
      summary: 'Interested in selling',
      sentiment: { overall: 0.4, label: 'positive' },
      intent: 'sell_later',
      outcome: 'callback',
      durationSec: 61,
    });
    const again = await store.calls.completeAnalysis(
      call.callId,
      { ...analysis, summary: 'second', outcome: 'not_interested', durationSec: 1 },
      [callEvent(call, 'CallTranscriptReady', 'analysis-2')],
    );
    expect(again).toBeNull();
    const stored = await store.calls.get(call.callId);
    expect(stored).toMatchObject({ summary: 'Interested in selling', outcome: 'callback', durationSec: 61 });
    expect(stored).not.toHaveProperty('pendingEvents');
    expect(stored).not.toHaveProperty('hasPendingEvents');
    expect(await pendingIds(call.callId)).toEqual([initiated.eventId, outcome.eventId, ready.eventId]);
  });

  it('records CallInitiated once whether the webhook or the dial job stores the sid first', async () => {
    // Twilio's first callback can overtake our own save of the sid after calls.create returns.
    const call = callFor();
    await store.calls.createForAttempt(call);
    const initiated = callEvent(call, 'CallInitiated', 'placed');
    const byWebhook = await store.calls.setCallSid(call.callId, 'CA_race', [initiated]);
    expect(byWebhook?.twilio.callSid).toBe('CA_race');
    const byDialJob = await store.calls.setCallSid(call.callId, 'CA_race', [initiated]);
    expect(byDialJob?.twilio.callSid).toBe('CA_race');
    // Both pushes carry the same eventId: the outbox keeps one.
    expect(new Set(await pendingIds(call.callId))).toEqual(new Set([initiated.eventId]));
    // A different sid is refused, with its events.
    expect(
      await store.calls.setCallSid(call.callId, 'CA_other', [callEvent(call, 'CallInitiated', 'other')]),
    ).toBeNull();
    expect((await store.calls.get(call.callId))?.twilio.callSid).toBe('CA_race');
    expect(new Set(await pendingIds(call.callId))).toEqual(new Set([initiated.eventId]));
  });

  it('records a placed call in one write, or only its sid and event when a webhook moved it on first', async () => {
    const [fresh, overtaken] = [callFor(), callFor()];
    for (const call of [fresh, overtaken]) await store.calls.createForAttempt(call);
    const placedAt = new Date(T0.getTime() + 1000);
    const freshEvent = callEvent(fresh, 'CallInitiated', 'fresh');
    await store.calls.recordPlaced(fresh.callId, 'CA_fresh', placedAt, [freshEvent]);
    const placed = await store.calls.get(fresh.callId);
    expect(placed?.status).toBe('queued');
    expect(placed?.twilio.callSid).toBe('CA_fresh');
    expect(placed?.timeline.map((t) => [t.status, t.source])).toEqual([
      ['created', 'dial'],
      ['queued', 'dial'],
    ]);
    expect(await pendingIds(fresh.callId)).toEqual([freshEvent.eventId]);

    // The ringing callback came before the dial job's own save: the call stays ringing.
    await store.calls.advance(overtaken.callId, 'ringing', placedAt, 'twilio:status', {}, []);
    const event = callEvent(overtaken, 'CallInitiated', 'overtaken');
    await store.calls.recordPlaced(overtaken.callId, 'CA_overtaken', placedAt, [event]);
    await store.calls.recordPlaced(overtaken.callId, 'CA_overtaken', placedAt, [event]);
    const kept = await store.calls.get(overtaken.callId);
    expect(kept?.status).toBe('ringing');
    expect(kept?.twilio.callSid).toBe('CA_overtaken');
    expect(kept?.timeline.map((t) => t.status)).toEqual(['created', 'ringing']);
    expect(new Set(await pendingIds(overtaken.callId))).toEqual(new Set([event.eventId]));
  });

  it('records the connect answer with its conversation in one write, keeping a conversation id known first', async () => {
    const [fresh, named, voicemail] = [callFor(), callFor(), callFor()];
    const callee = (call: Call) => ({
      id: call.leadId,
      firstName: 'Ana',
      lastName: call.callId,
      email: null,
      address: { street: null, city: 'Miami', state: 'FL', zip: null },
      propertyAddress: null,
      language: 'es',
    });
    for (const call of [fresh, named, voicemail]) {
      await store.calls.createForAttempt(call, callee(call));
      const claim = await store.calls.claimConnect(call.callId, T0);
      expect(claim).toMatchObject({
        claimed: true,
        call: { callId: call.callId, connectRequestedAt: T0 },
        callee: callee(call),
      });
      expect(claim.call).not.toHaveProperty('callee');
    }
    await store.calls.recordConnectAnswer(fresh.callId, '<Response>agent</Response>', 'conv_from_twiml');
    // ElevenLabs' webhook delivered this call's conversation before the TwiML was stored: its id stays.
    await store.calls.attachConversation(named.callId, {
      conversationId: 'conv_from_webhook',
      status: 'done',
      callSid: null,
      callId: named.callId,
      transcript: [],
      summary: null,
      callSuccessful: null,
      durationSec: null,
      analysis: { dataCollection: {}, evaluation: {} },
      language: null,
    });
    await store.calls.recordConnectAnswer(named.callId, '<Response>agent</Response>', 'conv_from_twiml');
    await store.calls.recordConnectAnswer(voicemail.callId, '<Response>vm</Response>', null);
    expect((await store.calls.get(fresh.callId))?.elevenlabs.conversationId).toBe('conv_from_twiml');
    expect((await store.calls.get(named.callId))?.elevenlabs.conversationId).toBe('conv_from_webhook');
    expect((await store.calls.get(voicemail.callId))?.elevenlabs.conversationId).toBeNull();
    // A replayed connect request gets the answer each call was given.
    expect(await store.calls.claimConnect(fresh.callId, T0)).toMatchObject({
      claimed: false,
      earlier: '<Response>agent</Response>',
    });
    expect(await store.calls.claimConnect(named.callId, T0)).toMatchObject({
      claimed: false,
      earlier: '<Response>agent</Response>',
    });
    expect(await store.calls.claimConnect(voicemail.callId, T0)).toMatchObject({
      claimed: false,
      earlier: '<Response>vm</Response>',
      callee: callee(voicemail),
    });
  });

  it('does not let a connect request claim a call that has ended, and answers no call for an unknown id', async () => {
    const ended = callFor({ status: 'completed' });
    await store.calls.createForAttempt(ended);
    const claim = await store.calls.claimConnect(ended.callId, T0);
    expect(claim).toMatchObject({ claimed: false, earlier: '', call: { callId: ended.callId } });
    expect(claim.call?.connectRequestedAt).toBeUndefined();
    expect(await store.calls.claimConnect(uid('call'), T0)).toEqual({
      call: null,
      claimed: false,
      earlier: '',
      callee: null,
    });
  });

  it('lists the times calls were placed to a phone since a given time', async () => {
    const phone = '+13055550142';
    const other = '+13055550143';
    for (const [to, sec] of [
      [phone, -3600],
      [phone, 0],
      [phone, 1800],
      [other, 600],
      [phone, 3600],
    ] as const) {
      await store.calls.createForAttempt(callFor({ to, createdAt: at(sec), updatedAt: at(sec) }));
    }
    const times = (await store.calls.countPlacedSince(phone, at(0)))
      .map((d) => d.getTime())
      .sort((a, b) => a - b);
    expect(times).toEqual([at(0), at(1800), at(3600)].map((d) => d.getTime()));
    expect(await store.calls.countPlacedSince(phone, at(3601))).toEqual([]);
    expect((await store.calls.countPlacedSince(other, at(-7200))).map((d) => d.toISOString())).toEqual([
      at(600).toISOString(),
    ]);
  });

  it('lists calls for a carrier check once silent and due; one claimant moves the check; final calls leave', async () => {
    const created = at(100_000);
    const call = callFor({ status: 'ringing', createdAt: created, updatedAt: created });
    await store.calls.createForAttempt(call);
    const quiet = 90;
    const listed = async (now: Date) =>
      (await store.calls.listDueForCheck(new Date(now.getTime() - quiet * 1000), now, 1000)).filter(
        (c) => c.callId === call.callId,
      );

    expect(await listed(at(100_000 + quiet - 1))).toEqual([]);
    expect(await listed(at(100_000 + quiet))).toEqual([call]);
    // A status change restarts the silence.
    expect(
      await store.calls.advance(call.callId, 'in-progress', at(100_030), 'twilio', {}, []),
    ).not.toBeNull();
    expect(await listed(at(100_000 + quiet))).toEqual([]);
    expect(await listed(at(100_030 + quiet))).toHaveLength(1);

    const now = at(100_030 + quiet);
    expect(await store.calls.scheduleCheck(call.callId, now, at(100_200))).toBe(true);
    // A second pass that read the call as due at the same moment loses the claim.
    expect(await store.calls.scheduleCheck(call.callId, now, at(100_300))).toBe(false);
    expect(await listed(at(100_199))).toEqual([]);
    expect(await listed(at(100_200))).toHaveLength(1);

    expect(await store.calls.advance(call.callId, 'completed', at(100_250), 'twilio', {}, [])).not.toBeNull();
    expect(await listed(at(999_999))).toEqual([]);
    expect(await store.calls.scheduleCheck(call.callId, at(999_999), at(1_000_000))).toBe(false);
    expect(await store.calls.get(call.callId)).not.toHaveProperty('carrierCheck');
    // Final calls leave the index, so the reconciler's search stays as small as the set of open calls.
    expect(await store.connection.collection('calls').indexes()).toContainEqual(
      expect.objectContaining({
        key: { 'carrierCheck.notBefore': 1, 'carrierCheck.lastStatusAt': 1 },
        sparse: true,
      }),
    );
  });
});

describe('MongoLeadRepository', () => {
  it('insertMany stores a lead exactly as mongoose would through the lead schema, without casting it', async () => {
    const campaignId = uid('cmp');
    const inputs: NewLead[] = [
      { ...leadInput(campaignId, '+13055550190', 1), language: 'es', consentId: 'cns_1' },
      // No language at all, and an address of nulls: mongoose fills in the schema's defaults.
      {
        ...leadInput(campaignId, '+13055550191', 2),
        address: { street: null, city: null, state: null, zip: null },
      },
    ];
    const saved = await store.leads.insertMany(inputs);

    const Lead = store.connection.model('Lead');
    for (const [i, result] of saved.entries()) {
      const id = 'lead' in result ? result.lead.id : '';
      const stored = await store.connection.collection('leads').findOne({ _id: id } as never);
      // What the repository gave mongoose to cast before it inserted leads lean.
      const hydrated = new Lead({
        ...inputs[i],
        _id: id,
        status: 'new',
        attempts: 0,
        lastOutcome: null,
        blockedReasons: [],
        qualification: null,
        nextStep: null,
        createdAt: stored?.createdAt,
        updatedAt: stored?.updatedAt,
      });
      await expect(hydrated.validate()).resolves.toBeUndefined();
      expect(stored).toEqual(hydrated.toObject());
    }
  });

  it('insertMany saves every lead but a duplicate (campaign, phone), which answers in its place; another campaign may have the number', async () => {
    const campaignA = uid('cmp');
    const campaignB = uid('cmp');
    const [first] = await store.leads.insertMany([leadInput(campaignA, '+13055550100', 1)]);
    expect(first).toMatchObject({
      lead: {
        campaignId: campaignA,
        phone: '+13055550100',
        status: 'new',
        attempts: 0,
        lastOutcome: null,
        blockedReasons: [],
      },
    });

    // A duplicate of an earlier write and one within this write, between leads that are saved all the same.
    const batch = await store.leads.insertMany([
      leadInput(campaignA, '+13055550101', 2),
      leadInput(campaignA, '+13055550100', 3),
      leadInput(campaignA, '+13055550102', 4),
      leadInput(campaignA, '+13055550102', 5),
      leadInput(campaignB, '+13055550100', 1),
    ]);
    expect(batch.map((r) => ('lead' in r ? [r.lead.campaignId, r.lead.rowNumber] : 'duplicate'))).toEqual([
      [campaignA, 2],
      'duplicate',
      [campaignA, 4],
      'duplicate',
      [campaignB, 1],
    ]);
    expect(await store.leads.insertMany([leadInput(campaignA, '+13055550101', 6)])).toEqual([
      { duplicate: true },
    ]);
    expect(await store.leads.insertMany([])).toEqual([]);

    const leadsOfA = await store.leads.listByCampaign(campaignA, { limit: 100 });
    expect(leadsOfA.map((l) => l.rowNumber)).toEqual([1, 2, 4]);
    expect(leadsOfA.map((l) => l.id)).toEqual(
      [first!, batch[0]!, batch[2]!].map((r) => ('lead' in r ? r.lead.id : null)),
    );
    expect((await store.leads.listByPhone('+13055550100')).map((l) => l.campaignId).sort()).toEqual(
      [campaignA, campaignB].sort(),
    );
  });

  it("records a call's result even when the dial job's own save of the attempt was lost, never for an earlier attempt", async () => {
    const campaignId = uid('cmp');
    const id = await insertLead(campaignId, '+13055550210', 1);
    // The compliance job set it dialing; the dial job placed the call and died before saving attempt 1.
    await store.leads.update(id, { status: 'dialing' });
    const decided = await store.leads.recordCallResult(id, 1, {
      status: 'completed',
      lastOutcome: 'qualified',
    });
    expect(decided).toMatchObject({ status: 'completed', lastOutcome: 'qualified', attempts: 1 });
    // The dial job's re-run finds the result recorded: the lead is not dialing again.
    expect(await store.leads.recordDialing(id, 1)).toBeNull();
    expect((await store.leads.get(id))?.status).toBe('completed');

    const later = await insertLead(campaignId, '+13055550211', 2);
    expect(await store.leads.recordDialing(later, 1)).toMatchObject({ status: 'dialing', attempts: 1 });
    await store.leads.transition(later, ['dialing'], { status: 'retry_scheduled', attempts: 1 });
    // Attempt 1's re-run does not reopen it; attempt 2 moves it on, and attempt 1's result no longer applies.
    expect(await store.leads.recordDialing(later, 1)).toBeNull();
    expect(await store.leads.recordDialing(later, 2)).toMatchObject({ status: 'dialing', attempts: 2 });
    expect(
      await store.leads.recordCallResult(later, 1, { status: 'completed', lastOutcome: 'qualified' }),
    ).toBeNull();
    expect((await store.leads.get(later))?.attempts).toBe(2);
  });

  it('transitions only from the listed statuses; events go with the update that applied', async () => {
    const campaignId = uid('cmp');
    const id = await insertLead(campaignId, '+13055550200', 1);
    const ev = (k: string) =>
      makeEvent('CallFailed', `${id}:${k}`, { callId: null, leadId: id, campaignId, payload: {} }, at(1));

    expect(
      await store.leads.transition(id, ['queued', 'waiting'], { status: 'dialing' }, [ev('wrong-from')]),
    ).toBeNull();
    expect((await store.leads.get(id))?.status).toBe('new');

    const queued = await store.leads.transition(id, ['new'], { status: 'queued' });
    expect(queued?.status).toBe('queued');
    const blocked = await store.leads.transition(
      id,
      ['new', 'queued'],
      { status: 'blocked', blockedReasons: ['INTERNAL_DNC'] },
      [ev('blocked')],
    );
    expect(blocked).toMatchObject({ status: 'blocked', blockedReasons: ['INTERNAL_DNC'] });
    // A final lead does not come back.
    expect(
      await store.leads.transition(id, ['new', 'queued', 'waiting'], { status: 'dialing' }, [ev('revive')]),
    ).toBeNull();
    expect((await store.leads.get(id))?.status).toBe('blocked');

    const doc = await store.connection.collection('leads').findOne({ _id: id } as never);
    expect((doc?.pendingEvents as DomainEvent[]).map((e) => e.eventId)).toEqual([ev('blocked').eventId]);
    expect(await store.leads.transition('lead_missing', ['new'], { status: 'queued' })).toBeNull();
  });

  it('transitionMany moves only the listed leads that are in one of `from`, and keeps their events', async () => {
    const campaignId = uid('cmp');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await insertLead(campaignId, `+1305555060${i}`, i + 1));
    const event = makeEvent(
      'CallFailed',
      `${ids[1]}:blocked`,
      { callId: null, leadId: ids[1]!, campaignId, payload: {} },
      at(1),
    );
    await store.leads.transition(ids[1]!, ['new'], { status: 'blocked' }, [event]);

    await store.leads.transitionMany([ids[0]!, ids[1]!, ids[2]!, 'lead_missing'], ['new'], {
      status: 'queued',
    });

    const after = await Promise.all(ids.map((id) => store.leads.get(id)));
    expect(after.map((l) => l!.status)).toEqual(['queued', 'blocked', 'queued', 'new']);
    const doc = await store.connection.collection('leads').findOne({ _id: ids[1] } as never);
    expect((doc?.pendingEvents as DomainEvent[]).map((e) => e.eventId)).toEqual([event.eventId]);
  });

  it('counts leads by status and by last outcome', async () => {
    const campaignId = uid('cmp');
    const otherCampaign = uid('cmp');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await insertLead(campaignId, `+1305555030${i}`, i + 1));
    await insertLead(otherCampaign, '+13055550300', 1);

    await store.leads.update(ids[0]!, { status: 'completed', lastOutcome: 'qualified', attempts: 1 });
    await store.leads.update(ids[1]!, { status: 'completed', lastOutcome: 'qualified', attempts: 2 });
    await store.leads.update(ids[2]!, { status: 'retry_scheduled', lastOutcome: 'no-answer', attempts: 1 });
    await store.leads.update(ids[3]!, { status: 'blocked', blockedReasons: ['NO_CONSENT'] });
    await store.leads.update(ids[4]!, { status: 'exhausted', lastOutcome: 'voicemail', attempts: 3 });

    expect(await store.leads.countByStatus(campaignId)).toEqual({
      completed: 2,
      retry_scheduled: 1,
      blocked: 1,
      exhausted: 1,
      new: 1,
    });
    expect(await store.leads.countByOutcome(campaignId)).toEqual({
      qualified: 2,
      'no-answer': 1,
      voicemail: 1,
    });
    // Open = any lead that can still move on; closing the last one makes the campaign finishable.
    expect(await store.leads.hasOpen(campaignId)).toBe(true);
    for (const id of [ids[2]!, ids[5]!]) await store.leads.update(id, { status: 'cancelled' });
    expect(await store.leads.hasOpen(campaignId)).toBe(false);
    expect(await store.leads.hasOpen('cmp_none')).toBe(false);
    await store.leads.update(ids[2]!, { status: 'retry_scheduled' });
    await store.leads.update(ids[5]!, { status: 'new' });
    expect(await store.leads.countByStatus(otherCampaign)).toEqual({ new: 1 });
    expect(await store.leads.countByOutcome(otherCampaign)).toEqual({});
    expect(await store.leads.countByStatus('cmp_none')).toEqual({});
    expect(
      (await store.leads.listByCampaign(campaignId, { limit: 100 }, ['completed', 'new'])).map((l) => l.id),
    ).toEqual([ids[0], ids[1], ids[5]]);
  });
});

describe('MongoConsentRepository', () => {
  const consent = (phone: string): NewConsent => ({
    phone,
    leadId: null,
    method: 'electronic_signature',
    capturedAt: at(-86_400),
    expiresAt: null,
    sellerName: 'Acme Realty',
    coversAutomatedCalls: true,
    source: { formUrl: 'https://acme.example/form', ip: '203.0.113.7' },
  });

  it('createMany stores every consent and answers them in the order given', async () => {
    const phones = ['+13055550410', '+13055550411', '+13055550410'];
    const created = await store.consents.createMany(phones.map(consent));
    expect(created.map((c) => c.phone)).toEqual(phones);
    expect(new Set(created.map((c) => c.id)).size).toBe(3);
    for (const c of created) expect(await store.consents.get(c.id)).toEqual(c);
  });

  it('keeps the first revocation time', async () => {
    const c = await store.consents.create(consent('+13055550400'));
    expect(c.revokedAt).toBeNull();
    expect((await store.consents.revoke(c.id, at(10)))?.revokedAt).toEqual(at(10));
    expect((await store.consents.revoke(c.id, at(20)))?.revokedAt).toEqual(at(10));
    expect(await store.consents.revoke('cns_missing', at(10))).toBeNull();
  });

  it('revokes every open consent of a phone and counts them', async () => {
    const phone = '+13055550401';
    const early = await store.consents.create(consent(phone));
    await store.consents.revoke(early.id, at(5));
    const a = await store.consents.create(consent(phone));
    const b = await store.consents.create(consent(phone));
    const other = await store.consents.create(consent('+13055550402'));

    expect(await store.consents.revokeForPhone(phone, at(30))).toBe(2);
    expect(await store.consents.revokeForPhone(phone, at(40))).toBe(0);
    expect((await store.consents.get(early.id))?.revokedAt).toEqual(at(5));
    expect((await store.consents.get(a.id))?.revokedAt).toEqual(at(30));
    expect((await store.consents.get(b.id))?.revokedAt).toEqual(at(30));
    expect((await store.consents.get(other.id))?.revokedAt).toBeNull();
  });
});

describe('MongoInternalDncRepository', () => {
  it('keeps the first entry when a number is added twice, and removes it', async () => {
    const phone = '+13055550500';
    await store.internalDnc.add({ phone, reason: 'asked on call', source: 'call:1', addedAt: at(1) });
    await store.internalDnc.add({ phone, reason: 'api', source: 'api', addedAt: at(2) });
    expect(await store.internalDnc.contains(phone)).toBe(true);
    expect((await store.internalDnc.list({ limit: 1000 })).filter((e) => e.phone === phone)).toEqual([
      { phone, reason: 'asked on call', source: 'call:1', addedAt: at(1) },
    ]);
    expect(await store.connection.collection('dnc').countDocuments({ _id: phone } as never)).toBe(1);

    expect(await store.internalDnc.remove(phone)).toBe(true);
    expect(await store.internalDnc.remove(phone)).toBe(false);
    expect(await store.internalDnc.contains(phone)).toBe(false);
    expect((await store.internalDnc.list({ limit: 1000 })).filter((e) => e.phone === phone)).toEqual([]);
  });
});

describe('MongoComplianceRecordRepository', () => {
  it("appends records and streams a campaign's records in decision order", async () => {
    const campaignId = uid('cmp');
    const base: Omit<ComplianceRecord, 'id' | 'checkedAt' | 'leadId'> = {
      campaignId,
      attemptId: null,
      phone: '+13055550600',
      stage: 'queue',
      result: 'allowed',
      notBefore: null,
      violations: [],
      evidence: null,
      error: null,
    };
    const stored = async (record: Omit<ComplianceRecord, 'id'>) => {
      const full = { ...record, id: store.complianceRecords.nextId() };
      await store.complianceRecords.append(full);
      return full;
    };
    const third = await stored({ ...base, leadId: 'l3', checkedAt: at(30), result: 'blocked' });
    const first = await stored({ ...base, leadId: 'l1', checkedAt: at(10) });
    const second = await stored({
      ...base,
      leadId: 'l2',
      checkedAt: at(20),
      stage: 'dial',
      attemptId: 'att_2',
    });
    await stored({ ...base, campaignId: uid('cmp'), leadId: 'l9', checkedAt: at(15) });
    expect(first.id).toMatch(/^chk_[0-9a-f]{32}$/);

    const streamed: ComplianceRecord[] = [];
    for await (const r of store.complianceRecords.listByCampaign(campaignId)) streamed.push(r);
    expect(streamed.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
    expect(streamed[1]).toEqual(second);
    expect(streamed.map((r) => r.result)).toEqual(['allowed', 'allowed', 'blocked']);
    expect((await store.complianceRecords.listByAttempt('att_2')).map((r) => r.id)).toEqual([second.id]);
  });
});

describe('MongoCampaignRepository', () => {
  const input: NewCampaign = {
    name: 'Spring sellers',
    agent: { agentId: 'agent_1' },
    callerId: '+12125550100',
    limits: { maxConcurrentCalls: 2, callsPerSecond: 1, maxAttemptsPerLead: 3 },
    retry: {
      'no-answer': { delayMinutes: 60, maxAttempts: 3 },
      busy: { delayMinutes: 30, maxAttempts: 3 },
      failed: { delayMinutes: 120, maxAttempts: 2 },
      voicemail: { delayMinutes: 1440, maxAttempts: 2 },
    },
    voicemail: { action: 'hangup', message: null },
    callingWindow: { start: '09:00', end: '18:00' },
  };

  it('transitions by compare-and-set', async () => {
    const c = await store.campaigns.create(input);
    expect(c.status).toBe('draft');
    expect(await store.campaigns.get(c.id)).toEqual(c);

    expect(await store.campaigns.transition(c.id, ['running'], 'paused')).toBeNull();
    expect((await store.campaigns.transition(c.id, ['draft'], 'running'))?.status).toBe('running');
    // Two starts racing: the second loses.
    expect(await store.campaigns.transition(c.id, ['draft'], 'running')).toBeNull();
    const [p1, p2] = await Promise.all([
      store.campaigns.transition(c.id, ['running'], 'paused'),
      store.campaigns.transition(c.id, ['running'], 'cancelled'),
    ]);
    expect([p1, p2].filter((x) => x !== null)).toHaveLength(1);
    const winner = (p1 ?? p2)!.status;
    expect((await store.campaigns.get(c.id))?.status).toBe(winner);
    expect(await store.campaigns.transition('cmp_missing', ['draft'], 'running')).toBeNull();
  });

  it('pages newest first, ties on createdAt broken by id, each campaign once; the index serves that order', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await store.campaigns.create({ ...input, name: `paged ${i}` }));
    // Three created in the same millisecond: a page boundary falls between them.
    const createdAt = [at(0), at(10), at(10), at(10), at(20)];
    for (const [i, c] of made.entries())
      await store.connection
        .collection('campaigns')
        .updateOne({ _id: c.id } as never, { $set: { createdAt: createdAt[i] } });
    const tied = made.slice(1, 4).map((c) => c.id);
    const expected = [made[4]!.id, ...tied.sort().reverse(), made[0]!.id];

    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await store.campaigns.listPage({ after, limit: 2 });
      seen.push(...page.map((c) => c.id));
      const last = page[page.length - 1];
      if (page.length < 2 || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen.filter((id) => expected.includes(id))).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);

    await store.campaigns.transition(made[2]!.id, ['draft'], 'running');
    expect((await store.campaigns.listByStatus(['running'])).map((c) => c.id)).toContain(made[2]!.id);
    expect((await store.campaigns.listByStatus(['running'])).map((c) => c.id)).not.toContain(made[1]!.id);
    expect(await store.connection.collection('campaigns').indexes()).toContainEqual(
      expect.objectContaining({ key: { createdAt: -1, _id: -1 } }),
    );
  });
});
