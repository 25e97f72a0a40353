import { violation } from '../fines';
import type { CallKind, ConsentFacts, Violation } from '../types';

export interface ConsentContext {
  now: Date;
  leadId: string;
  callKind: CallKind;
  /** Citations of state laws that require written consent for any automatically dialed call to this number. */
  stateWrittenConsentLaws: readonly string[];
}

/** 47 CFR 64.1200(a)(2)-(3): telemarketing with an artificial voice needs prior express written consent. */
export const AI_VOICE_LAW = '47 CFR 64.1200(a)(2)-(3) and FCC 24-17 (an AI voice is an artificial voice)';

function writtenConsentLaws(context: ConsentContext): string[] {
  return [...(context.callKind === 'agent' ? [AI_VOICE_LAW] : []), ...context.stateWrittenConsentLaws];
}

function isWritten(consent: ConsentFacts): boolean {
  return consent.method === 'written' || consent.method === 'electronic_signature';
}

const iso = (date: Date): string => date.toISOString();

/** Prior express written consent in force at `now` that covers automated or artificial-voice calls. */
export function isWrittenConsentInForce(consent: ConsentFacts | null, now: Date): consent is ConsentFacts {
  return (
    consent !== null &&
    consent.capturedAt <= now &&
    !(consent.revokedAt && consent.revokedAt <= now) &&
    !(consent.expiresAt && consent.expiresAt <= now) &&
    isWritten(consent) &&
    consent.coversAutomatedCalls
  );
}

/**
 * Consent must exist, be prior to the call, unexpired and unrevoked; where a law demands written consent (every
 * AI-voice call; any automatically dialed call in FL, OK and MD) it must be written and cover automated calls.
 */
export function checkConsent(consent: ConsentFacts | null, context: ConsentContext): Violation[] {
  const { now, leadId } = context;
  if (!consent) return [violation('NO_CONSENT', `Lead ${leadId} has no consent on record.`)];
  const found = [];
  if (consent.capturedAt > now) {
    found.push(
      violation(
        'NO_CONSENT',
        `Consent ${consent.id} was captured at ${iso(consent.capturedAt)}, after this check, so it is not prior consent.`,
      ),
    );
  }
  if (consent.revokedAt && consent.revokedAt <= now) {
    found.push(
      violation('REVOKED_CONSENT', `Consent ${consent.id} was revoked at ${iso(consent.revokedAt)}.`),
    );
  }
  if (consent.expiresAt && consent.expiresAt <= now) {
    found.push(violation('EXPIRED_CONSENT', `Consent ${consent.id} expired at ${iso(consent.expiresAt)}.`));
  }
  const laws = writtenConsentLaws(context);
  if (laws.length > 0 && !isWritten(consent)) {
    found.push(
      violation(
        'WRONG_CONSENT_METHOD',
        `Consent ${consent.id} is ${consent.method}, but this call needs prior express written consent (${laws.join('; ')}).`,
      ),
    );
  } else if (laws.length > 0 && !consent.coversAutomatedCalls) {
    found.push(
      violation(
        'AUTOMATED_CALL_NOT_ALLOWED',
        `Written consent ${consent.id} does not cover automated or artificial-voice calls, which this call needs (${laws.join('; ')}).`,
      ),
    );
  }
  return found;
}
