import type { ConversationOutcome } from '../domain/call';
import type { ConversationTurn } from '../ports/voice-agent.port';
import { acceptedProposals, matchingRules, RULES } from './rules';

export type Intent =
  | 'opt_out'
  | 'wrong_person'
  | 'schedule_meeting'
  | 'call_later'
  | 'no_interest'
  | 'selling_later'
  | 'selling_now'
  | 'buying'
  | 'interested'
  | 'unclear';

const OUTCOME_OF: Readonly<Record<Exclude<Intent, 'unclear'>, ConversationOutcome>> = {
  opt_out: 'dnc_request',
  wrong_person: 'wrong_number',
  schedule_meeting: 'appointment',
  call_later: 'callback',
  no_interest: 'not_interested',
  selling_later: 'qualified',
  selling_now: 'qualified',
  buying: 'qualified',
  interested: 'qualified',
};

export interface Decision {
  intent: Intent;
  outcome: ConversationOutcome;
}

/**
 * What the lead's own words decide, by the precedence of RULES. The agent's words never count by themselves
 * (its "say stop and we won't call again" is no request), only as the proposal a lead's "yes" accepts.
 */
export function decideOutcome(turns: readonly ConversationTurn[], callSuccessful?: string | null): Decision {
  const found = new Set(
    turns.flatMap((turn, i) => {
      if (turn.role !== 'user') return [];
      const previous = turns[i - 1];
      const accepted = previous?.role === 'agent' ? acceptedProposals(previous.message, turn.message) : [];
      return [...matchingRules(turn.message), ...accepted];
    }),
  );
  const best = RULES.find((rule) => found.has(rule));
  return best
    ? { intent: best.intent, outcome: OUTCOME_OF[best.intent] }
    : { intent: 'unclear', outcome: undecided(callSuccessful) };
}

/**
 * Nothing the lead said decided anything (small talk, a call cut short): the agent's own verdict on the call
 * (ElevenLabs' call_successful) tips it, and without one, calling again is the safe reading.
 */
function undecided(callSuccessful: string | null | undefined): ConversationOutcome {
  if (callSuccessful === 'success') return 'qualified';
  return callSuccessful === 'failure' ? 'not_interested' : 'callback';
}
