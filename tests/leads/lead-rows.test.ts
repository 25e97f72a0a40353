import { Readable } from 'node:stream';
import { parseLeadCsv, validateLeadRecord, type RowResult } from '../../src/leads/lead-rows';

const NOW = new Date('2025-06-01T12:00:00Z');

async function collect(source: AsyncIterable<Buffer | string>): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for await (const result of parseLeadCsv(source, { now: NOW })) results.push(result);
  return results;
}

const parseCsv = (...chunks: Array<string | Buffer>) => collect(Readable.from(chunks));

function validate(record: Record<string, unknown>): RowResult {
  return validateLeadRecord(record, 2, { now: NOW });
}

function errorsOf(result: RowResult): Record<string, string> {
  if (result.ok) throw new Error(`row ${result.row} unexpectedly valid`);
  return Object.fromEntries(result.errors.map((error) => [error.field, error.reason]));
}

function leadOf(result: RowResult) {
  if (!result.ok) throw new Error(`row ${result.row} rejected: ${JSON.stringify(result.errors)}`);
  return result.lead;
}

const CONSENT = {
  consent_method: 'written',
  consent_captured_at: '2025-01-15T10:00:00Z',
  consent_seller: 'Acme Realty',
};

describe('validateLeadRecord', () => {
  it('normalises a complete lead', () => {
    const result = validate({
      phone: '(415) 979-1234',
      first_name: ' Ann ',
      last_name: 'Lee',
      email: 'ann@example.com',
      street: '1 Main St',
      city: 'Boston',
      state: 'ma',
      zip: '02134-1234',
      time_zone: 'America/New_York',
      property_address: '12 Oak Ave, Boston MA',
      ...CONSENT,
      consent_expires_at: '2026-01-15',
      consent_automated: 'Yes',
      consent_form_url: 'https://forms.example.com/f/1',
      consent_ip: '203.0.113.9',
    });

    expect(result).toEqual({
      ok: true,
      row: 2,
      lead: {
        phone: '+14159791234',
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@example.com',
        address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02134' },
        timeZone: 'America/New_York',
        propertyAddress: '12 Oak Ave, Boston MA',
        consent: {
          method: 'written',
          capturedAt: new Date('2025-01-15T10:00:00Z'),
          expiresAt: new Date('2026-01-15T00:00:00Z'),
          sellerName: 'Acme Realty',
          coversAutomatedCalls: true,
          formUrl: 'https://forms.example.com/f/1',
          ip: '203.0.113.9',
        },
      },
    });
  });

  it('needs only a phone and a first name; blank cells read as absent', () => {
    expect(
      leadOf(validate({ phone: '+1 212 979 1234', first_name: 'Bo', last_name: '', email: '  ' })),
    ).toEqual({
      phone: '+12129791234',
      firstName: 'Bo',
      lastName: '',
      email: null,
      address: { street: null, city: null, state: null, zip: null },
      timeZone: null,
      propertyAddress: null,
      consent: null,
    });
  });

  it.each([
    ['phone', '555', 'must be a valid US phone number, got "555"'],
    ['phone', '+44 20 7946 0958', 'must be a valid US phone number, got "+44 20 7946 0958" (a number in GB)'],
    [
      'phone',
      '+1 416 979 1234',
      'must be a valid US phone number, got "+1 416 979 1234" (+14169791234 is a number in CA (area code 416), not the US)',
    ],
    // Toll-free, premium and personal numbers are no consumer's line and have no place whose hours we could keep.
    ...['800-234-5678', '(888) 234-5678', '900-234-5678', '500-234-5678', '533-234-5678'].map((given) => {
      const e164 = `+1${given.replace(/\D/g, '')}`;
      const npa = e164.slice(2, 5);
      return [
        'phone',
        given,
        `must be a valid US phone number, got "${given}" (${e164} has ${npa}, a non-geographic (toll-free, premium or personal) area code, not a consumer's line)`,
      ];
    }),
    [
      'phone',
      '415-979-1234 ext. 12',
      'must be a direct number without an extension, got "415-979-1234 ext. 12"',
    ],
    ['email', 'ann@', 'must be an email address, got "ann@"'],
    ['state', 'XX', 'must be a US state, DC or territory code such as "TX", got "XX"'],
    ['zip', '123456', 'must be a 5-digit ZIP code or ZIP+4, got "123456"'],
    ['zip', '02134-12', 'must be a 5-digit ZIP code or ZIP+4, got "02134-12"'],
    ['time_zone', 'Mars/Olympus', 'must be an IANA time zone such as "America/Chicago", got "Mars/Olympus"'],
  ])('rejects %s %j', (field, value, reason) => {
    expect(errorsOf(validate({ phone: '4159791234', first_name: 'Ann', [field]: value }))).toEqual({
      [field]: reason,
    });
  });

  it('reports every bad field of a record at once, required ones as "is required"', () => {
    expect(errorsOf(validate({ last_name: 'Lee', email: 'x', zip: 'abc' }))).toEqual({
      phone: 'is required',
      first_name: 'is required',
      email: 'must be an email address, got "x"',
      zip: 'must be a 5-digit ZIP code or ZIP+4, got "abc"',
    });
  });

  it('accepts the territories and DC, full state names, and a ZIP whose leading zero a spreadsheet dropped', () => {
    const lead = leadOf(
      validate({ phone: '787 979 1234', first_name: 'Ana', state: 'Puerto Rico', zip: '907' }),
    );
    expect(lead.phone).toBe('+17879791234');
    expect(lead.address).toMatchObject({ state: 'PR', zip: '00907' });
    expect(leadOf(validate({ phone: '4159791234', first_name: 'D', state: 'dc' })).address.state).toBe('DC');
  });

  describe('consent', () => {
    const base = { phone: '4159791234', first_name: 'Ann' };

    it('is null when no consent column has a value, and covers automated calls only when it says so', () => {
      expect(leadOf(validate({ ...base, consent_method: '', consent_ip: ' ' })).consent).toBeNull();
      expect(leadOf(validate({ ...base, ...CONSENT })).consent).toMatchObject({
        coversAutomatedCalls: false,
        expiresAt: null,
        formUrl: null,
        ip: null,
      });
    });

    it('needs a method, a capture time and a seller once any consent column is given', () => {
      expect(errorsOf(validate({ ...base, consent_automated: 'yes' }))).toEqual({
        consent_method: 'is required when any consent column is filled in',
        consent_captured_at: 'is required when any consent column is filled in',
        consent_seller: 'is required when any consent column is filled in',
      });
    });

    it.each([
      [
        'consent_method',
        'email',
        'must be one of written, electronic_signature, verbal, implied, got "email"',
      ],
      [
        'consent_captured_at',
        'last tuesday',
        'must be an ISO 8601 date or date-time such as "2024-05-01T14:30:00Z", got "last tuesday"',
      ],
      ['consent_captured_at', '2025-06-02', 'must not be in the future, got "2025-06-02T00:00:00.000Z"'],
      [
        'consent_expires_at',
        '2025-01-01',
        'must be after consent_captured_at (2025-01-15T10:00:00.000Z), got "2025-01-01T00:00:00.000Z"',
      ],
      ['consent_automated', 'maybe', 'must be true/false, yes/no or 1/0, got "maybe"'],
      ['consent_form_url', 'javascript:alert(1)', 'must be an http(s) URL, got "javascript:alert(1)"'],
      ['consent_ip', '300.1.1.1', 'must be an IPv4 or IPv6 address, got "300.1.1.1"'],
    ])('rejects %s %j', (field, value, reason) => {
      expect(errorsOf(validate({ ...base, ...CONSENT, [field]: value }))).toEqual({ [field]: reason });
    });

    it('reads methods and yes/no flags however they are cased, and offsets in capture times', () => {
      const consent = leadOf(
        validate({
          ...base,
          ...CONSENT,
          consent_method: 'Electronic Signature',
          consent_captured_at: '2025-01-15T05:00:00-05:00',
          consent_automated: 'TRUE',
        }),
      ).consent;
      expect(consent).toMatchObject({
        method: 'electronic_signature',
        capturedAt: new Date('2025-01-15T10:00:00Z'),
        coversAutomatedCalls: true,
      });
    });
  });

  describe('JSON records', () => {
    it('takes camelCase keys, typed values and the nested shape of our Lead type', () => {
      const lead = leadOf(
        validateLeadRecord(
          {
            phone: 4159791234,
            firstName: 'Ann',
            lastName: 'Lee',
            address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: 2134 },
            timeZone: 'America/New_York',
            consent: {
              method: 'verbal',
              capturedAt: '2025-01-15T10:00:00Z',
              sellerName: 'Acme Realty',
              coversAutomatedCalls: false,
            },
            crmId: 'ignored',
          },
          7,
          { now: NOW },
        ),
      );
      expect(lead).toMatchObject({
        phone: '+14159791234',
        address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02134' },
        timeZone: 'America/New_York',
        consent: { method: 'verbal', sellerName: 'Acme Realty', coversAutomatedCalls: false },
      });
    });

    it('rejects a value that is not text, and a column given under two names', () => {
      expect(
        errorsOf(validate({ phone: '4159791234', phoneNumber: '2129791234', first_name: ['Ann'] })),
      ).toEqual({
        phone: 'is given more than once (as "phone" and "phoneNumber")',
        first_name: 'must be text, got "[\\"Ann\\"]"',
      });
    });

    it('treats keys such as "constructor" and "__proto__" as unknown columns', () => {
      const record = JSON.parse(
        '{"phone":"4159791234","first_name":"Ann","constructor":"x","__proto__":"y"}',
      );
      expect(leadOf(validate(record)).firstName).toBe('Ann');
    });
  });
});

