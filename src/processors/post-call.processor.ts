import { isMachineAnswer, isTerminal, type Call } from '../domain/call';
import { appointmentScheduled, callCompleted, callFailed, callTranscriptReady } from '../domain/events';
import type { Campaign, RetryableOutcome } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import type { PostCallJobData } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import { PermanentJobError } from '../errors';
import { analyzeConversation } from '../analysis';
import { sentimentView } from '../domain/call-view';
import type { Conversation } from '../ports/voice-agent.port';
import type { Callee } from '../domain/call-context';
import type { Deps } from '../services/deps';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { createDncService } from '../services/dnc-service';
import { leadZone, nextStepFor } from '../scheduling/next-step';
import { agentNeverJoined, transcriptWaitUntil } from '../scheduling/transcript-wait';
import { moduleLogger } from '../logger';

const log = moduleLogger('post-call.processor');

export class WaitingForCall extends Error {}

/** What the post-call work needs of the lead: all of it kept on the call when it was placed (its callee). */
type LeadOfCall = Pick<
  Lead,
  'id' | 'campaignId' | 'phone' | 'address' | 'timeZone' | 'propertyAddress' | 'language'
>;

/** The lead as its call knows it; null for a call stored without the callee's time zone (placed before it was kept). */
function leadOfCall(call: Call, callee: Callee | null): LeadOfCall | null {
  if (!callee || callee.timeZone === undefined) return null;
  const { id, address, timeZone, propertyAddress, language } = callee;
  return { id, campaignId: call.campaignId, phone: call.to, address, timeZone, propertyAddress, language };
}

function retryableOutcome(call: Call): RetryableOutcome {
  if (call.status === 'completed') return isMachineAnswer(call.twilio.answeredBy) ? 'voicemail' : 'failed';
  return call.status === 'busy' || call.status === 'no-answer' ? call.status : 'failed';
}

/** When the call reached its final status: the wait for its transcript is counted from there. */
function endedAt(call: Call): Date {
  return call.timeline.find((entry) => isTerminal(entry.status))?.at ?? call.updatedAt;
}

/**
 * Runs after a call's final status, and again whenever its transcript arrives: frees the slot, then either
 * schedules the next attempt (no conversation) or analyses the conversation once and decides the lead
 * (outcome, qualification, next step, a do-not-call request honoured at once). Without a transcript it waits,
 * asking ElevenLabs on each turn, for TRANSCRIPT_WAIT_MS; then the call is closed without one, and re-opened
 * by a transcript that still comes. Every step is idempotent: a duplicate job or webhook changes nothing.
 */
