import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { waitFor } from '../support/wait';
import { freePort, spawnRole, withDatabase, type Spawned } from '../support/processes';
import { deleteKeys } from '../support/redis';
import { request } from './web-support';
import { streamCsv } from './upload-stream';
import { MAX_CSV_ROW_BYTES } from '../../src/leads/lead-csv';
import { simulatorEnvironment } from '../../src/demo/demo-environment';
import { apiClient } from '../../src/demo/api-client';

interface UploadAnswer {
  uploadId: string;
  status: string;
  accepted: number;
  rejectedCount: number;
  errorCounts: Record<string, number>;
  errorsCsv: string;
  rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
  leadIds: string[];
}

interface UploadView {
  id: string;
  status: string;
  accepted: number;
  rejected: number;
}

const BAD_PHONE = 'phone: must be a valid US phone number';

/** A distinct valid Chicago number per i < 100,000 (exchanges 234–243). */
const chicago = (i: number) => `+1312${234 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;

/** `rows` CSV rows after a header, a thousand rows a chunk, built as they are sent. */
function* csvRows(rows: number, row: (i: number) => string, header = 'phone,first_name,last_name\n') {
  yield header;
  for (let start = 0; start < rows; start += 1000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 1000); i++) chunk += row(i);
    yield chunk;
  }
}

/** Peak and current resident memory of a process, in MB (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

jest.setTimeout(300_000);

/** MAX_UPLOAD_BYTES of the API under test. */
const LIMIT = 4 * 1024 * 1024;

/**
 * Lead uploads at the sizes a team really sends, and past every limit: memory, answers and reports stay bounded.
 * The API runs in a process of its own (no workers), so its memory is its own: MongoDB (the stand-in) lives in
 * jest's process.
 */
describe('lead upload limits', () => {
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  let api: Spawned;
  const h = { base: '', apiKey: '' };
  let client: ReturnType<typeof apiClient>;

  const get = <T>(path: string) =>
    request<T>(`${h.base}${path}`, { headers: { authorization: `Bearer ${h.apiKey}` } });
  const campaign = async (name: string) => (await client.createCampaign({ name })).id;
  const leadCount = async (campaignId: string) => (await client.leads(campaignId)).leads.length;

  beforeAll(async () => {
    const port = await freePort();
    h.base = `http://127.0.0.1:${port}`;
    const env = simulatorEnvironment(process.env, {
      PORT: String(port),
      PUBLIC_BASE_URL: h.base,
      QUEUE_PREFIX: prefix,
      MONGODB_URI: withDatabase(process.env.MONGODB_URI!, prefix),
      LOG_LEVEL: 'error',
      KAFKA_BROKERS: '',
      // Nothing here calls out: no worker runs.
      SIMULATOR_URL: 'http://127.0.0.1:9',
      MAX_UPLOAD_BYTES: String(LIMIT),
      // A process that kept what it read would die here: its old space cannot grow past this.
      NODE_OPTIONS: '--max-old-space-size=160',
    });
    h.apiKey = env.API_KEYS!;
    client = apiClient(h.base, h.apiKey, env.ADMIN_API_KEYS!);
    api = await spawnRole('api', env, 120_000);
  });
  afterAll(async () => {
    await api?.stop();
    await deleteKeys(prefix);
  });

  it('100,000 rows, 10% bad: the API peak RSS grows by under 100 MB (old space capped at 160 MB), the answer lists 1,000 errors with counts, errors.csv has every bad row', async () => {
    const id = await campaign('big list');
    const isBad = (i: number) => i % 10 === 7;
    const before = memoryOf(api.child.pid!);
    // 100k rows are ~3 MB: under this API's 4 MiB limit.
    const res = await streamCsv(
      h,
      id,
      csvRows(100_000, (i) => `${isBad(i) ? `555-${i}` : chicago(i)},Row${i},Tester\n`),
    );
    const body = JSON.parse(res.text) as UploadAnswer;

    expect(res.status).toBe(201);
    // The process's peak resident memory, whatever the garbage collector did in between.
    const after = memoryOf(api.child.pid!);
    const growth = after.peak - before.now;
    expect(Math.round(growth)).toBeLessThan(100);
    expect([body.status, body.accepted, body.rejectedCount]).toEqual(['complete', 90_000, 10_000]);
    expect(body.errorCounts).toEqual({ [BAD_PHONE]: 10_000 });
    expect(body.rejected).toHaveLength(1000);
    expect(body.rejected[0]).toEqual({
      row: 9,
      errors: [{ field: 'phone', reason: expect.stringContaining('"555-7"') }],
    });
    expect(body.leadIds).toHaveLength(1000);
    expect(res.text.length).toBeLessThan(400_000);

    const csv = await get<string>(body.errorsCsv);
    expect(csv.status).toBe(200);
    const lines = csv.text.trimEnd().split('\n');
    expect(lines[0]).toBe('row,field,reason');
    const rows = lines.slice(1).map((line) => Number(line.split(',')[0]));
    // Row r of the spreadsheet is i = r - 2.
    const expected = Array.from({ length: 100_000 }, (_, i) => i)
      .filter(isBad)
      .map((i) => i + 2);
    expect(rows).toEqual(expected);
    expect(lines[1]).toBe('9,phone,"must be a valid US phone number, got ""555-7"""');

    const upload = await get<UploadView>(`/api/campaigns/${id}/uploads/${body.uploadId}`);
    expect(upload.body).toMatchObject({ status: 'complete', accepted: 90_000, rejected: 10_000 });
  });

  it('1,000,000 junk rows: a bounded answer (counts, 1,000 errors) and the full report as CSV', async () => {
    const id = await campaign('junk');
    const res = await streamCsv(
      h,
      id,
      csvRows(1_000_000, () => 'x\n', 'phone,first_name\n'),
    );
    const body = JSON.parse(res.text) as UploadAnswer;
    expect(res.status).toBe(422);
    expect(res.text.length).toBeLessThan(200_000);
    expect([body.accepted, body.rejectedCount, body.rejected.length]).toEqual([0, 1_000_000, 1000]);
    expect(body.errorCounts).toEqual({ 'row: has 1 cells but the header has 2 columns': 1_000_000 });

    const csv = await get<string>(body.errorsCsv);
    const lines = csv.text.trimEnd().split('\n');
    expect([lines.length, lines[1], lines[lines.length - 1]]).toEqual([
      1_000_001,
      '2,row,has 1 cells but the header has 2 columns',
      '1000001,row,has 1 cells but the header has 2 columns',
    ]);
  });

  it('a body declared over MAX_UPLOAD_BYTES is refused before any row is read: 413 naming the limit, nothing stored', async () => {
    const id = await campaign('declared too large');
    const res = await streamCsv(
      h,
      id,
      csvRows(10, (i) => `${chicago(i)},A,B\n`),
      {
        contentLength: LIMIT + 1,
      },
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      field: 'body',
      message: expect.stringContaining(`${LIMIT} bytes (MAX_UPLOAD_BYTES)`),
    });
    expect(await leadCount(id)).toBe(0);
    expect((await get<{ uploads: unknown[] }>(`/api/campaigns/${id}/uploads`)).body.uploads).toEqual([]);
  });

  it('a streamed body past MAX_UPLOAD_BYTES: 413 naming the limit; the rows read before are kept and reported', async () => {
    const id = await campaign('streamed too large');
    // 600 leads, then rows of 1 kB (rejected, cheap to read) until well past the 4 MiB limit.
    const rows = (i: number) => (i < 600 ? `${chicago(i)},Row${i},Tester\n` : `${'x'.repeat(1000)}\n`);
    const res = await streamCsv(h, id, csvRows(6000, rows));
    expect(res.status).toBe(413);
    const { error } = JSON.parse(res.text) as {
      error: { code: string; field: string; details: UploadAnswer };
    };
    expect([error.code, error.field]).toEqual(['PAYLOAD_TOO_LARGE', 'body']);
    expect(error.details).toMatchObject({ maxUploadBytes: LIMIT, status: 'too_large' });
    expect(error.details.accepted).toBe(600);
    expect(await leadCount(id)).toBe(error.details.accepted);
    const upload = await get<UploadView>(`/api/campaigns/${id}/uploads/${error.details.uploadId}`);
    expect(upload.body).toMatchObject({ status: 'too_large', accepted: error.details.accepted });
    expect(res.written).toBeLessThan(LIMIT + 2 * 1024 * 1024);
  });

  it('a 200 MB single-cell CSV is not read whole: 413 naming the per-row limit after about that many bytes', async () => {
    const id = await campaign('one huge cell');
    const megabyte = 'a'.repeat(2 ** 20);
    function* huge() {
      yield 'phone,first_name\n+13122345678,Ada\n"';
      for (let i = 0; i < 200; i++) yield megabyte;
      yield '",x\n';
    }
    const res = await streamCsv(h, id, huge());
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      field: 'row',
      message: `row 3 is longer than the limit of ${MAX_CSV_ROW_BYTES} bytes per row`,
      details: expect.objectContaining({ maxRowBytes: MAX_CSV_ROW_BYTES, status: 'too_large' }),
    });
    // Rows the parser had read ahead of the long one may be dropped with it; what is reported is what is stored.
    expect(await leadCount(id)).toBe(JSON.parse(res.text).error.details.accepted);
    // What was written before the answer: socket buffers, nowhere near 200 MB.
    expect(res.written).toBeLessThan(32 * 2 ** 20);
  });

  it('an aborted upload keeps exactly the rows it reports: complete rows read before the cut, never the cut row', async () => {
    const id = await campaign('aborted');
    const req = http.request(`${h.base}/api/campaigns/${id}/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'text/csv' },
    });
    req.on('error', () => undefined);
    req.write('phone,first_name\n');
    for (let i = 0; i < 1200; i++) req.write(`${chicago(i)},Row${i}\n`);
    // Two batches of 500 saved, 200 rows read but not yet saved when the client goes away mid-row.
    const upload = await waitFor('the first batches saved', async () => {
      const { uploads } = (await get<{ uploads: UploadView[] }>(`/api/campaigns/${id}/uploads`)).body;
      return uploads[0] && uploads[0].accepted >= 1000 ? uploads[0] : undefined;
    });
    req.write('+1312999'); // half a row: a different, valid-looking number if it were read as a row
    await new Promise((resolve) => setTimeout(resolve, 200));
    req.destroy();

    const ended = await waitFor('the upload to end', async () => {
      const u = (await get<UploadView>(`/api/campaigns/${id}/uploads/${upload.id}`)).body;
      return u.status === 'receiving' ? undefined : u;
    });
    expect(ended).toMatchObject({ status: 'aborted', accepted: 1200, rejected: 0 });
    const leads = (await client.leads(id)).leads;
    expect(leads).toHaveLength(1200);
    expect(new Set(leads.map((l) => l.phone))).toEqual(
      new Set(Array.from({ length: 1200 }, (_, i) => chicago(i))),
    );
  });
});
