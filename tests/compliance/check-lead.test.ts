import { checkLead, FINE_PER_VIOLATION, RULE_SET_VERSION, type ComplianceInput } from '../../src/compliance';
import { input, writtenConsent } from './fixtures';

const codes = (lead: ComplianceInput) => {
  const decision = checkLead(lead);
  return {
    result: decision.result,
    codes: decision.result === 'allowed' ? [] : decision.violations.map((v) => v.code),
  };
};

const night = new Date('2026-03-11T03:00:00Z'); // 23:00 in New York

describe('checkLead', () => {
  it('allows a clean lead and records its evidence, naming the statutes and the unverified state', () => {
    const decision = checkLead(input());
    expect(decision).toEqual({
      result: 'allowed',
      evidence: {
        ruleSetVersion: RULE_SET_VERSION,
        checkedAt: new Date('2026-03-10T15:00:00Z'),
        consentId: 'consent-1',
        registryDownloadedAt: new Date('2026-03-01T00:00:00Z'),
        zones: [
          { zone: 'America/New_York', source: 'zip' },
          { zone: 'America/New_York', source: 'area_code' },
        ],
        localTimes: [{ zone: 'America/New_York', local: '2026-03-10T11:00:00.000-04:00' }],
        states: ['NY'],
        // New York is not verified yet: the strictest window of every verified state applies on a weekday.
        window: {
          start: '09:00',
          end: '18:00',
          sources: [
            '47 CFR 64.1200(c)(1)',
            'N.Y. Gen. Bus. Law § 399-z(2)',
            'unverified, strictest window applied',
          ],
        },
        places: [
          {
            zone: 'America/New_York',
            states: ['NY'],
            statutes: [
              '47 CFR 64.1200(c)(1)',
              'N.Y. Gen. Bus. Law § 399-z(2)',
              'unverified, strictest window applied',
            ],
          },
        ],
        statutes: [
          '47 CFR 64.1200(c)(1)',
          'N.Y. Gen. Bus. Law § 399-z(2)',
          'unverified, strictest window applied',
          '47 CFR 64.1200(a)(2)-(3) and FCC 24-17 (an AI voice is an artificial voice)',
          '47 CFR 64.1200(c)(2)',
          '47 CFR 64.1200(d)',
        ],
        unverifiedStates: ['NY'],
        exemptions: [],
        override: null,
      },
    });
  });

  it.each<[string, Partial<ComplianceInput>, string, string[]]>([
    ['deferred at night', { now: night }, 'deferred', ['OUTSIDE_CALLING_HOURS']],
    [
      'blocked beats deferred, and reports every blocking violation',
      {
        now: night,
        consent: null,
        dnc: { onNationalRegistry: true, onInternalList: true, registryDownloadedAt: null },
        history: { callsToPhoneLast24h: [], attemptsInCampaign: 9 },
      },
      'blocked',
      ['NO_CONSENT', 'ON_DNC_REGISTRY', 'INTERNAL_DNC', 'REGISTRY_STALE', 'ATTEMPT_LIMIT'],
    ],
    ['invalid phone', { phone: '+14162345678' }, 'blocked', ['INVALID_PHONE']],
    [
      'attempt limit',
      { history: { callsToPhoneLast24h: [], attemptsInCampaign: 5 } },
      'blocked',
      ['ATTEMPT_LIMIT'],
    ],
    [
      'AI voice on verbal consent',
      { consent: { ...writtenConsent, method: 'verbal' } },
      'blocked',
      ['WRONG_CONSENT_METHOD'],
    ],
    [
      'live call on verbal consent in New York',
      { callKind: 'live', consent: { ...writtenConsent, method: 'verbal' } },
      'allowed',
      [],
    ],
    [
      'live call on verbal consent to a Florida area code',
      { callKind: 'live', phone: '+13052345678', consent: { ...writtenConsent, method: 'verbal' } },
      'blocked',
      ['WRONG_CONSENT_METHOD'],
    ],
  ])('%s', (_, overrides, result, expected) => {
    expect(codes(input(overrides))).toEqual({ result, codes: expected });
  });

  it('puts the fine estimate on each violation', () => {
    const decision = checkLead(
      input({ consent: null, history: { callsToPhoneLast24h: [], attemptsInCampaign: 5 } }),
    );
    expect(
      decision.result === 'blocked' && decision.violations.map((v) => [v.code, v.fineEstimateUsd]),
    ).toEqual([
      ['NO_CONSENT', FINE_PER_VIOLATION],
      ['ATTEMPT_LIMIT', { min: 0, max: 0 }],
    ]);
  });

  it('reports both waits when the lead is capped and outside hours', () => {
    const calls = [1, 2, 3].map((h) => new Date(night.getTime() - h * 3_600_000));
    const decision = checkLead(
      input({
        now: night,
        phone: '+13052345678',
        lead: { id: 'lead-1', state: 'FL', zip: '33101' },
        history: { callsToPhoneLast24h: calls, attemptsInCampaign: 3 },
      }),
    );
    expect(decision.result === 'deferred' && decision.violations.map((v) => v.code)).toEqual([
      'OUTSIDE_CALLING_HOURS',
      'FREQUENCY_CAP',
    ]);
    // Released at 2026-03-12T00:00Z, 20:00 EDT, as Florida closes: deferred to the next morning, 08:00 EDT.
    expect(decision.result === 'deferred' && decision.notBefore.toISOString()).toBe(
      '2026-03-12T12:00:00.000Z',
    );
  });

  it('closes a day with no lawful minute in its evidence window', () => {
    const decision = checkLead(
      input({ phone: '+18012345678', lead: { id: 'l', state: 'UT' }, now: new Date('2026-03-08T18:00:00Z') }),
    );
    expect(decision.evidence.window).toEqual({
      start: '00:00',
      end: '00:00',
      sources: ['47 CFR 64.1200(c)(1)', 'Utah Code § 13-25a-103(3)'],
    });
  });

  it('rejects an invalid clock', () => {
    expect(() => checkLead(input({ now: new Date(Number.NaN) }))).toThrow(RangeError);
  });
});

