import type { AnalysisMapping } from '../analysis/agent-analysis';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'cancelled', 'done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Outcomes of a dial that lead to another try, each with its own cadence. */
export const RETRYABLE_OUTCOMES = ['no-answer', 'busy', 'failed', 'voicemail'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

export interface RetryRule {
  delayMinutes: number;
  /** Attempts allowed in total for leads whose last outcome was this one. */
  maxAttempts: number;
}

/** What the agent is told to do on every call of the campaign (the seed's Context Builder). */
export interface CallScript {
  approachStrategy: string;
  talkingPoints: string[];
  objectionHandling: Array<{ objection: string; response: string }>;
  /** Null: the agent's own first message. May reference {{variables}}. */
  firstMessage: string | null;
  /** Null: the agent's own language; a lead's `language` wins over this. */
  language: string | null;
}

export const EMPTY_SCRIPT: CallScript = {
  approachStrategy: '',
  talkingPoints: [],
  objectionHandling: [],
  firstMessage: null,
  language: null,
};

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  /**
   * `requiredVariables`: the dynamic variables the agent's prompt needs from every lead. It and `script` are absent
   * from campaigns stored before they existed, which read as none and EMPTY_SCRIPT.
   */
  agent: { agentId: string; requiredVariables?: string[] };
  script?: CallScript;
  callerId: string;
  limits: { maxConcurrentCalls: number; callsPerSecond: number; maxAttemptsPerLead: number };
  retry: Record<RetryableOutcome, RetryRule>;
  voicemail: { action: 'hangup' | 'leave_message'; message: string | null };
  /** Narrows the legal window, never widens it ("HH:mm" in the lead's local time). */
  callingWindow: { start: string; end: string } | null;
  /** How to read the ElevenLabs agent's own analysis; null: the local analysis decides alone. */
  analysis?: AnalysisMapping | null;
  /** Lawful exemptions from our stricter defaults, set with an admin key only; absent on older campaigns = off. */
  compliance?: { allowRegistryWithWrittenAgreement: boolean };
  createdAt: Date;
  /** Progress of the last start's queueing, which runs after the start has answered; absent before a start. */
  queueing?: QueueingProgress | null;
}

export interface QueueingProgress {
  /** Leads that were new when the start began. */
  total: number;
  /** Leads whose compliance job has been added so far. */
  queued: number;
  done: boolean;
  /** Why queueing stopped early (the workers' sweep queues the rest within a minute); null otherwise. */
  failed: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Transitions an operator may ask for; anything else is a 409. */
export const CAMPAIGN_TRANSITIONS: Record<string, { from: CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};
