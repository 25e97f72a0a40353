import { isTerminal, MAX_CALL_SEC, RING_TIMEOUT_SEC, type Call } from '../domain/call';
import { callInitiated } from '../domain/events';
import type { Campaign } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import { attemptIdOf, callIdOf, type DialJobData } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import { PermanentJobError, TransientProviderError } from '../errors';
import type { Deps } from '../services/deps';
import type { DialLimits, DialTurn } from '../ports/dial-permits.port';
import { createComplianceGate } from '../services/compliance-gate';
import type { ComplianceRecord } from '../domain/compliance-record';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { webhookUrls } from '../services/webhook-urls';
import { calleeOf } from '../domain/call-context';
import { moduleLogger } from '../logger';
import { loadRunnable, mayGoOn } from './campaign-gate';
import type { DialRate } from '../scheduling/dial-rate';
import { dialLimitsOf } from '../services/dial-limits';
import { slotRecheckDelayMs } from '../scheduling/slot-recheck';

const log = moduleLogger('dial.processor');

/** How long a dial job waits in the worker for a free call slot before it goes back to the queue. */
export const SLOT_WAIT_MS = 5000;

/**
 * A job that waited longer than this for its send turn looks at its campaign again before it sends: with the
 * campaign copy at most 500 ms old, a pause stops every send within a second (the kill switch at once: the
 * admission of each send asks it).
 */
const SEND_RECHECK_AFTER_MS = 250;

/** The turn of a job whose campaign does not exist: it goes on, to fail as such. */
const GO: DialTurn = { kind: 'go' };

/**
 * Places one attempt's call, at most once: rules re-checked now (fail closed), a call slot and a send turn
 * taken in Redis, evidence and the Call record written before Twilio is asked, and an attempt whose earlier try
 * may have reached Twilio is reconciled against Twilio's call list instead of being dialed again. Independent
 * steps run side by side: five round trips separate the job's start from the request to Twilio.
 */
