import { isMachineAnswer, isTerminal, type Call, type CallOutcome } from '../domain/call';
import { callCompleted, callFailed, callTranscriptReady } from '../domain/events';
import type { RetryableOutcome } from '../domain/campaign';
import { OPEN_LEAD_STATUSES } from '../domain/lead';
import type { PostCallJobData } from '../queues/payloads';
import type { Processor } from '../queues/process-job';
import { PermanentJobError } from '../errors';
import { analyzeConversation } from '../analysis';
import { sentimentView } from '../domain/call-view';
import type { Deps } from '../services/deps';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { createDncService } from '../services/dnc-service';
import { moduleLogger } from '../logger';

const log = moduleLogger('post-call.processor');

/** After this many tries without a transcript the call is closed without one rather than held forever. */
export const TRANSCRIPT_WAIT_TRIES = 6;

export class WaitingForCall extends Error {}

function retryableOutcome(call: Call): RetryableOutcome {
  if (call.status === 'completed') return 'voicemail';
  return call.status === 'busy' || call.status === 'no-answer' ? call.status : 'failed';
}

/**
 * Runs once per call after its final status: frees the slot, then either analyses the conversation (outcome,
 * sentiment, lead updated, a do-not-call request honoured at once) or schedules the next attempt.
 */
export function createPostCallProcessor(deps: Deps): Processor<PostCallJobData> {
  const lifecycle = createLeadLifecycle(deps);
  const dnc = createDncService(deps, lifecycle);

  return async ({ callId }, ctx) => {
    const call = await deps.calls.get(callId);
    if (!call) throw new PermanentJobError(`call ${callId} does not exist`);
    if (!isTerminal(call.status)) throw new WaitingForCall(`call ${callId} is still ${call.status}`);
    await deps.permits.release(call.callId, call.campaignId);
    const lead = await deps.leads.get(call.leadId);
    const campaign = await deps.campaigns.get(call.campaignId);
    if (!lead || !campaign) throw new PermanentJobError(`lead or campaign of call ${callId} is gone`);

    if (call.status !== 'completed' || isMachineAnswer(call.twilio.answeredBy)) {
      const outcome = retryableOutcome(call);
      const ended = { status: call.status, durationSec: call.durationSec };
      await deps.calls.recordOutcome(callId, outcome, [
        outcome === 'voicemail'
          ? callCompleted(call, { ...ended, outcome }, deps.clock.now())
          : callFailed(call, { ...ended, reason: outcome }, deps.clock.now()),
      ]);
      await lifecycle.retryOrExhaust(lead, campaign, outcome, call.attemptNumber);
      return { outcome };
    }

    let outcome: CallOutcome | null = call.outcome;
    if (!call.transcript) {
      const conversationId = call.elevenlabs.conversationId;
      const conversation = conversationId ? await deps.voiceAgent.getConversation(conversationId) : null;
      const ready = conversation && (conversation.status === 'done' || conversation.status === 'failed');
      if (!ready || !conversation) {
        if (ctx.attemptsMade + 1 < TRANSCRIPT_WAIT_TRIES)
          throw new WaitingForCall(`transcript of ${callId} not ready`);
        log.warn('closing call without transcript', { callId, leadId: lead.id });
      } else {
        const analysis = analyzeConversation(conversation.transcript, {
          callSuccessful: conversation.callSuccessful,
        });
        outcome = analysis.outcome;
        await deps.calls.completeAnalysis(
          callId,
          {
            conversationId: conversation.conversationId,
            transcript: analysis.segments,
            summary: conversation.summary,
            sentiment: analysis.sentiment,
            intent: analysis.intent,
            outcome: analysis.outcome,
            durationSec: conversation.durationSec,
          },
          [
            callTranscriptReady(
              call,
              {
                conversationId: conversation.conversationId,
                segments: analysis.segments,
                durationSec: conversation.durationSec,
                sentimentScore: analysis.sentiment.overall,
                summary: conversation.summary,
              },
              deps.clock.now(),
            ),
            callCompleted(
              call,
              {
                status: call.status,
                durationSec: conversation.durationSec ?? call.durationSec,
                outcome: analysis.outcome,
                intent: analysis.intent,
                sentiment: sentimentView(analysis.sentiment.overall),
              },
              deps.clock.now(),
            ),
          ],
        );
      }
    }
    await deps.leads.transition(lead.id, OPEN_LEAD_STATUSES, {
      status: 'completed',
      lastOutcome: outcome,
      attempts: call.attemptNumber,
    });
    if (outcome === 'dnc_request') {
      const { leadsStopped } = await dnc.add(
        lead.phone,
        'asked not to be called during a call',
        `call:${callId}`,
      );
      log.info('do-not-call request honoured', { callId, leadId: lead.id, leadsStopped });
    }
    await lifecycle.finishCampaignIfDone(lead.campaignId);
    return { outcome };
  };
}
