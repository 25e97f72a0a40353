/** What we ask of the phone carrier (Twilio), in our words. */
export interface PlaceCallRequest {
  to: string;
  from: string;
  connectUrl: string;
  statusCallbackUrl: string;
  recordingCallbackUrl: string;
  /** 'DetectMessageEnd' waits for the beep, so a voicemail message starts after it. */
  machineDetection: 'Enable' | 'DetectMessageEnd';
  /** Seconds to ring; 47 CFR 64.1200(a)(6) wants at least 15. */
  ringTimeoutSec: number;
  timeLimitSec: number;
}

export interface CarrierCall {
  callSid: string;
  to: string;
  from: string;
  status: string;
  createdAt: Date;
}

export interface TelephonyPort {
  placeCall(req: PlaceCallRequest): Promise<{ callSid: string }>;
  /** Calls to `to` created at or after `since`: how an unknown outcome is reconciled. */
  listCallsTo(to: string, since: Date): Promise<CarrierCall[]>;
  fetchCall(callSid: string): Promise<CarrierCall>;
  hangUp(callSid: string): Promise<void>;
  isSignatureValid(signature: string, url: string, params: Record<string, string>): boolean;
  /** TwiML for an answering machine: the message (if any), then hang up. */
  voicemailResponse(message: string | null): string;
}