export function createPostCallProcessor(deps: Deps): Processor<PostCallJobData> {
  const lifecycle = createLeadLifecycle(deps);
  const dnc = createDncService(deps, lifecycle);

  /** The conversation as ElevenLabs has it now (finished or not); null if unknown. */
  async function askForConversation(call: Call): Promise<Conversation | null> {
    const conversationId = call.elevenlabs.conversationId;
    if (!conversationId) return null;
    return deps.voiceAgent.getConversation(conversationId).catch((err: unknown) => {
      log.warn('conversation lookup failed', { callId: call.callId, error: String(err) });
      return null;
    });
  }

  /** A call in which nobody spoke with the agent: its outcome recorded, and the lead retried or exhausted. */
  async function closeWithoutConversation(call: Call, lead: LeadOfCall, campaign: Campaign) {
    const outcome = retryableOutcome(call);
    const ended = { status: call.status, durationSec: call.durationSec };
    await deps.calls.recordOutcome(call.callId, outcome, [
      outcome === 'voicemail'
        ? callCompleted(call, { ...ended, outcome }, deps.clock.now())
        : callFailed(call, { ...ended, reason: outcome }, deps.clock.now()),
    ]);
    await lifecycle.retryOrExhaust(lead, campaign, outcome, call.attemptNumber);
    return { outcome };
  }

  async function analyse(call: Call, lead: LeadOfCall, campaign: Campaign, conversation: Conversation) {
    const ended = endedAt(call);
    const analysis = analyzeConversation(conversation.transcript, {
      callSuccessful: conversation.callSuccessful,
      summary: conversation.summary,
      // What ElevenLabs heard first, else the language the call was set up in (the lead's, else the campaign's).
      languageHint: conversation.language ?? lead.language ?? campaign.script?.language ?? null,
      agentAnalysis: conversation.analysis,
      mapping: campaign.analysis ?? null,
      reference: ended,
      zone: leadZone(lead),
    });
    const nextStep = nextStepFor(analysis.outcome, analysis.qualification, lead, campaign, ended);
    const durationSec = conversation.durationSec ?? call.durationSec;
    const now = deps.clock.now();
    const events = [
      callTranscriptReady(
        call,
        {
          conversationId: conversation.conversationId,
          segments: analysis.segments,
          durationSec,
          sentimentScore: analysis.sentiment.overall,
          summary: conversation.summary,
          language: analysis.language,
        },
        now,
      ),
      callCompleted(
        call,
        {
          status: call.status,
          durationSec,
          outcome: analysis.outcome,
          intent: analysis.intent,
          sentiment: sentimentView(analysis.sentiment.overall),
          qualification: analysis.qualification,
          nextStep,
        },
        now,
      ),
    ];
    if (nextStep.action === 'appointment') {
      events.push(
        appointmentScheduled(
          call,
          {
            appointmentAt: nextStep.at,
            propertyAddress: lead.propertyAddress,
            summary: conversation.summary,
          },
          now,
        ),
      );
    }
    const stored = await deps.calls.completeAnalysis(
      call.callId,
      {
        conversationId: conversation.conversationId,
        transcript: analysis.segments,
        summary: conversation.summary,
        sentiment: analysis.sentiment,
        intent: analysis.intent,
        outcome: analysis.outcome,
        durationSec: conversation.durationSec,
        language: analysis.language,
        analysisSource: analysis.source,
        qualification: analysis.qualification,
        nextStep,
      },
      events,
    );
    if (stored && call.closedWithoutTranscriptAt)
      log.info('late transcript re-opened the call', { callId: call.callId });
    // Another job stored it first: decide from what it stored, so both agree.
    return stored ?? (await deps.calls.get(call.callId));
  }

  /** The lead after a conversation; conditional on the lead still being on this attempt, so it runs safely twice. */
  async function decideLead(call: Call, lead: LeadOfCall, campaign: Campaign): Promise<void> {
    const outcome = call.outcome;
    const nextStep = call.nextStep ?? null;
    if (outcome === 'voicemail') {
      await lifecycle.retryOrExhaust(lead, campaign, 'voicemail', call.attemptNumber);
      return;
    }
    const callback = nextStep?.action === 'callback' && nextStep.at !== null ? nextStep.at : null;
    const decided = await deps.leads.recordCallResult(lead.id, call.attemptNumber, {
      status: callback ? 'retry_scheduled' : 'completed',
      lastOutcome: outcome,
      qualification: call.qualification ?? null,
      nextStep,
    });
    if (decided && callback) {
      // A transcript that came after the campaign finished brings it back for the callback.
      await deps.campaigns.transition(campaign.id, ['done'], 'running');
      await deps.scheduler.enqueueCompliance(
        {
          leadId: lead.id,
          campaignId: lead.campaignId,
          attemptNumber: call.attemptNumber + 1,
          override: null,
        },
        Math.max(0, new Date(callback).getTime() - deps.clock.now().getTime()),
      );
    }
    if (outcome === 'dnc_request') {
      const { leadsStopped } = await dnc.add(
        lead.phone,
        'asked not to be called during a call',
        `call:${call.callId}`,
      );
      log.info('do-not-call request honoured', { callId: call.callId, leadId: lead.id, leadsStopped });
    }
  }

  /**
   * Read once per run, and only once there is something to decide: a run that finds no transcript yet needs
   * neither. The lead is read only for a call stored without it.
   */
  function leadAndCampaignOf(
    call: Call,
    callee: Callee | null,
  ): () => Promise<{ lead: LeadOfCall; campaign: Campaign }> {
    let read: Promise<{ lead: LeadOfCall; campaign: Campaign }> | null = null;
    const load = async () => {
      const [lead, campaign] = await Promise.all([
        leadOfCall(call, callee) ?? deps.leads.get(call.leadId),
        deps.campaigns.get(call.campaignId),
      ]);
      if (!lead || !campaign) throw new PermanentJobError(`lead or campaign of call ${call.callId} is gone`);
      return { lead, campaign };
    };
    return () => (read ??= load());
  }

  return async ({ callId }) => {
    const found = await deps.calls.getWithConversation(callId);
    if (!found) throw new PermanentJobError(`call ${callId} does not exist`);
    const { call, receivedConversation, callee } = found;
    const leadAndCampaign = leadAndCampaignOf(call, callee);
    if (!isTerminal(call.status)) throw new WaitingForCall(`call ${callId} is still ${call.status}`);
    await deps.permits.release(call.callId, call.campaignId);

    if (call.status !== 'completed' || isMachineAnswer(call.twilio.answeredBy)) {
      const { lead, campaign } = await leadAndCampaign();
      return closeWithoutConversation(call, lead, campaign);
    }

    let analysed: Call | null = call.transcript ? call : null;
    if (!analysed) {
      const conversation = receivedConversation ?? (await askForConversation(call));
      if (conversation?.status === 'done' || conversation?.status === 'failed') {
        const { lead, campaign } = await leadAndCampaign();
        analysed = await analyse(call, lead, campaign, conversation);
      } else if (
        agentNeverJoined(
          conversation?.status ?? null,
          Boolean(call.connectRequestedAt),
          endedAt(call),
          deps.clock.now(),
          deps.settings.transcriptWaitMs,
        )
      ) {
        log.warn('the agent never joined the answered call: closed as failed', {
          callId,
          leadId: call.leadId,
        });
        const { lead, campaign } = await leadAndCampaign();
        return closeWithoutConversation(call, lead, campaign);
      }
    }
    if (analysed?.transcript) {
      const { lead, campaign } = await leadAndCampaign();
      await decideLead(analysed, lead, campaign);
      await lifecycle.finishCampaignIfDone(lead.campaignId);
      return { outcome: analysed.outcome };
    }

    const until = transcriptWaitUntil(endedAt(call), deps.clock.now(), deps.settings.transcriptWaitMs);
    if (until) throw new DeferJob(until, `transcript of ${callId} not ready`);
    const { lead } = await leadAndCampaign();
    if (await deps.calls.closeWithoutTranscript(callId, deps.clock.now())) {
      log.warn('closing call without transcript', { callId, leadId: lead.id });
    }
    await deps.leads.recordCallResult(lead.id, call.attemptNumber, {
      status: 'completed',
      lastOutcome: null,
    });
    await lifecycle.finishCampaignIfDone(lead.campaignId);
    return { outcome: null };
  };
}
