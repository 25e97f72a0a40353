import { rulesOf, type CallBan } from '../calling-rules';
import { violation } from '../fines';
import type { CallKind, ConsentFacts, Violation } from '../types';
import { isWrittenConsentInForce } from './consent.rule';

export interface StateBan {
  state: string;
  ban: CallBan;
}

/** The bans of the candidate states that forbid this kind of call. */
export function bansOn(states: readonly string[], callKind: CallKind): StateBan[] {
  return states.flatMap((state) =>
    (rulesOf(state).bans ?? [])
      .filter((ban) => ban.callKinds.includes(callKind))
      .map((ban) => ({ state, ban })),
  );
}

/**
 * State laws that forbid this kind of call outright. A ban our reading lets written consent lift is lifted only
 * by consent in force at the call; an admin override cannot lift any, as it only vouches for consent held
 * elsewhere and this rule asks for the consent on record.
 */
export function checkStateBans(
  bans: readonly StateBan[],
  consent: ConsentFacts | null,
  now: Date,
): Violation[] {
  if (bans.length === 0) return [];
  const consented = isWrittenConsentInForce(consent, now);
  return bans
    .filter(({ ban }) => !(ban.liftedByWrittenConsent && consented))
    .map(({ state, ban }) =>
      violation(
        'STATE_BAN',
        ban.liftedByWrittenConsent
          ? `${ban.citation} forbids ${ban.what}, and there is no prior express written consent in force for automated calls.`
          : `${ban.citation} forbids ${ban.what}, whatever the consent: the number may belong to ${state}.`,
      ),
    );
}
