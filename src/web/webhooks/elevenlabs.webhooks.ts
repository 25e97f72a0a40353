import { createHash } from 'node:crypto';
import { Router, text } from 'express';
import type { Deps } from '../../services/deps';
import type { Conversation } from '../../ports/voice-agent.port';
import { moduleLogger } from '../../logger';
import { ValidationError } from '../../errors';

const log = moduleLogger('webhooks.elevenlabs');

/** Same conversation, same content → same version: a duplicate delivery queues nothing new. */
function versionOf(conversation: Conversation): string {
  return createHash('sha256').update(JSON.stringify(conversation)).digest('hex').slice(0, 16);
}

/**
 * Post-call webhook. The signature covers the raw body, so it is read as text. ElevenLabs disables a webhook
 * that keeps failing, so we answer 200 fast and leave the work to the post-call queue. The conversation is
 * stored on the call first: however late it comes (the post-call job may have closed the call long ago), the
 * job queued for it analyses it and decides the lead.
 */
export function elevenLabsWebhooksRouter(deps: Deps): Router {
  const r = Router();
  r.post('/conversation', text({ type: '*/*', limit: '5mb' }), async (req, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const event = await deps.voiceAgent.parseWebhook(raw, req.get('elevenlabs-signature')).catch((err) => {
      // A signed body we cannot read: ElevenLabs will not send it again, so this log line is all that is left.
      if (err instanceof ValidationError)
        log.warn('webhook body refused', { field: err.field, reason: err.message });
      throw err;
    });
    if (event.kind === 'transcript') {
      const { conversation } = event;
      const callId = conversation.callId;
      // The write is conditional and matches nothing for an unknown call: the call is read only when the
      // conversation was not stored, to tell a duplicate from an unknown call.
      if (callId && (await deps.calls.attachConversation(callId, conversation)))
        await deps.scheduler.enqueueTranscript({ callId }, versionOf(conversation));
      else if (!callId || !(await deps.calls.get(callId)))
        log.warn('transcript for an unknown call', { conversationId: conversation.conversationId });
    } else if (event.kind === 'initiation-failed') {
      log.warn('agent could not start the conversation', { callId: event.callId, reason: event.reason });
    }
    res.status(200).json({ received: true });
  });
  return r;
}
