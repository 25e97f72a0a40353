import type { TelephonyPort } from '../ports/telephony.port';
import type { VoiceAgentPort } from '../ports/voice-agent.port';
import { context, propagation } from '@opentelemetry/api';
import { currentTrace, inSpan, tracer } from './tracing';
import type { CallTraces } from './call-traces';

/** Wraps every async method of a port in a span `<provider>.<method>`; sync methods are left as they are. */
function traced<T extends object>(provider: string, port: T, async: ReadonlyArray<keyof T>): T {
  const wrapped = Object.create(port) as T;
  for (const name of async) {
    const fn = (port[name] as (...args: unknown[]) => Promise<unknown>).bind(port);
    (wrapped as Record<keyof T, unknown>)[name] = (...args: unknown[]) =>
      inSpan(`${provider}.${String(name)}`, undefined, () => fn(...args), { 'peer.service': provider });
  }
  return wrapped;
}

/** The call id is the last segment of our webhook URLs (src/services/webhook-urls.ts). */
const callIdOfUrl = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/**
 * Twilio calls in spans; placing a call also stores the trace beside the call id, for the webhooks that follow.
 */
export function tracedTelephony(port: TelephonyPort, traces: CallTraces): TelephonyPort {
  const wrapped = traced('twilio', port, ['placeCall', 'listCallsTo', 'fetchCall', 'hangUp']);
  const place = wrapped.placeCall.bind(wrapped);
  wrapped.placeCall = async (req) => {
    const carrier = currentTrace();
    if (carrier) await traces.save(callIdOfUrl(req.statusCallbackUrl), carrier);
    return place(req);
  };
  return wrapped;
}

/**
 * ElevenLabs calls in spans. The post-call webhook is a new request with no trace of its own: once it names its
 * call, a span for it is recorded in the call's trace.
 */
export function tracedVoiceAgent(port: VoiceAgentPort, traces: CallTraces): VoiceAgentPort {
  const wrapped = traced('elevenlabs', port, ['registerCall', 'getConversation']);
  wrapped.parseWebhook = async (raw, signature) => {
    const startTime = new Date();
    const event = await port.parseWebhook(raw, signature);
    const callId =
      event.kind === 'transcript'
        ? event.conversation.callId
        : event.kind === 'initiation-failed'
          ? event.callId
          : null;
    const carrier = callId ? await traces.get(callId) : undefined;
    if (carrier) {
      const parent = propagation.extract(context.active(), carrier);
      tracer()
        .startSpan(
          'webhook elevenlabs',
          { startTime, attributes: { 'dialer.call_id': callId!, 'dialer.kind': event.kind } },
          parent,
        )
        .end();
    }
    return event;
  };
  return wrapped;
}
