import type { ComplianceInput, ConsentFacts } from '../../src/compliance';

export const writtenConsent: ConsentFacts = {
  id: 'consent-1',
  method: 'written',
  capturedAt: new Date('2025-01-01T00:00:00Z'),
  expiresAt: null,
  revokedAt: null,
  sellerName: 'Acme Realty',
  coversAutomatedCalls: true,
};

/** A lead that passes every rule at 2026-03-10 15:00Z (Tuesday, 11:00 in New York), unless overridden. */
export function input(overrides: Partial<ComplianceInput> = {}): ComplianceInput {
  return {
    now: new Date('2026-03-10T15:00:00Z'),
    phone: '+12122345678',
    lead: { id: 'lead-1', state: 'NY', zip: '10001', timeZone: null },
    callKind: 'agent',
    consent: writtenConsent,
    dnc: {
      onNationalRegistry: false,
      registryDownloadedAt: new Date('2026-03-01T00:00:00Z'),
      onInternalList: false,
    },
    history: { callsToPhoneLast24h: [], attemptsInCampaign: 0 },
    campaign: { maxAttemptsPerLead: 5, callingWindow: null },
    override: null,
    ...overrides,
  };
}

/** A lead at a phone with the given area code and address, checked at `now` against a registry a day old. */
export function leadAt(npa: string, lead: ComplianceInput['lead'], now: string): ComplianceInput {
  const registryDownloadedAt = new Date(Date.parse(now) - 86_400_000);
  return input({
    phone: `+1${npa}2345678`,
    lead,
    now: new Date(now),
    dnc: { onNationalRegistry: false, onInternalList: false, registryDownloadedAt },
  });
}