describe('admin override', () => {
  const override = { reason: 'Consent on paper, scanned into ticket 4411', by: 'admin@example.com' };

  it.each<[string, Partial<ComplianceInput>, string, string[], string[]]>([
    ['waives missing consent', { consent: null }, 'allowed', [], ['NO_CONSENT']],
    [
      'waives expired consent',
      { consent: { ...writtenConsent, expiresAt: new Date('2026-01-01') } },
      'allowed',
      [],
      ['EXPIRED_CONSENT'],
    ],
    [
      'waives the consent method',
      { consent: { ...writtenConsent, method: 'verbal' } },
      'allowed',
      [],
      ['WRONG_CONSENT_METHOD'],
    ],
    [
      'waives automated-call coverage',
      { consent: { ...writtenConsent, coversAutomatedCalls: false } },
      'allowed',
      [],
      ['AUTOMATED_CALL_NOT_ALLOWED'],
    ],
    [
      'never a revocation',
      { consent: { ...writtenConsent, revokedAt: new Date('2026-03-01') } },
      'blocked',
      ['REVOKED_CONSENT'],
      [],
    ],
    [
      'never the national registry',
      {
        consent: null,
        dnc: {
          onNationalRegistry: true,
          onInternalList: false,
          registryDownloadedAt: new Date('2026-03-01'),
        },
      },
      'blocked',
      ['ON_DNC_REGISTRY'],
      ['NO_CONSENT'],
    ],
    [
      'never our internal list',
      {
        dnc: {
          onNationalRegistry: false,
          onInternalList: true,
          registryDownloadedAt: new Date('2026-03-01'),
        },
      },
      'blocked',
      ['INTERNAL_DNC'],
      [],
    ],
    [
      'never a stale registry',
      { dnc: { onNationalRegistry: false, onInternalList: false, registryDownloadedAt: null } },
      'blocked',
      ['REGISTRY_STALE'],
      [],
    ],
    [
      'never the attempt limit',
      { history: { callsToPhoneLast24h: [], attemptsInCampaign: 5 } },
      'blocked',
      ['ATTEMPT_LIMIT'],
      [],
    ],
    ['never calling hours', { now: night }, 'deferred', ['OUTSIDE_CALLING_HOURS'], []],
  ])('%s', (_, overrides, result, remaining, overridden) => {
    const decision = checkLead(input({ ...overrides, override }));
    expect(codes(input({ ...overrides, override }))).toEqual({ result, codes: remaining });
    expect(decision.evidence.override).toEqual({ ...override, overridden });
  });

  it('needs a reason', () => {
    const decision = checkLead(input({ consent: null, override: { reason: '  ', by: 'admin@example.com' } }));
    expect(decision.result).toBe('blocked');
    expect(decision.evidence.override).toBeNull();
  });
});

