import twilio, { type Twilio } from 'twilio';
import type { CarrierCall, PlaceCallRequest, TelephonyPort } from '../../ports/telephony.port';
import { PermanentJobError, TransientProviderError } from '../../errors';

/** Twilio behind our TelephonyPort. The SDK client comes in built (aimed at Twilio or at the simulator). */
export class TwilioTelephony implements TelephonyPort {
  constructor(
    private readonly client: Twilio,
    private readonly authToken: string,
  ) {}

  async placeCall(req: PlaceCallRequest): Promise<{ callSid: string }> {
    try {
      const call = await this.client.calls.create({
        to: req.to,
        from: req.from,
        url: req.connectUrl,
        method: 'POST',
        statusCallback: req.statusCallbackUrl,
        statusCallbackMethod: 'POST',
        // Not 'initiated' (the dial job records the placed call itself) nor 'answered' (the request for `url` comes
        // when the call is answered, and records it with the AnsweredBy of machine detection): two webhooks fewer
        // per call for the API to answer within Twilio's timeout. The final status comes whatever is listed.
        statusCallbackEvent: ['ringing', 'completed'],
        machineDetection: req.machineDetection,
        record: true,
        recordingStatusCallback: req.recordingCallbackUrl,
        recordingStatusCallbackEvent: ['completed'],
        timeout: req.ringTimeoutSec,
        timeLimit: req.timeLimitSec,
      });
      return { callSid: call.sid };
    } catch (err) {
      throw classify(err);
    }
  }

  async listCallsTo(to: string, since: Date): Promise<CarrierCall[]> {
    const calls = await this.client.calls.list({ to, startTimeAfter: since, limit: 50 });
    return calls.map(toCarrierCall);
  }

  async fetchCall(callSid: string): Promise<CarrierCall> {
    return toCarrierCall(await this.client.calls(callSid).fetch());
  }

  async hangUp(callSid: string): Promise<void> {
    await this.client.calls(callSid).update({ status: 'completed' });
  }

  isSignatureValid(signature: string, url: string, params: Record<string, string>): boolean {
    try {
      return twilio.validateRequest(this.authToken, signature, url, params);
    } catch {
      // The SDK throws on a URL it cannot parse (an absolute-form request line): not a request Twilio made.
      return false;
    }
  }

  voicemailResponse(message: string | null): string {
    const response = new twilio.twiml.VoiceResponse();
    if (message) response.say(message);
    response.hangup();
    return response.toString();
  }
}

function toCarrierCall(c: {
  sid: string;
  to: string;
  from: string;
  status: string;
  dateCreated: Date;
}): CarrierCall {
  return { callSid: c.sid, to: c.to, from: c.from, status: c.status, createdAt: c.dateCreated };
}

/**
 * 429 and 5xx mean "not now": retried with backoff, not counted as an attempt. Other 4xx will never work.
 * Anything without a status (socket error, timeout) may or may not have created the call, so it is retried
 * too, and the retry reconciles against Twilio's call list before dialing again.
 */
function classify(err: unknown): Error {
  const status = (err as { status?: number }).status;
  const message = err instanceof Error ? err.message : String(err);
  if (status === undefined || status === 429 || status >= 500) {
    return new TransientProviderError(`Twilio: ${message}`, status);
  }
  return new PermanentJobError(`Twilio rejected the call (${status}): ${message}`);
}
