import type { ConsentMethod } from '../compliance/types';
import type { NextStep, Qualification } from './qualification';

export const LEAD_STATUSES = [
  'new', // saved, not yet checked
  'queued', // in the compliance or the dial queue: no call placed yet
  'waiting', // deferred by calling hours or a frequency cap
  'dialing', // a call was placed for its latest attempt
  'retry_scheduled',
  'completed', // a conversation took place
  'blocked', // compliance said no: never called
  'exhausted', // attempts used up without a conversation
  'cancelled',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const FINAL_LEAD_STATUSES: readonly LeadStatus[] = ['completed', 'blocked', 'exhausted', 'cancelled'];
/** Statuses a lead can still move on from; a final lead never comes back to life. */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = LEAD_STATUSES.filter(
  (s) => !FINAL_LEAD_STATUSES.includes(s),
);

export interface LeadConsentInput {
  method: ConsentMethod;
  capturedAt: Date;
  expiresAt: Date | null;
  sellerName: string;
  coversAutomatedCalls: boolean;
  formUrl: string | null;
  ip: string | null;
}

export interface Lead {
  id: string;
  campaignId: string;
  phone: string;
  firstName: string;
  lastName: string;
  email: string | null;
  address: { street: string | null; city: string | null; state: string | null; zip: string | null };
  timeZone: string | null;
  propertyAddress: string | null;
  /** The language to talk to this lead in (e.g. "es"); null or absent: the campaign's. */
  language?: string | null;
  consentId: string | null;
  status: LeadStatus;
  attempts: number;
  lastOutcome: string | null;
  blockedReasons: string[];
  /** What the last conversation taught and what happens next (null until a conversation). */
  qualification?: Qualification | null;
  nextStep?: NextStep | null;
  rowNumber: number | null;
  createdAt: Date;
  updatedAt: Date;
}
