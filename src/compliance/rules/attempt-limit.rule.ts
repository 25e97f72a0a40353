import { violation } from '../fines';
import type { ComplianceInput, Violation } from '../types';

/** `!(attempts < max)` also blocks when the limit is missing or not a number. */
export function checkAttemptLimit(
  history: ComplianceInput['history'],
  campaign: ComplianceInput['campaign'],
  leadId: string,
): Violation[] {
  const { attemptsInCampaign: attempts } = history;
  const max = campaign.maxAttemptsPerLead;
  return attempts < max
    ? []
    : [
        violation(
          'ATTEMPT_LIMIT',
          `Lead ${leadId} has had ${attempts} attempts in this campaign; its limit is ${max}.`,
        ),
      ];
}