describe('state bans (AI voice)', () => {
  const alaska = {
    phone: '+19072345678',
    lead: { id: 'l', state: 'AK' },
    now: new Date('2026-03-10T20:00:00Z'),
  };
  it('AS 45.50.475(a)(4): blocked whatever the consent, and no override lifts it', () => {
    const decision = checkLead(
      input({ ...alaska, override: { reason: 'consent held on paper', by: 'admin' } }),
    );
    expect(decision.result === 'blocked' && decision.violations.map((v) => v.code)).toEqual(['STATE_BAN']);
    expect(decision.evidence.statutes).toContain('AS 45.50.475(a)(4)');
  });

  it('binds automated calls only: a live call to Alaska keeps the federal window', () => {
    expect(checkLead(input({ ...alaska, callKind: 'live' })).result).toBe('allowed');
  });

  it('RCW 80.36.400(2) is lifted by written consent in force, not by an override of missing consent', () => {
    const washington = {
      phone: '+12062345678',
      lead: { id: 'l', state: 'WA' },
      now: new Date('2026-03-10T20:00:00Z'),
    };
    expect(checkLead(input(washington)).result).toBe('allowed');
    const overridden = checkLead(
      input({ ...washington, consent: null, override: { reason: 'on paper', by: 'a' } }),
    );
    expect(overridden.result === 'blocked' && overridden.violations.map((v) => v.code)).toEqual([
      'STATE_BAN',
    ]);
  });
});

describe('registry-listed numbers: strict by default, the written-agreement option when an admin set it', () => {
  const listed = {
    onNationalRegistry: true,
    onInternalList: false,
    registryDownloadedAt: new Date('2026-03-01'),
  };
  const option = { maxAttemptsPerLead: 5, callingWindow: null, allowRegistryWithWrittenAgreement: true };

  it('blocks a listed number without the option, even with a signed written agreement', () => {
    const decision = checkLead(input({ dnc: listed }));
    expect(decision.result === 'blocked' && decision.violations.map((v) => v.code)).toEqual([
      'ON_DNC_REGISTRY',
    ]);
    expect(decision.evidence.exemptions).toEqual([]);
  });

  it('calls it on the signed written agreement with the option, and records the exemption', () => {
    const decision = checkLead(input({ dnc: listed, campaign: option }));
    expect(decision.result).toBe('allowed');
    expect(decision.evidence.exemptions).toEqual([
      '47 CFR 64.1200(c)(2)(ii): registry-listed number called on the signed written agreement consent-1 with Acme Realty (campaign option allowRegistryWithWrittenAgreement)',
    ]);
  });

  it.each<[string, Partial<ComplianceInput>, string[]]>([
    [
      'verbal consent',
      { consent: { ...writtenConsent, method: 'verbal' } },
      ['WRONG_CONSENT_METHOD', 'ON_DNC_REGISTRY'],
    ],
    [
      'a revoked agreement',
      { consent: { ...writtenConsent, revokedAt: new Date('2026-03-01') } },
      ['REVOKED_CONSENT', 'ON_DNC_REGISTRY'],
    ],
    ['our own do-not-call list', { dnc: { ...listed, onInternalList: true } }, ['INTERNAL_DNC']],
  ])('never with %s', (_, overrides, expected) => {
    const decision = checkLead(input({ dnc: listed, campaign: option, ...overrides }));
    expect(decision.result === 'blocked' && decision.violations.map((v) => v.code)).toEqual(expected);
  });
});
