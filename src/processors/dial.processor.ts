import { MAX_CALL_SEC, RING_TIMEOUT_SEC, type Call } from '../domain/call';
import { callEvent } from '../domain/events';
import type { Campaign } from '../domain/campaign';
import { OPEN_LEAD_STATUSES, type Lead } from '../domain/lead';
import { attemptIdOf, callIdOf, type DialJobData } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import { PermanentJobError, TransientProviderError } from '../errors';
import type { Deps } from '../services/deps';
import type { DialLimits } from '../ports/dial-permits.port';
import { createComplianceGate } from '../services/compliance-gate';
import type { ComplianceRecord } from '../domain/compliance-record';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { webhookUrls } from '../services/webhook-urls';
import { moduleLogger } from '../logger';
import { loadRunnable } from './campaign-gate';

const log = moduleLogger('dial.processor');

/** How long a dial job waits in the worker for a free call slot before it goes back to the queue. */
export const SLOT_WAIT_MS = 5000;

/**
 * Places one attempt's call, at most once: rules re-checked now (fail closed), a call slot and the pacing mark
 * taken in Redis, the Call record written before Twilio is asked, and an attempt whose earlier try may have
 * reached Twilio is reconciled against Twilio's call list instead of being dialed again.
 */
export function createDialProcessor(deps: Deps): Processor<DialJobData> {
  const gate = createComplianceGate(deps);
  const lifecycle = createLeadLifecycle(deps);

  return async (data) => {
    const attemptId = attemptIdOf(data.leadId, data.attemptNumber);
    const callId = callIdOf(attemptId);
    const [loaded, existing] = await Promise.all([
      loadRunnable(deps, lifecycle, data, { checkKillSwitch: true }),
      deps.calls.get(callId),
    ]);
    if (!loaded) return { skipped: true };
    let { lead, campaign } = loaded;

    if (existing && existing.status !== 'created') {
      // An earlier try placed it and a webhook got here first: finish that try's bookkeeping only.
      if (existing.twilio.callSid)
        await recordPlaced(lead, existing, existing.twilio.callSid, data.attemptNumber);
      return { alreadyPlaced: existing.twilio.callSid };
    }

    // The slot comes first: a job waiting for one must not write evidence each time it asks. It waits here,
    // asking Redis only, rather than going back to the queue and reloading everything a second later.
    const permit = await deps.permits.acquire(callId, campaign.id, limitsOf(campaign), SLOT_WAIT_MS);
    if (!permit.granted)
      throw new DeferJob(new Date(deps.clock.now().getTime() + permit.retryInMs), permit.reason);

    // Once Twilio may have the call, the slot stays taken: its final status (or the lease) frees it.
    const attempt = { callMayExist: false };
    try {
      if (permit.waited) {
        // The wait may have outlasted a pause, a cancel or the kill switch.
        const reloaded = await loadRunnable(deps, lifecycle, data, { checkKillSwitch: true });
        if (!reloaded) {
          await deps.permits.release(callId, campaign.id);
          return { skipped: true };
        }
        ({ lead, campaign } = reloaded);
      }
      const { decision, record } = await gate.decide({
        lead,
        campaign,
        stage: 'dial',
        attemptNumber: data.attemptNumber,
        attemptId,
        override: data.override,
      });
      if (decision.result === 'allowed')
        return await placeOnce(lead, campaign, data, callId, attemptId, record, attempt);
      await gate.record(record);
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

  function limitsOf(campaign: Campaign): DialLimits {
    return {
      globalMaxConcurrent: deps.settings.globalMaxConcurrentCalls,
      globalCallsPerSecond: deps.settings.globalCallsPerSecond,
      campaignMaxConcurrent: campaign.limits.maxConcurrentCalls,
      campaignCallsPerSecond: campaign.limits.callsPerSecond,
    };
  }

  async function placeOnce(
    lead: Lead,
    campaign: Campaign,
    data: DialJobData,
    callId: string,
    attemptId: string,
    check: ComplianceRecord,
    attempt: { callMayExist: boolean },
  ) {
    // Evidence and call record are both stored before Twilio is asked; neither needs the other first.
    const [{ call, created }] = await Promise.all([
      deps.calls.createForAttempt(
        newCall(lead, campaign, data, callId, attemptId, check.id, deps.clock.now()),
      ),
      gate.record(check),
    ]);
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
    const urls = webhookUrls(deps.settings.publicBaseUrl, callId);
    // The send turn is taken last and the request follows at once: the carrier sees our spacing.
    const turn = await deps.permits.awaitSendTurn(callId, campaign.id, limitsOf(campaign));
    if (!turn.granted) throw new DeferJob(new Date(deps.clock.now().getTime() + turn.retryInMs), 'pacing');
    let callSid: string;
    attempt.callMayExist = true;
    try {
      ({ callSid } = await deps.telephony
        .placeCall({
          to: lead.phone,
          from: campaign.callerId,
          connectUrl: urls.connect,
          statusCallbackUrl: urls.status,
          recordingCallbackUrl: urls.recording,
          machineDetection: campaign.voicemail.action === 'leave_message' ? 'DetectMessageEnd' : 'Enable',
          ringTimeoutSec: RING_TIMEOUT_SEC,
          timeLimitSec: MAX_CALL_SEC,
        })
        .finally(() => markSent(turn.sent, callId)));
    } catch (err) {
      // A refusal with a status means no call exists; a lost answer (no status) may hide a placed call.
      attempt.callMayExist = err instanceof TransientProviderError && err.status === undefined;
      if (err instanceof PermanentJobError) {
        await deps.calls.advance(callId, 'failed', deps.clock.now(), 'dial', {}, []);
        await deps.scheduler.enqueuePostCall({ callId });
      }
      throw err;
    }
    await recordPlaced(lead, call, callSid, data.attemptNumber);
    log.info('call placed', { callId, leadId: lead.id, attemptId });
    return { callSid };
  }

  /** A failure here only keeps the send counted longer (the pacing errs towards fewer calls): no reason to fail. */
  async function markSent(sent: () => Promise<void>, callId: string) {
    await sent().catch((err: unknown) =>
      log.warn('could not record the end of a send', { callId, error: (err as Error).message }),
    );
  }

  /** Three independent forward-only updates: the sid (with its event), the status, and the lead. */
  async function recordPlaced(lead: Lead, call: Call, callSid: string, attemptNumber: number) {
    const now = deps.clock.now();
    const event = callEvent(
      'CallInitiated',
      call,
      { attemptId: call.attemptId, attemptNumber, callSid },
      now,
    );
    await Promise.all([
      deps.calls.setCallSid(call.callId, callSid, [event]),
      deps.calls.advance(call.callId, 'queued', now, 'dial', {}, []),
      deps.leads.transition(lead.id, OPEN_LEAD_STATUSES, { status: 'dialing', attempts: attemptNumber }),
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
