import { Router, urlencoded, type RequestHandler } from 'express';
import { CALL_STATUSES, isMachineAnswer, isTerminal, type Call, type CallStatus } from '../../domain/call';
import { callAnswered, callInitiated } from '../../domain/events';
import { buildCallContext } from '../../domain/call-context';
import type { Deps } from '../../services/deps';
import { NotFoundError, ValidationError, WebhookSignatureError } from '../../errors';
import { moduleLogger } from '../../logger';
import { firstLookDelayMs } from '../../scheduling/transcript-wait';
import { CampaignReadCache } from '../../adapters/campaign-read-cache';

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

/** Twilio sends each parameter once and short: a repeated or outsized one is not Twilio's (and would not cast). */
const MAX_PARAM_CHARS = 2000;

const singleParams: RequestHandler = (req, _res, next) => {
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    const field = safeName(name);
    if (typeof value !== 'string') return next(new ValidationError(`${field}: must be given once`, field));
    if (value.length > MAX_PARAM_CHARS)
      return next(new ValidationError(`${field}: must be at most ${MAX_PARAM_CHARS} characters`, field));
  }
  next();
};

/** A parameter name is echoed in the answer: only a plain one as it is. */
function safeName(name: string): string {
  return /^\w{1,64}$/.test(name) ? name : 'body';
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => vars[k] ?? '');
}

/**
 * What the connect webhook reads of a campaign (agent, voicemail, script) never changes once it is created, and
 * every answered call of the campaign reads it: each API process keeps a copy this long.
 */
const CAMPAIGN_SETTINGS_TTL_MS = 60_000;

export function twilioWebhooksRouter(deps: Deps): Router {
  const r = Router();
  const campaignSettings = new CampaignReadCache(deps.campaigns, CAMPAIGN_SETTINGS_TTL_MS);
  r.use(urlencoded({ extended: false }), verifyTwilio(deps), singleParams);

  /**
   * A webhook can be the first to tell us the call's sid (our own save lost in a crash, or still on its way);
   * it then also records CallInitiated, with the same eventId the dial job would use.
   */
  async function adoptSid(call: Call, callSid: unknown): Promise<void> {
    if (call.twilio.callSid || typeof callSid !== 'string' || !callSid) return;
    await deps.calls.setCallSid(call.callId, callSid, [callInitiated(call, callSid, deps.clock.now())]);
  }

  /** The call was answered: a person goes to the AI agent; a machine gets the campaign's voicemail policy. */
  r.post('/connect/:callId', async (req, res) => {
    const claim = await deps.calls.claimConnect(req.params.callId, deps.clock.now());
    const call = claim.call;
    if (!call) throw new NotFoundError('call', req.params.callId);
    res.type('text/xml');
    if (!claim.claimed) {
      // A late request for a call that already ended must not start a conversation; Twilio asks once per call, so
      // a replayed request gets the first answer and never starts a second conversation.
      const replay = isTerminal(call.status) ? '' : claim.earlier;
      res.send(replay || deps.telephony.voicemailResponse(null));
      return;
    }
    const send = async (twiml: string) => {
      // Known now, the conversation can be looked up after the call even if its post-call webhook never comes.
      await deps.calls.recordConnectAnswer(call.callId, twiml, conversationIdInTwiml(twiml));
      res.send(twiml);
    };
    const answeredBy = (req.body.AnsweredBy as string | undefined) ?? null;
    await adoptSid(call, req.body.CallSid);
    // The answer is recorded while the campaign (and the lead, for a call stored without it) is read: the TwiML
    // waits on the slowest, not the sum.
    const [, lead, campaign] = await Promise.all([
      deps.calls.advance(
        call.callId,
        'in-progress',
        deps.clock.now(),
        'twilio:connect',
        { answeredBy: answeredBy ?? undefined },
        [callAnswered(call, answeredBy, deps.clock.now())],
      ),
      claim.callee ?? deps.leads.get(call.leadId),
      campaignSettings.get(call.campaignId),
    ]);
    if (!lead || !campaign) {
      await send(deps.telephony.voicemailResponse(null));
      return;
    }
    const context = buildCallContext(lead, campaign);
    const vars = context.dynamicVariables;
    if (isMachineAnswer(answeredBy)) {
      const message =
        campaign.voicemail.action === 'leave_message' && campaign.voicemail.message
          ? fill(campaign.voicemail.message, vars)
          : null;
      await send(deps.telephony.voicemailResponse(message));
      return;
    }
    try {
      const twiml = await deps.voiceAgent.registerCall({
        agentId: campaign.agent.agentId,
        from: call.from,
        to: call.to,
        dynamicVariables: { ...vars, call_id: call.callId },
        overrides: context.overrides,
      });
      await send(twiml);
    } catch (err) {
      // No agent, no conversation: end the call politely rather than leave dead air.
      log.error('agent registration failed', {
        callId: call.callId,
        leadId: call.leadId,
        error: (err as Error).message,
      });
      await send(deps.telephony.voicemailResponse(null));
    }
  });

  /**
   * Duplicate and late callbacks are harmless: the call only ever moves forward. Twilio never retries a status
   * callback it gave up on, so this answers fast: one MongoDB update for most statuses (only an answer, whose
   * event is built from the call, reads it first), then the slot freed and post-call work queued side by side.
   */
  r.post('/status/:callId', async (req, res) => {
    const callId = req.params.callId;
    const status = req.body.CallStatus as CallStatus;
    if (!CALL_STATUSES.includes(status))
      throw new ValidationError(`unknown CallStatus "${String(status)}"`, 'CallStatus');
    const duration = Number(req.body.CallDuration);
    const answeredBy = req.body.AnsweredBy as string | undefined;
    const now = deps.clock.now();
    const before = status === 'in-progress' ? await mustGetCall(callId) : null;
    if (before) await adoptSid(before, req.body.CallSid);
    const advanced = await deps.calls.advance(
      callId,
      status,
      now,
      'twilio:status',
      { durationSec: Number.isFinite(duration) ? duration : undefined, answeredBy },
      before ? [callAnswered(before, answeredBy ?? null, now)] : [],
    );
    // Not moved: a duplicate, a late one, or no such call.
    const call = before ?? advanced ?? (await mustGetCall(callId));
    if (!before) await adoptSid(call, req.body.CallSid);
    if (advanced && isTerminal(status)) {
      const firstLook = firstLookDelayMs(
        {
          status: advanced.status,
          answeredByMachine: isMachineAnswer(advanced.twilio.answeredBy),
          agentJoined: Boolean(advanced.connectRequestedAt),
        },
        deps.settings.transcriptWaitMs,
      );
      await Promise.all([
        deps.permits.release(call.callId, call.campaignId),
        deps.scheduler.enqueuePostCall({ callId: call.callId }, firstLook),
      ]);
    }
    res.status(204).end();
  });

  r.post('/recording/:callId', async (req, res) => {
    const callId = req.params.callId;
    if (req.body.RecordingStatus === 'completed' && req.body.RecordingSid && req.body.RecordingUrl) {
      const found = await deps.calls.attachRecording(callId, {
        sid: String(req.body.RecordingSid),
        url: String(req.body.RecordingUrl),
        durationSec: Number(req.body.RecordingDuration) || 0,
      });
      if (!found) throw new NotFoundError('call', callId);
    } else await mustGetCall(callId);
    res.status(204).end();
  });

  async function mustGetCall(callId: string): Promise<Call> {
    const call = await deps.calls.get(callId);
    if (!call) throw new NotFoundError('call', callId);
    return call;
  }

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
