import { firstLawfulMinuteFor, resolveZones, zoneNames } from '../compliance';
import type { AnalysedOutcome } from '../analysis';
import type { Campaign } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import type { NextStep, Qualification } from '../domain/qualification';

export const MOVED_OUTSIDE_HOURS = 'outside lawful calling hours in the lead’s time zone';
export const NO_LAWFUL_TIME = 'no lawful calling time within two weeks of the requested time';

/** What of a lead places it: its number, address and stated zone. */
export type LeadPlace = Pick<Lead, 'phone' | 'address' | 'timeZone'>;

/** The zones a lead's number may ring in: the IANA zone of its ZIP or stated zone, else every zone it could be. */
export function leadZones(lead: LeadPlace): string[] {
  return zoneNames(resolveZones(lead.phone, { zip: lead.address.zip, timeZone: lead.timeZone }));
}

/** One zone to read the lead's spoken times in ("call me at 3" is 3 where the lead is). */
export function leadZone(lead: LeadPlace): string {
  return leadZones(lead)[0] ?? 'America/New_York';
}

/**
 * What a conversation's outcome means for the lead. A callback is due when the lead asked (or, with no time
 * named, after the campaign's no-answer delay), moved to the first minute that is lawful in every zone the
 * number may be in; the attempt still goes through compliance then. The appointment keeps its time.
 */
export function nextStepFor(
  outcome: AnalysedOutcome,
  qualification: Pick<Qualification, 'appointmentAt' | 'callbackAt'>,
  lead: LeadPlace,
  campaign: Campaign,
  callEndedAt: Date,
): NextStep {
  const none = { at: null, requestedAt: null, movedReason: null };
  switch (outcome) {
    case 'dnc_request':
      return { action: 'dnc', ...none };
    case 'not_interested':
    case 'wrong_number':
      return { action: 'stop', ...none };
    case 'voicemail':
      return { action: 'retry', ...none };
    case 'qualified':
      return { action: 'follow_up', ...none };
    case 'appointment':
      return { action: 'appointment', at: qualification.appointmentAt, requestedAt: null, movedReason: null };
    case 'callback': {
      const fallback = callEndedAt.getTime() + campaign.retry['no-answer'].delayMinutes * 60_000;
      const requested = qualification.callbackAt?.getTime() ?? fallback;
      const lawful = firstLawfulMinuteFor(
        lead.phone,
        { state: lead.address.state, zip: lead.address.zip, timeZone: lead.timeZone },
        { callKind: 'agent', callingWindow: campaign.callingWindow },
        Math.max(requested, callEndedAt.getTime()),
      );
      return {
        action: 'callback',
        at: lawful === null ? null : new Date(lawful),
        requestedAt: qualification.callbackAt,
        movedReason: lawful === null ? NO_LAWFUL_TIME : lawful !== requested ? MOVED_OUTSIDE_HOURS : null,
      };
    }
  }
}