export function createDialProcessor(deps: Deps): Processor<DialJobData> {
  const gate = createComplianceGate(deps);
  const lifecycle = createLeadLifecycle(deps);

  return async (data) => {
    const attemptId = attemptIdOf(data.leadId, data.attemptNumber);
    const callId = callIdOf(attemptId);
    // While the slots or the rate hold calls back, most dial jobs cannot send: such a job goes back to the queue
    // having asked Redis one question, not having loaded, checked and recorded everything first. The campaign
    // (whose limits the lines count) and the rate in force are usually in this worker's caches; the kill switch is
    // asked in the same tick as the turn, so both go to Redis in one write.
    const [known, rate] = await Promise.all([deps.campaigns.get(data.campaignId), deps.load.dialRate()]);
    const [turn, killSwitchEngaged] = await Promise.all([
      known ? deps.permits.dialTurn(callId, data.campaignId, limitsOf(known, rate)) : GO,
      deps.killSwitch.isEngaged(),
    ]);
    if (turn.kind !== 'go') throw deferredTurn(turn);
    // A job that stops here gives up its place in the slot line; one held by a pause or the kill switch keeps it
    // (else each would wake the next in line only for it to be held too).
    const loaded = await loadRunnable(deps, lifecycle, data, { queue: 'dial', killSwitchEngaged }).catch(
      async (err: unknown) => {
        if (!(err instanceof DeferJob)) await deps.permits.leaveSlotLine(callId, data.campaignId);
        throw err;
      },
    );
    if (!loaded) {
      await deps.permits.leaveSlotLine(callId, data.campaignId);
      return { skipped: true };
    }
    let { lead, campaign } = loaded;

    const check = (l: Lead, c: Campaign) =>
      gate.decide({
        lead: l,
        campaign: c,
        stage: 'dial',
        attemptNumber: data.attemptNumber,
        attemptId,
        override: data.override,
      });
    // The slot and the rules' facts are asked for together. A job waits here for a slot, asking Redis only,
    // rather than going back to the queue and reloading everything a second later; no evidence is stored for a
    // decision not acted upon.
    const [slot, checked] = await Promise.allSettled([
      deps.permits.acquire(callId, campaign.id, limitsOf(campaign, rate), SLOT_WAIT_MS),
      check(lead, campaign),
    ]);
    if (slot.status === 'rejected') throw slot.reason;
    const permit = slot.value;
    if (!permit.granted)
      throw new DeferJob(new Date(deps.clock.now().getTime() + permit.retryInMs), permit.reason);

    // Once Twilio may have the call, the slot stays taken: its final status (or the lease) frees it.
    const attempt = { callMayExist: false };
    try {
      if (checked.status === 'rejected') throw checked.reason;
      let { decision, record } = checked.value;
      if (permit.waited) {
        // The wait may have outlasted a pause, a cancel, the kill switch or a new do-not-call entry.
        const reloaded = await loadRunnable(deps, lifecycle, data, {
          queue: 'dial',
          killSwitchEngaged: deps.killSwitch.isEngaged(),
        });
        if (!reloaded) {
          await deps.permits.release(callId, campaign.id);
          return { skipped: true };
        }
        ({ lead, campaign } = reloaded);
        ({ decision, record } = await check(lead, campaign));
      }
      if (decision.result === 'allowed') {
        // The send time is reserved before anything is written: a job refused one leaves no record to reconcile.
        const limits = limitsOf(campaign, rate);
        const reservation = await deps.permits.reserveSend(callId, campaign.id, limits);
        if (!reservation.reserved)
          throw new DeferJob(new Date(deps.clock.now().getTime() + reservation.retryInMs), 'pacing');
        return await placeOnce(lead, campaign, limits, reservation, data, callId, attemptId, record, attempt);
      }
      // Checked only now, not read on every run: a call an earlier try placed counts among the lead's recent
      // calls and can turn this check into a refusal that must not touch the lead. An allowed check meets that
      // call when it stores its own (placeOnce).
      const earlier = await deps.calls.get(callId);
      if (earlier && earlier.status !== 'created')
        return await finishEarlierTry(lead, earlier, data.attemptNumber, attempt);
      await deps.complianceRecords.append(record);
      if (decision.result === 'blocked') {
        log.info('blocked at dial time', {
          leadId: lead.id,
          attemptId,
          violations: decision.violations.map((v) => v.code),
        });
        await deps.permits.release(callId, campaign.id);
        await lifecycle.block(lead, data.attemptNumber, decision.violations);
        return { result: 'blocked' };
      }
      await deps.leads.update(lead.id, { status: 'waiting' });
      throw new DeferJob(decision.notBefore, decision.violations.map((v) => v.code).join(','));
    } catch (err) {
      if (!attempt.callMayExist) await deps.permits.release(callId, campaign.id);
      throw err;
    }
  };

  /**
   * An earlier try of this job placed the call and a webhook moved it on: only that try's bookkeeping is left.
   * This try took the call's slot again under the same call id (a no-op while the call holds it): a call already
   * over gives it back.
   */
  async function finishEarlierTry(
    lead: Lead,
    call: Call,
    attemptNumber: number,
    attempt: { callMayExist: boolean },
  ) {
    attempt.callMayExist = true;
    if (isTerminal(call.status)) await deps.permits.release(call.callId, call.campaignId);
    if (call.twilio.callSid) await recordPlaced(lead, call, call.twilio.callSid, attemptNumber);
    return { alreadyPlaced: call.twilio.callSid };
  }

  /** A job told to wait for a slot sleeps until woken, looking again by itself only as a fallback. */
  function deferredTurn(turn: Exclude<DialTurn, { kind: 'go' }>): DeferJob {
    const now = deps.clock.now().getTime();
    if (turn.kind === 'no-slot')
      return new DeferJob(new Date(now + slotRecheckDelayMs(turn.waitedMs, turn.behind)), 'no-slot');
    return new DeferJob(new Date(now + turn.retryInMs), turn.kind === 'pacing' ? 'pacing' : 'no-slot');
  }

  function limitsOf(campaign: Campaign, rate: DialRate): DialLimits {
    return dialLimitsOf(deps.settings, campaign, rate);
  }

  async function placeOnce(
    lead: Lead,
    campaign: Campaign,
    limits: DialLimits,
    reservation: { waitMs: number },
    data: DialJobData,
    callId: string,
    attemptId: string,
    check: ComplianceRecord,
    attempt: { callMayExist: boolean },
  ) {
    // Evidence and call record are stored before Twilio is asked, while the send turn is awaited: an admitted
    // send stays counted until after its answer, so a delay between admission and request cannot overshoot.
    const turnAskedAt = Date.now();
    const [stored, waited] = await Promise.allSettled([
      Promise.all([
        deps.calls.createForAttempt(
          newCall(lead, campaign, data, callId, attemptId, check.id, deps.clock.now()),
          calleeOf(lead),
        ),
        deps.complianceRecords.append(check),
      ]),
      deps.permits.awaitSendTurn(callId, campaign.id, limits, reservation),
    ]);
    const turn = waited.status === 'fulfilled' && waited.value.granted ? waited.value : null;
    try {
      if (stored.status === 'rejected') throw stored.reason;
      const [{ call, created }] = stored.value;
      if (!created && call.status !== 'created')
        return await finishEarlierTry(lead, call, data.attemptNumber, attempt);
      if (!created) {
        // An earlier try of this job wrote the record; it may have reached Twilio before the worker died.
        const placed = (
          await deps.telephony.listCallsTo(call.to, new Date(call.createdAt.getTime() - 1000))
        ).find((c) => c.from === call.from);
        if (placed) {
          attempt.callMayExist = true;
          log.warn('adopted a call placed by an earlier try', { callId, leadId: lead.id });
          await recordPlaced(lead, call, placed.callSid, data.attemptNumber);
          return { adopted: placed.callSid };
        }
        // This try's check is the one that lets the call go out now.
        await deps.calls.assignCheck(callId, check.id);
      }
      if (waited.status === 'rejected') throw waited.reason;
      if (!turn) {
        // Refused by the kill switch: held until it is released (a cancelled campaign's lead is cancelled instead).
        if ('killSwitchEngaged' in waited.value) await mayGoOn(deps, lifecycle, data, campaign, true, 'dial');
        const retryInMs = 'retryInMs' in waited.value ? waited.value.retryInMs : 0;
        throw new DeferJob(new Date(deps.clock.now().getTime() + retryInMs), 'pacing');
      }
      // The wait for the send turn (up to 5 s) may have outlasted a pause or a cancel (the kill switch was asked
      // with the admission).
      if (Date.now() - turnAskedAt > SEND_RECHECK_AFTER_MS && !(await stillMayGoOn(campaign, data))) {
        await deps.permits.release(callId, campaign.id);
        return { skipped: true };
      }
      return await send(lead, campaign, call, data.attemptNumber, attempt);
    } finally {
      // Sent or not, the turn's end is now known: it stays counted one more window from here.
      if (turn) await markSent(turn.sent, callId);
    }
  }

  async function send(
    lead: Lead,
    campaign: Campaign,
    call: Call,
    attemptNumber: number,
    attempt: { callMayExist: boolean },
  ) {
    const urls = webhookUrls(deps.settings.publicBaseUrl, call.callId);
    let callSid: string;
    attempt.callMayExist = true;
    try {
      ({ callSid } = await deps.telephony.placeCall({
        to: lead.phone,
        from: campaign.callerId,
        connectUrl: urls.connect,
        statusCallbackUrl: urls.status,
        recordingCallbackUrl: urls.recording,
        machineDetection: campaign.voicemail.action === 'leave_message' ? 'DetectMessageEnd' : 'Enable',
        ringTimeoutSec: RING_TIMEOUT_SEC,
        timeLimitSec: MAX_CALL_SEC,
      }));
    } catch (err) {
      // A refusal with a status means no call exists; a lost answer (no status) may hide a placed call.
      attempt.callMayExist = err instanceof TransientProviderError && err.status === undefined;
      if (err instanceof PermanentJobError) {
        await deps.calls.advance(call.callId, 'failed', deps.clock.now(), 'dial', {}, []);
        await deps.scheduler.enqueuePostCall({ callId: call.callId });
      }
      throw err;
    }
    await recordPlaced(lead, call, callSid, attemptNumber);
    log.info('call placed', { callId: call.callId, leadId: lead.id, attemptId: call.attemptId });
    return { callSid };
  }

  /** The campaign as it is now (a copy at most 500 ms old); a held job throws. */
  async function stillMayGoOn(campaign: Campaign, data: DialJobData): Promise<boolean> {
    const current = (await deps.campaigns.get(campaign.id)) ?? campaign;
    return mayGoOn(deps, lifecycle, data, current, false, 'dial');
  }

  /** A failure here only keeps the send counted longer (the pacing errs towards fewer calls): no reason to fail. */
  async function markSent(sent: () => Promise<void>, callId: string) {
    await sent().catch((err: unknown) =>
      log.warn('could not record the end of a send', { callId, error: (err as Error).message }),
    );
  }

  /** Two independent forward-only updates: the call (sid, its event, status) and the lead. */
  async function recordPlaced(lead: Lead, call: Call, callSid: string, attemptNumber: number) {
    const now = deps.clock.now();
    const event = callInitiated({ ...call, attemptNumber }, callSid, now);
    await Promise.all([
      deps.calls.recordPlaced(call.callId, callSid, now, [event]),
      deps.leads.recordDialing(lead.id, attemptNumber),
    ]);
  }
}

function newCall(
  lead: Lead,
  campaign: Campaign,
  data: DialJobData,
  callId: string,
  attemptId: string,
  checkId: string,
  now: Date,
): Call {
  return {
    callId,
    attemptId,
    attemptNumber: data.attemptNumber,
    leadId: lead.id,
    campaignId: campaign.id,
    to: lead.phone,
    from: campaign.callerId,
    status: 'created',
    timeline: [{ status: 'created', at: now, source: 'dial' }],
    twilio: { callSid: null, answeredBy: null },
    elevenlabs: { conversationId: null },
    durationSec: null,
    recording: null,
    transcript: null,
    summary: null,
    sentiment: null,
    intent: null,
    outcome: null,
    complianceCheckId: checkId,
    overrideReason: data.override?.reason ?? null,
    createdAt: now,
    updatedAt: now,
  };
}