describe('parseLeadCsv', () => {
  it('numbers rows from the header (row 1) and keeps good rows around bad ones', async () => {
    const results = await parseCsv(
      [
        'phone,first_name,state',
        '4159791234,Ann,CA',
        '555,Bob,CA',
        '2129791234,,NY',
        '3109791234,Cy,XX',
        '6179791234,Di,MA',
      ].join('\n'),
    );

    expect(results.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [3, false],
      [4, false],
      [5, false],
      [6, true],
    ]);
    expect(errorsOf(results[1]!)).toEqual({ phone: 'must be a valid US phone number, got "555"' });
    expect(errorsOf(results[2]!)).toEqual({ first_name: 'is required' });
    expect(leadOf(results[4]!).phone).toBe('+16179791234');
  });

  it.each([
    ['first_name', 'Phone,First_Name,Last_Name'],
    ['First Name', 'PHONE,FIRST NAME,LAST NAME'],
    ['firstName', 'phoneNumber,firstName,lastName'],
    ['FirstName', 'Phone Number,FirstName,Surname'],
    ['first-name', ' phone , first-name , last-name '],
  ])('maps %s-style headers', async (_style, header) => {
    const [result] = await parseCsv(`${header}\n4159791234,Ann,Lee\n`);
    expect(leadOf(result!)).toMatchObject({ phone: '+14159791234', firstName: 'Ann', lastName: 'Lee' });
  });

  it('maps the column names CRM exports use and ignores the columns it does not know', async () => {
    const [result] = await parseCsv(
      'Lead ID,Phone Number,First Name,Surname,E-mail,Street Address,City,State,Zip Code,TimeZone,Property,' +
        'Consent Method,Consent Captured At,Consent Seller Name,ConsentAutomated,ConsentFormURL,ConsentIP\n' +
        '981,4159791234,Ann,Lee,ann@example.com,1 Main St,Boston,MA,02134,America/New_York,12 Oak Ave,' +
        'written,2025-01-15,Acme Realty,yes,https://forms.example.com/1,203.0.113.9\n',
    );
    expect(leadOf(result!)).toEqual({
      phone: '+14159791234',
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02134' },
      timeZone: 'America/New_York',
      propertyAddress: '12 Oak Ave',
      consent: {
        method: 'written',
        capturedAt: new Date('2025-01-15T00:00:00Z'),
        expiresAt: null,
        sellerName: 'Acme Realty',
        coversAutomatedCalls: true,
        formUrl: 'https://forms.example.com/1',
        ip: '203.0.113.9',
      },
    });
  });

  it('reports missing required columns once, as row 1, and reads no further', async () => {
    const results = await parseCsv('Name,Email\nAnn,ann@example.com\nBob,bob@example.com\n');
    expect(results).toEqual([
      {
        ok: false,
        row: 1,
        errors: [
          { field: 'phone', reason: 'is missing from the header row' },
          { field: 'first_name', reason: 'is missing from the header row' },
        ],
      },
    ]);
  });

  it('reports a column named twice in the header', async () => {
    const results = await parseCsv('phone,Phone Number,first_name\n4159791234,2129791234,Ann\n');
    expect(results).toEqual([
      {
        ok: false,
        row: 1,
        errors: [{ field: 'phone', reason: 'is given more than once (as "phone" and "Phone Number")' }],
      },
    ]);
  });

  it('reports an empty file as a header without the required columns', async () => {
    const results = await parseCsv('');
    expect(results).toHaveLength(1);
    expect(errorsOf(results[0]!)).toEqual({
      phone: 'is missing from the header row',
      first_name: 'is missing from the header row',
    });
  });

  it('reads quoted commas, quotes and line breaks; a multi-line row is still one row', async () => {
    const results = await parseCsv(
      'phone,first_name,last_name,property_address\n' +
        '4159791234,Ann,"Lee, Jr.","12 Oak Ave\nApt 3, ""the blue door"""\n' +
        '2129791234,Bob,Ray,5\'10" porch\n',
    );
    expect(leadOf(results[0]!)).toMatchObject({
      lastName: 'Lee, Jr.',
      propertyAddress: '12 Oak Ave\nApt 3, "the blue door"',
    });
    expect(results[1]).toMatchObject({ ok: true, row: 3, lead: { propertyAddress: '5\'10" porch' } });
  });

  it('cuts a ZIP+4 to five digits', async () => {
    const [result] = await parseCsv('phone,first_name,zip\n4159791234,Ann,02134-5678\n');
    expect(leadOf(result!).address.zip).toBe('02134');
  });

  it('skips a byte-order mark and blank rows, keeping the row numbers a spreadsheet shows', async () => {
    const results = await parseCsv('\uFEFFphone,first_name\n4159791234,Ann\n\n,\n2129791234,Bob\n');
    expect(results.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [5, true],
    ]);
  });

  it('rejects a row whose cells do not line up with the header', async () => {
    const results = await parseCsv('phone,first_name,city\n4159791234,Ann,Boston,MA\n2129791234,Bob,NYC\n');
    expect(results[0]).toEqual({
      ok: false,
      row: 2,
      errors: [{ field: 'row', reason: 'has 4 cells but the header has 3 columns' }],
    });
    expect(results[1]).toMatchObject({ ok: true, row: 3 });
  });

  it('reports an unclosed quote at its row after yielding the rows before it', async () => {
    const results = await parseCsv('phone,first_name\n4159791234,Ann\n2129791234,"Bob\n6179791234,Cy\n');
    expect(results).toEqual([
      expect.objectContaining({ ok: true, row: 2 }),
      {
        ok: false,
        row: 3,
        errors: [
          {
            field: 'row',
            reason: 'opens a quote that is never closed, so it and the rest of the file cannot be read',
          },
        ],
      },
    ]);
  });

  it('reads Buffer chunks that split a multi-byte character', async () => {
    const bytes = Buffer.from('phone,first_name\n4159791234,José\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const [result] = await parseCsv(bytes.subarray(0, cut), bytes.subarray(cut));
    expect(leadOf(result!).firstName).toBe('José');
  });

  it('streams a large upload: rows come out before the source is fully read', async () => {
    const total = 20_000;
    let produced = 0;
    function* lines(): Generator<string> {
      yield 'phone,first_name\n';
      for (let i = 0; i < total; i++) {
        produced += 1;
        yield `415${String(2000000 + i).padStart(7, '0')},Lead${i}\n`;
      }
    }

    let count = 0;
    let producedAtFirstRow = -1;
    for await (const result of parseLeadCsv(Readable.from(lines()), { now: NOW })) {
      if (count === 0) producedAtFirstRow = produced;
      if (!result.ok) throw new Error(`row ${result.row}: ${JSON.stringify(result.errors)}`);
      count += 1;
    }

    expect(count).toBe(total);
    expect(producedAtFirstRow).toBeLessThan(total);
  });

  it('lets a failing source fail the parse rather than passing for a malformed file', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'phone,first_name\n4159791234,Ann\n';
      throw new Error('socket hang up');
    }
    await expect(collect(failing())).rejects.toThrow('socket hang up');
  });
});
