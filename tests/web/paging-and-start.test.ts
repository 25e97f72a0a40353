import { startHarness, type Harness } from '../support/harness';
import { JobQueues } from '../../src/queues/job-queues';
import { expectError, jsonLead, phoneFor } from './web-support';

/** Listings page by cursor with a bounded page size; start answers 202 before queueing, which reports progress. */
describe('paging and background start', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => h.close());

  /** Every item of a listing, `limit` at a time, and the number of pages it took. */
  async function readAll<T>(
    path: string,
    key: string,
    limit: number,
  ): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const query: string = `${sep}limit=${limit}${after ? `&after=${after}` : ''}`;
      const res = await h.client.call<Record<string, T[]> & { nextCursor: string | null }>(
        'GET',
        `${path}${query}`,
      );
      expect(res.status).toBe(200);
      const page = res.body;
      const got = page[key]!;
      expect(got.length).toBeLessThanOrEqual(limit);
      items.push(...got);
      after = page.nextCursor;
      pages += 1;
    } while (after);
    return { items, pages };
  }

  it("a campaign's leads page in row order, each once; page size is bounded; a foreign cursor is a 400", async () => {
    const c = await h.client.createCampaign({ name: 'paged leads' });
    const leads = Array.from({ length: 7 }, (_, i) => jsonLead(h, phoneFor(71, i), `P${i}`));
    await h.client.call('POST', `/api/campaigns/${c.id}/leads`, { body: { leads } });
    const { items, pages } = await readAll<{ firstName: string; rowNumber: number }>(
      `/api/campaigns/${c.id}/leads`,
      'leads',
      3,
    );
    expect(items.map((l) => l.firstName)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(pages).toBe(3);

    expectError(
      await h.client.call('GET', `/api/campaigns/${c.id}/leads?limit=1001`),
      400,
      'VALIDATION_FAILED',
      'limit',
    );
    expectError(
      await h.client.call('GET', `/api/campaigns/${c.id}/leads?after=bm9wZQ`),
      400,
      'VALIDATION_FAILED',
      'after',
    );
    const first = await h.client.call<{ leads: unknown[] }>('GET', `/api/campaigns/${c.id}/leads`);
    expect(first.body.leads).toHaveLength(7); // default page size (100) holds them all
  });

  it('the campaigns page newest first, each once; page size is bounded; a foreign cursor is a 400', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.client.createCampaign({ name: `paged campaign ${i}` })).id);
    const { items, pages } = await readAll<{ id: string }>('/api/campaigns', 'campaigns', 2);
    // Other tests of this file add campaigns too: ours come in reverse order of creation, and nothing twice.
    expect(items.map((c) => c.id).filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
    expect(pages).toBeGreaterThanOrEqual(3);

    expectError(await h.client.call('GET', '/api/campaigns?limit=1001'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await h.client.call('GET', '/api/campaigns?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await h.client.call('GET', '/api/campaigns?after=bm9wZQ'), 400, 'VALIDATION_FAILED', 'after');
    // A cursor of another listing (an upload's id) is not one of this listing's.
    const foreign = Buffer.from(JSON.stringify(['upl_x'])).toString('base64url');
    expectError(
      await h.client.call('GET', `/api/campaigns?after=${foreign}`),
      400,
      'VALIDATION_FAILED',
      'after',
    );
    const first = await h.client.call<{ campaigns: unknown[]; nextCursor: string | null }>(
      'GET',
      '/api/campaigns?limit=1000',
    );
    expect(first.body.campaigns.length).toBe(items.length); // the maximum page holds them all
    expect(first.body.nextCursor).toBeNull();
  });

  it('the DNC list and the uploads list page by cursor too', async () => {
    const phones = Array.from({ length: 5 }, (_, i) => phoneFor(72, i));
    for (const phone of phones) await h.client.addDnc(phone, 'asked');
    const dnc = await readAll<{ phone: string }>('/api/dnc', 'entries', 2);
    const ours = dnc.items.map((e) => e.phone).filter((p) => phones.includes(p));
    expect(ours).toEqual([...phones].sort());
    expect(new Set(dnc.items.map((e) => e.phone)).size).toBe(dnc.items.length);

    const c = await h.client.createCampaign({ name: 'paged uploads' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.client.call<{ uploadId: string }>('POST', `/api/campaigns/${c.id}/leads`, {
        body: { leads: [jsonLead(h, phoneFor(73, i), `U${i}`)] },
      });
      ids.push(res.body.uploadId);
    }
    const uploads = await readAll<{ id: string; accepted: number }>(
      `/api/campaigns/${c.id}/uploads`,
      'uploads',
      2,
    );
    expect(uploads.items.map((u) => u.id)).toEqual([...ids].reverse()); // newest first
    expect(uploads.pages).toBe(2);
  });

  it('start answers 202 before any lead is queued, then queues them all with progress on the campaign', async () => {
    const c = await h.client.createCampaign({ name: 'background start' });
    const leads = Array.from({ length: 1100 }, (_, i) => jsonLead(h, phoneFor(74, i), `S${i}`));
    expect((await h.client.call('POST', `/api/campaigns/${c.id}/leads`, { body: { leads } })).status).toBe(
      201,
    );

    // Queueing waits on this gate: the start must answer while it is closed.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const real = JobQueues.prototype.enqueueComplianceBatch;
    jest.spyOn(h.api.queues, 'enqueueComplianceBatch').mockImplementation(async (batch) => {
      await gate;
      return real.call(h.api.queues, batch);
    });
    const started = await h.client.call<{ status: string; queueing: Record<string, unknown> }>(
      'POST',
      `/api/campaigns/${c.id}/start`,
    );
    expect([started.status, started.body.status]).toEqual([202, 'running']);
    expect(started.body.queueing).toMatchObject({ total: 1100, queued: 0, done: false, failed: null });
    const during = (await h.client.call<{ queueing: unknown }>('GET', `/api/campaigns/${c.id}`)).body;
    expect(during.queueing).toMatchObject({ total: 1100, queued: 0, done: false });

    open();
    expect(await h.client.queueingDone(c.id)).toMatchObject({
      total: 1100,
      queued: 1100,
      done: true,
      failed: null,
    });
    expect((await h.client.campaign(c.id)).progress.byStatus).toEqual({ queued: 1100 });
    // The usual control rules still hold after a background start.
    expectError(await h.client.call('POST', `/api/campaigns/${c.id}/start`), 409, 'CONFLICT', 'status');
  });
});
