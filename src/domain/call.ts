import type { NextStep, Qualification } from './qualification';

export const CALL_STATUSES = [
  'created', // record written, Twilio not yet asked
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** FCC 47 CFR 64.1200(a)(6): ring at least 15 seconds; we give 25 (about 5 rings). */
export const RING_TIMEOUT_SEC = 25;
/** Twilio hangs up after this (timeLimit), so no call of ours lasts longer. */
export const MAX_CALL_SEC = 15 * 60;

/** Order in which statuses can follow one another; a late, lower-ranked webhook never moves a call backwards. */
const RANK: Record<CallStatus, number> = {
  created: 0,
  queued: 1,
  initiated: 2,
  ringing: 3,
  'in-progress': 4,
  completed: 5,
  busy: 5,
  'no-answer': 5,
  failed: 5,
  canceled: 5,
};

/** Twilio's AnsweredBy: machine_start, machine_end_beep, … or fax mean no person picked up. */
export function isMachineAnswer(answeredBy: string | null | undefined): boolean {
  return !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

export function isTerminal(status: CallStatus): boolean {
  return RANK[status] === RANK.completed;
}

/** True when `next` may replace `current` (forward only; a terminal status is final). */
export function canAdvance(current: CallStatus, next: CallStatus): boolean {
  return RANK[next] > RANK[current];
}

/** Outcomes of a call in which the lead spoke, decided by post-call analysis. */
export const CONVERSATION_OUTCOMES = [
  'qualified',
  'appointment',
  'callback',
  'not_interested',
  'dnc_request',
  'wrong_number',
] as const;
export type ConversationOutcome = (typeof CONVERSATION_OUTCOMES)[number];

/** Every outcome: a conversation's, or one known before any analysis (voicemail, busy and the like). */
export type CallOutcome = ConversationOutcome | 'voicemail' | 'no-answer' | 'busy' | 'failed';

export interface TranscriptSegment {
  role: 'agent' | 'user';
  message: string;
  timeInCallSecs: number;
  sentiment: number;
}

export interface Call {
  callId: string;
  attemptId: string;
  attemptNumber: number;
  leadId: string;
  campaignId: string;
  to: string;
  from: string;
  status: CallStatus;
  timeline: Array<{ status: CallStatus; at: Date; source: string }>;
  twilio: { callSid: string | null; answeredBy: string | null };
  elevenlabs: { conversationId: string | null };
  durationSec: number | null;
  recording: { sid: string; url: string; durationSec: number } | null;
  transcript: TranscriptSegment[] | null;
  summary: string | null;
  sentiment: { overall: number; label: 'positive' | 'neutral' | 'negative' } | null;
  intent: string | null;
  outcome: CallOutcome | null;
  /** The language the lead spoke and who decided the outcome (the agent's analysis or the local rules). */
  language?: string | null;
  analysisSource?: 'elevenlabs' | 'local' | null;
  qualification?: Qualification | null;
  nextStep?: NextStep | null;
  /** Set when the post-call wait gave up; a transcript arriving later clears it and decides the call after all. */
  closedWithoutTranscriptAt?: Date | null;
  /** When Twilio first asked for the call's TwiML (the connect webhook); absent while it never has. */
  connectRequestedAt?: Date;
  complianceCheckId: string | null;
  overrideReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}
