import type { CallKind, ConsentFacts, ViolationCode } from '../../src/compliance';
import { checkConsent } from '../../src/compliance/rules/consent.rule';
import { writtenConsent } from './fixtures';

const now = new Date('2026-03-10T15:00:00Z');
const FLORIDA = ['Fla. Stat. § 501.059(8)(a)'];

describe('consent rule', () => {
  it.each<[string, Partial<ConsentFacts> | null, CallKind, string[], ViolationCode[]]>([
    ['none', null, 'agent', [], ['NO_CONSENT']],
    ['written, covering automated calls', {}, 'agent', [], []],
    ['electronic signature', { method: 'electronic_signature' }, 'agent', [], []],
    [
      'captured after the check',
      { capturedAt: new Date('2026-03-11T00:00:00Z') },
      'agent',
      [],
      ['NO_CONSENT'],
    ],
    ['expired', { expiresAt: new Date('2026-03-10T14:59:59Z') }, 'agent', [], ['EXPIRED_CONSENT']],
    ['expiring exactly now', { expiresAt: now }, 'agent', [], ['EXPIRED_CONSENT']],
    ['expiring later', { expiresAt: new Date('2026-03-10T15:00:01Z') }, 'agent', [], []],
    ['revoked', { revokedAt: new Date('2026-03-01T00:00:00Z') }, 'agent', [], ['REVOKED_CONSENT']],
    ['revoked exactly now', { revokedAt: now }, 'live', [], ['REVOKED_CONSENT']],
    ['revocation dated later', { revokedAt: new Date('2026-03-12T00:00:00Z') }, 'agent', [], []],
    [
      'revoked and expired',
      { revokedAt: new Date('2026-03-01T00:00:00Z'), expiresAt: new Date('2026-03-02T00:00:00Z') },
      'agent',
      [],
      ['REVOKED_CONSENT', 'EXPIRED_CONSENT'],
    ],
    ['verbal, AI voice', { method: 'verbal' }, 'agent', [], ['WRONG_CONSENT_METHOD']],
    ['implied, AI voice', { method: 'implied' }, 'agent', [], ['WRONG_CONSENT_METHOD']],
    ['verbal, live call', { method: 'verbal' }, 'live', [], []],
    ['implied, live call', { method: 'implied', coversAutomatedCalls: false }, 'live', [], []],
    ['verbal, live call to Florida', { method: 'verbal' }, 'live', FLORIDA, ['WRONG_CONSENT_METHOD']],
    [
      'written without automated calls, AI voice',
      { coversAutomatedCalls: false },
      'agent',
      [],
      ['AUTOMATED_CALL_NOT_ALLOWED'],
    ],
    ['written without automated calls, live call', { coversAutomatedCalls: false }, 'live', [], []],
    [
      'written without automated calls, live call to Florida',
      { coversAutomatedCalls: false },
      'live',
      FLORIDA,
      ['AUTOMATED_CALL_NOT_ALLOWED'],
    ],
  ])('%s', (_, consent, callKind, stateWrittenConsentLaws, expected) => {
    const facts = consent === null ? null : { ...writtenConsent, ...consent };
    const violations = checkConsent(facts, { now, leadId: 'lead-1', callKind, stateWrittenConsentLaws });
    expect(violations.map((v) => v.code)).toEqual(expected);
    violations.forEach((v) => expect(v.fineEstimateUsd).toEqual({ min: 500, max: 1500 }));
  });

  it('names the facts in its messages', () => {
    const [revoked] = checkConsent(
      { ...writtenConsent, revokedAt: new Date('2026-03-01T00:00:00Z') },
      { now, leadId: 'lead-1', callKind: 'agent', stateWrittenConsentLaws: [] },
    );
    expect(revoked?.message).toBe('Consent consent-1 was revoked at 2026-03-01T00:00:00.000Z.');
    const [verbal] = checkConsent(
      { ...writtenConsent, method: 'verbal' },
      { now, leadId: 'lead-1', callKind: 'live', stateWrittenConsentLaws: FLORIDA },
    );
    expect(verbal?.message).toMatch(/consent-1 is verbal.*Fla\. Stat\. § 501\.059\(8\)\(a\)/);
  });
});
