import { Router, text } from 'express';
import type { Deps } from '../../services/deps';
import { moduleLogger } from '../../logger';
import { ValidationError } from '../../errors';

const log = moduleLogger('webhooks.elevenlabs');

/**
 * Post-call webhook. The signature covers the raw body, so it is read as text. ElevenLabs disables a webhook
 * that keeps failing, so we answer 200 fast and leave the work to the post-call queue.
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
      const callId = event.conversation.callId;
      if (callId && (await deps.calls.get(callId))) {
        await deps.calls.attachConversationId(callId, event.conversation.conversationId);
        await deps.scheduler.enqueuePostCall({ callId });
      } else {
        log.warn('transcript for an unknown call', { conversationId: event.conversation.conversationId });
      }
    } else if (event.kind === 'initiation-failed') {
      log.warn('agent could not start the conversation', { callId: event.callId, reason: event.reason });
    }
    res.status(200).json({ received: true });
  });
  return r;
}
