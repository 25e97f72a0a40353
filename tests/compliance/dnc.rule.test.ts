import type { ComplianceInput, ViolationCode } from '../../src/compliance';
import { checkDnc } from '../../src/compliance/rules/dnc.rule';

const now = new Date('2026-03-10T15:00:00Z');
const DAY = 86_400_000;
const fresh = new Date(now.getTime() - DAY);

describe('DNC rule', () => {
  it.each<[string, Partial<ComplianceInput['dnc']>, ViolationCode[]]>([
    ['clean, registry a day old', {}, []],
    ['on the national registry', { onNationalRegistry: true }, ['ON_DNC_REGISTRY']],
    ['on our internal list', { onInternalList: true }, ['INTERNAL_DNC']],
    ['on both', { onNationalRegistry: true, onInternalList: true }, ['ON_DNC_REGISTRY', 'INTERNAL_DNC']],
    ['registry never downloaded', { registryDownloadedAt: null }, ['REGISTRY_STALE']],
    ['registry exactly 31 days old', { registryDownloadedAt: new Date(now.getTime() - 31 * DAY) }, []],
    [
      'registry 31 days and 1 ms old',
      { registryDownloadedAt: new Date(now.getTime() - 31 * DAY - 1) },
      ['REGISTRY_STALE'],
    ],
    [
      'registry dated in the future',
      { registryDownloadedAt: new Date(now.getTime() + DAY) },
      ['REGISTRY_STALE'],
    ],
    [
      'listed and stale',
      { onNationalRegistry: true, registryDownloadedAt: null },
      ['ON_DNC_REGISTRY', 'REGISTRY_STALE'],
    ],
  ])('%s', (_, dnc, expected) => {
    const facts = { onNationalRegistry: false, onInternalList: false, registryDownloadedAt: fresh, ...dnc };
    const violations = checkDnc(facts, '+12122345678', now);
    expect(violations.map((v) => v.code)).toEqual(expected);
    violations.forEach((v) => {
      expect(v.fineEstimateUsd).toEqual({ min: 500, max: 1500 });
      expect(v.message).toMatch(/\.$/);
    });
  });
});
