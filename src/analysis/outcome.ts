import type { ConversationOutcome } from '../domain/call';
import type { ConversationTurn } from '../ports/voice-agent.port';
import type { AnalysisLanguage } from './language';
import { acceptedProposals, matchingRules, rulesFor } from './rules';

/** What a call that reached something can end as: a conversation's outcome, or an answering machine. */
export type AnalysedOutcome = ConversationOutcome | 'voicemail';

export type Intent =
  | 'opt_out'
  | 'voicemail'
  | 'wrong_person'
  | 'schedule_meeting'
  | 'call_later'
  | 'no_interest'
  | 'selling_later'
  | 'selling_now'
  | 'buying'
  | 'interested'
  | 'unclear';

const OUTCOME_OF: Readonly<Record<Exclude<Intent, 'unclear'>, AnalysedOutcome>> = {
  opt_out: 'dnc_request',
  voicemail: 'voicemail',
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
  outcome: AnalysedOutcome;
}

/** The outcome an intent means; for an intent read from ElevenLabs' analysis as well as from our rules. */
export function outcomeOfIntent(intent: Exclude<Intent, 'unclear'>): AnalysedOutcome {
  return OUTCOME_OF[intent];
}

/**
 * What the lead's own words decide, by the precedence of RULES. The agent's words never count by themselves
 * (its "say stop and we won't call again" is no request), only as the proposal a lead's "yes" accepts.
 */
export function decideOutcome(
  turns: readonly ConversationTurn[],
  language: AnalysisLanguage,
  callSuccessful?: string | null,
): Decision {
  const found = new Set(
    turns.flatMap((turn, i) => {
      if (turn.role !== 'user') return [];
      const previous = turns[i - 1];
      const accepted =
        previous?.role === 'agent' ? acceptedProposals(previous.message, turn.message, language) : [];
      return [...matchingRules(turn.message, language), ...accepted];
    }),
  );
  const best = rulesFor(language).find((rule) => found.has(rule));
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
