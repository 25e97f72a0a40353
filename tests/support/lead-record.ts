import type { Lead } from '../../src/domain/lead';

/** A Lead record of a Chicago number, as stored once uploaded and called once; tests override what they need. */
export function leadRecord(at: Date, overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'lead_1',
    campaignId: 'cmp_1',
    phone: '+13125550123',
    firstName: 'Ana',
    lastName: 'Ruiz',
    email: null,
    address: { street: null, city: 'Chicago', state: 'IL', zip: '60601' },
    timeZone: 'America/Chicago',
    propertyAddress: '12 Oak St',
    consentId: null,
    status: 'dialing',
    attempts: 1,
    lastOutcome: null,
    blockedReasons: [],
    rowNumber: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
