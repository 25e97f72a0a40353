import { Router, urlencoded, type RequestHandler } from 'express';
import { CALL_STATUSES, isMachineAnswer, isTerminal, type Call, type CallStatus } from '../../domain/call';
import { dynamicVariablesFor } from '../../domain/lead';
import { callEvent } from '../../domain/events';
import type { Deps } from '../../services/deps';
import { NotFoundError, ValidationError, WebhookSignatureError } from '../../errors';
import { moduleLogger } from '../../logger';

const log = moduleLogger('webhooks.twilio');

/** Twilio signs the URL it called; behind a proxy that is our public URL, not the one Express sees. */
function verifyTwilio(deps: Deps): RequestHandler {
  return (req, _res, next) => {
    const signature = req.get('x-twilio-signature') ?? '';
    const url = `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}${req.originalUrl}`;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature || !deps.telephony.isSignatureValid(signature, url, params))
      return next(new WebhookSignatureError('Twilio'));
    next();
  };
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => vars[k] ?? '');
}

export function twilioWebhooksRouter(deps: Deps): Router {
  const r = Router();
  r.use(urlencoded({ extended: false }), verifyTwilio(deps));

  /**
   * A webhook can be the first to tell us the call's sid (our own save lost in a crash, or still on its way);
   * it then also records CallInitiated, with the same eventId the dial job would use.
   */
  async function adoptSid(call: Call, callSid: unknown): Promise<void> {
    if (call.twilio.callSid || typeof callSid !== 'string' || !callSid) return;
    const initiated = callEvent(
      'CallInitiated',
      call,
      { attemptId: call.attemptId, attemptNumber: call.attemptNumber, callSid },
      deps.clock.now(),
    );
    await deps.calls.setCallSid(call.callId, callSid, [initiated]);
  }

  /** The call was answered: a person goes to the AI agent; a machine gets the campaign's voicemail policy. */
  r.post('/connect/:callId', async (req, res) => {
    const call = await deps.calls.get(req.params.callId);
    if (!call) throw new NotFoundError('call', req.params.callId);
    res.type('text/xml');
    // A late request for a call that already ended must not start a conversation.
    if (isTerminal(call.status)) {
      res.send(deps.telephony.voicemailResponse(null));
      return;
    }
    const answeredBy = (req.body.AnsweredBy as string | undefined) ?? null;
    await adoptSid(call, req.body.CallSid);
    await deps.calls.advance(
      call.callId,
      'in-progress',
      deps.clock.now(),
      'twilio:connect',
      { answeredBy: answeredBy ?? undefined },
      [callEvent('CallAnswered', call, { answeredBy }, deps.clock.now())],
    );
    const [lead, campaign] = await Promise.all([
      deps.leads.get(call.leadId),
      deps.campaigns.get(call.campaignId),
    ]);
    if (!lead || !campaign) {
      res.send(deps.telephony.voicemailResponse(null));
      return;
    }
    const vars = dynamicVariablesFor(lead);
    if (isMachineAnswer(answeredBy)) {
      const message =
        campaign.voicemail.action === 'leave_message' && campaign.voicemail.message
          ? fill(campaign.voicemail.message, vars)
          : null;
      res.send(deps.telephony.voicemailResponse(message));
      return;
    }
    try {
      const twiml = await deps.voiceAgent.registerCall({
        agentId: campaign.agent.agentId,
        from: call.from,
        to: call.to,
        dynamicVariables: { ...vars, call_id: call.callId },
      });
      res.send(twiml);
      // Known now, the conversation can be looked up after the call even if its post-call webhook never comes.
      const conversationId = conversationIdInTwiml(twiml);
      if (conversationId) {
        await deps.calls.attachConversationId(call.callId, conversationId).catch((err: unknown) => {
          log.warn('conversation id not stored', { callId: call.callId, error: String(err) });
        });
      }
    } catch (err) {
      // No agent, no conversation: end the call politely rather than leave dead air.
      log.error('agent registration failed', {
        callId: call.callId,
        leadId: call.leadId,
        error: (err as Error).message,
      });
      res.send(deps.telephony.voicemailResponse(null));
    }
  });

  /** Duplicate and late callbacks are harmless: the call only ever moves forward. */
  r.post('/status/:callId', async (req, res) => {
    const status = req.body.CallStatus as CallStatus;
    if (!CALL_STATUSES.includes(status))
      throw new ValidationError(`unknown CallStatus "${String(status)}"`, 'CallStatus');
    const call = await deps.calls.get(req.params.callId);
    if (!call) throw new NotFoundError('call', req.params.callId);
    const duration = Number(req.body.CallDuration);
    const answeredBy = req.body.AnsweredBy as string | undefined;
    const events =
      status === 'in-progress'
        ? [callEvent('CallAnswered', call, { answeredBy: answeredBy ?? null }, deps.clock.now())]
        : [];
    await adoptSid(call, req.body.CallSid);
    const advanced = await deps.calls.advance(
      call.callId,
      status,
      deps.clock.now(),
      'twilio:status',
      { durationSec: Number.isFinite(duration) ? duration : undefined, answeredBy },
      events,
    );
    if (advanced && isTerminal(status)) {
      await deps.permits.release(call.callId, call.campaignId);
      await deps.scheduler.enqueuePostCall({ callId: call.callId });
    }
    res.status(204).end();
  });

  r.post('/recording/:callId', async (req, res) => {
    if (!(await deps.calls.get(req.params.callId))) throw new NotFoundError('call', req.params.callId);
    if (req.body.RecordingStatus === 'completed' && req.body.RecordingSid && req.body.RecordingUrl) {
      await deps.calls.attachRecording(req.params.callId, {
        sid: String(req.body.RecordingSid),
        url: String(req.body.RecordingUrl),
        durationSec: Number(req.body.RecordingDuration) || 0,
      });
    }
    res.status(204).end();
  });

  return r;
}

/** The conversation_id parameter of the agent's stream URL in register-call's TwiML, when it carries one. */
function conversationIdInTwiml(twiml: string): string | null {
  const url = /<Stream[^>]*\surl="([^"]+)"/i.exec(twiml)?.[1];
  if (!url) return null;
  try {
    return new URL(url.replace(/&amp;/g, '&')).searchParams.get('conversation_id');
  } catch {
    return null;
  }
}
