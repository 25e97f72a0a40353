import type { ViolationCode } from '../compliance/types';

/** Area codes of IL, NY, CO, AZ, GA, OH, MI and CA: no caps, bans or Sunday rules, all open Wednesday 14:00 ET. */
const AREA_CODES = ['312', '212', '303', '602', '404', '614', '313', '213'];
const FIRST = ['Maria', 'James', 'Aisha', 'Chen', 'Luis', 'Priya', 'Tom', 'Grace', 'Omar', 'Sofia'];
const LAST = ['Garcia', 'Smith', 'Khan', 'Wang', 'Lopez', 'Patel', 'Brown', 'Kim', 'Haddad', 'Rossi'];
const STREETS = ['Oak St', 'Maple Ave', 'Lakeview Dr', 'Pine Rd', 'Elm Ct'];

export interface SampleLead {
  phone: string;
  row: Record<string, string>;
  /** What compliance must say: null = may be dialed. */
  expectedBlock: ViolationCode | null;
}

export interface SampleCampaign {
  csv: string;
  leads: SampleLead[];
  /** The national registry file to import before the upload (covers every area code used). */
  registryNumbers: string[];
  /** Numbers to put on the internal DNC list before the upload. */
  internalDnc: string[];
  /** Rows that must be rejected (row number as the API reports it: header = row 1). */
  badRows: Array<{ row: number; field: string }>;
}

const COLUMNS = [
  'phone',
  'first_name',
  'last_name',
  'city',
  'state',
  'zip',
  'property_address',
  'consent_method',
  'consent_captured_at',
  'consent_expires_at',
  'consent_seller',
  'consent_automated',
  'consent_form_url',
  'consent_ip',
];

/** A valid NANP exchange (NXX): 2–9 first, never an N11 service code. */
function exchange(i: number, seed: number): string {
  const n = 200 + ((i * 37 + seed * 11) % 800);
  return n % 100 === 11 ? String(n + 1) : String(n);
}

/** The mix of leads the demo and the end-to-end test upload; deterministic for one `seed`. */
export function sampleCampaign(count: number, now: Date, seed = 7): SampleCampaign {
  const kinds: Array<ViolationCode | null> = [
    'NO_CONSENT',
    'NO_CONSENT',
    'WRONG_CONSENT_METHOD',
    'EXPIRED_CONSENT',
    'AUTOMATED_CALL_NOT_ALLOWED',
    'ON_DNC_REGISTRY',
    'ON_DNC_REGISTRY',
    'INTERNAL_DNC',
  ];
  const captured = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const leads: SampleLead[] = [];
  for (let i = 0; i < count; i++) {
    const expectedBlock = i < kinds.length ? kinds[i]! : null;
    const npa = AREA_CODES[i % AREA_CODES.length]!;
    const phone = `+1${npa}${exchange(i, seed)}${String((i * 7919 + seed * 104729) % 10000).padStart(4, '0')}`;
    const consent =
      expectedBlock === 'NO_CONSENT'
        ? null
        : {
            consent_method: expectedBlock === 'WRONG_CONSENT_METHOD' ? 'verbal' : 'electronic_signature',
            consent_captured_at:
              expectedBlock === 'EXPIRED_CONSENT'
                ? new Date(now.getTime() - 400 * 86_400_000).toISOString()
                : captured,
            consent_expires_at:
              expectedBlock === 'EXPIRED_CONSENT'
                ? new Date(now.getTime() - 35 * 86_400_000).toISOString()
                : '',
            consent_seller: 'Lakeside Realty',
            consent_automated: expectedBlock === 'AUTOMATED_CALL_NOT_ALLOWED' ? 'no' : 'yes',
            consent_form_url: 'https://lakeside.example/valuation',
            consent_ip: `203.0.113.${(i % 250) + 1}`,
          };
    leads.push({
      phone,
      expectedBlock,
      row: {
        phone,
        first_name: FIRST[i % FIRST.length]!,
        last_name: LAST[(i * 3) % LAST.length]!,
        city: '',
        state: '',
        zip: '',
        property_address: `${100 + i} ${STREETS[i % STREETS.length]}`,
        consent_method: '',
        consent_captured_at: '',
        consent_expires_at: '',
        consent_seller: '',
        consent_automated: '',
        consent_form_url: '',
        consent_ip: '',
        ...(consent ?? {}),
      },
    });
  }
  const lines = [COLUMNS.join(','), ...leads.map((l) => COLUMNS.map((c) => l.row[c] ?? '').join(','))];
  // One broken row in the middle: the API must reject it by row number and keep every other row.
  const badAt = Math.min(10, lines.length);
  lines.splice(badAt, 0, ['555-0100', 'Bad', 'Row', '', '', '', '', '', '', '', '', '', '', ''].join(','));
  return {
    csv: `${lines.join('\n')}\n`,
    leads,
    // The registry fails closed for an area code with no imported file, so every area code used gets one.
    registryNumbers: [
      ...leads.filter((l) => l.expectedBlock === 'ON_DNC_REGISTRY').map((l) => l.phone),
      ...AREA_CODES.map((npa) => `+1${npa}5550199`),
    ],
    internalDnc: leads.filter((l) => l.expectedBlock === 'INTERNAL_DNC').map((l) => l.phone),
    badRows: [{ row: badAt + 1, field: 'phone' }],
  };
}

/** The campaign settings the demo and the end-to-end test create: short retry delays so a run ends in seconds. */
export function sampleCampaignSettings(
  name: string,
  limits: { maxConcurrentCalls: number; callsPerSecond: number },
  retryDelayMinutes: number,
) {
  const rule = (maxAttempts: number) => ({ delayMinutes: retryDelayMinutes, maxAttempts });
  return {
    name,
    limits: { ...limits, maxAttemptsPerLead: 3 },
    retry: { 'no-answer': rule(3), busy: rule(3), failed: rule(2), voicemail: rule(2) },
    voicemail: {
      action: 'leave_message',
      message:
        'Hi {{first_name}}, this is Lakeside Realty about {{property_address}}. Call us back at 312-555-0100. To stop these calls, reply STOP.',
    },
  };
}
