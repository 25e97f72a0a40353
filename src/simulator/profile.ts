import { between, pickOne, pickWeighted, seededRng, type Rng } from './random';
import type { CallFate, LeadReply, SimulatorProfile } from './types';

/** Fast enough that a demo campaign finishes in seconds. */
export const DEFAULT_PROFILE: SimulatorProfile = {
  answerRate: 0.7,
  busyRate: 0.1,
  noAnswerRate: 0.15,
  failedRate: 0.05,
  machineRate: 0.2,
  ringMs: [100, 400],
  talkMs: [300, 1200],
  replies: {
    interested: 0.2,
    appointment: 0.2,
    callback: 0.15,
    not_interested: 0.25,
    dnc_request: 0.1,
    wrong_number: 0.1,
  },
  duplicateWebhookRate: 0,
  reorderWebhooks: false,
  transcriptDelayMs: 0,
  transcriptWebhookLossRate: 0,
  duplicateTranscriptRate: 0,
  twimlAnswerLossRate: 0,
  twimlRequestLossRate: 0,
};

const MACHINE_END_KINDS = [
  'machine_end_beep',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
];

/** Everything random about one call, drawn once at create time. */
export interface CallPlan {
  fate: CallFate;
  machine: boolean;
  /** AnsweredBy for a machine when MachineDetection=DetectMessageEnd. */
  machineEndKind: string;
  ringMs: number;
  talkMs: number;
  reply: LeadReply;
  reorderRinging: boolean;
  /** The profile's duplicateWebhookRate when the call was created. */
  duplicateRate: number;
  /** The profile's twimlAnswerLossRate when the call was created (drawn from `rng` when the call is answered). */
  twimlLossRate: number;
  /** The profile's twimlRequestLossRate when the call was created (drawn from `rng` when the call is answered). */
  twimlRequestLossRate: number;
  /** The profile's post-call webhook settings when the call was created. */
  transcript: Pick<
    SimulatorProfile,
    'transcriptDelayMs' | 'transcriptWebhookLossRate' | 'duplicateTranscriptRate'
  >;
  /** Continues the call's stream for draws made while it plays (duplicates, wording). */
  rng: Rng;
}

export function mergeProfile(base: SimulatorProfile, patch: Partial<SimulatorProfile>): SimulatorProfile {
  const merged = { ...base, ...patch };
  validateProfile(merged);
  return merged;
}

function validateProfile(p: SimulatorProfile): void {
  const fates = [p.answerRate, p.busyRate, p.noAnswerRate, p.failedRate];
  if (!(p.transcriptDelayMs >= 0)) throw new RangeError('profile: transcriptDelayMs must be >= 0');
  if (fates.some((w) => !(w >= 0)) || fates.every((w) => w === 0)) {
    throw new RangeError('profile: fate rates must be >= 0 and not all 0');
  }
  for (const [name, rate] of [
    ['machineRate', p.machineRate],
    ['duplicateWebhookRate', p.duplicateWebhookRate],
    ['transcriptWebhookLossRate', p.transcriptWebhookLossRate],
    ['duplicateTranscriptRate', p.duplicateTranscriptRate],
    ['twimlAnswerLossRate', p.twimlAnswerLossRate],
    ['twimlRequestLossRate', p.twimlRequestLossRate],
  ] as const) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`profile: ${name} must be within 0..1`);
  }
  for (const [name, [min, max]] of [
    ['ringMs', p.ringMs],
    ['talkMs', p.talkMs],
  ] as const) {
    if (!(min >= 0 && max >= min))
      throw new RangeError(`profile: ${name} must be [min, max] with 0 <= min <= max`);
  }
  const replies = Object.values(p.replies);
  if (replies.some((w) => !(w >= 0)) || !replies.some((w) => w > 0)) {
    throw new RangeError('profile: replies needs at least one positive weight');
  }
}

/**
 * Keyed by (seed, To, n-th call to that number): a test replays exactly, and a retry of the same lead
 * draws a fresh outcome. Every field is drawn whatever the fate, so one field never shifts another.
 */
export function drawPlan(
  profile: SimulatorProfile,
  seed: number,
  to: string,
  nthCallToNumber: number,
): CallPlan {
  const rng = seededRng(seed, to, nthCallToNumber);
  return {
    fate: pickWeighted<CallFate>(rng, {
      answered: profile.answerRate,
      busy: profile.busyRate,
      'no-answer': profile.noAnswerRate,
      failed: profile.failedRate,
    }),
    machine: rng() < profile.machineRate,
    machineEndKind: pickOne(rng, MACHINE_END_KINDS),
    ringMs: between(rng, profile.ringMs),
    talkMs: between(rng, profile.talkMs),
    reply: pickWeighted(rng, profile.replies),
    reorderRinging: profile.reorderWebhooks && rng() < 0.5,
    duplicateRate: profile.duplicateWebhookRate,
    twimlLossRate: profile.twimlAnswerLossRate,
    twimlRequestLossRate: profile.twimlRequestLossRate,
    transcript: {
      transcriptDelayMs: profile.transcriptDelayMs,
      transcriptWebhookLossRate: profile.transcriptWebhookLossRate,
      duplicateTranscriptRate: profile.duplicateTranscriptRate,
    },
    rng,
  };
}
