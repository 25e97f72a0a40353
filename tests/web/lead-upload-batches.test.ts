import { startHarness, type Harness } from '../support/harness';
import { createLeadIntake } from '../../src/services/lead-intake';
import { validateLeadRecord, type RowResult } from '../../src/leads/lead-rows';
import { consentFields, jsonLead, phoneFor } from './web-support';

interface UploadReport {
  accepted: number;
  rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
  leadIds: string[];
}

interface LeadView {
  id: string;
  phone: string;
  rowNumber: number | null;
  status: string;
  consentId: string | null;
}

const DUPLICATE = [{ field: 'phone', reason: 'this number is already a lead of this campaign' }];

/** Uploads larger than one batch of rows (500), with no workers: what is saved and queued stays as the api left it. */
describe('lead uploads in batches', () => {
  let h: Harness;

  const leadsOf = async (campaignId: string) =>
    (await h.client.leads(campaignId)).leads as unknown as LeadView[];
  const upload = (campaignId: string, leads: unknown[]) =>
    h.client.call<UploadReport>('POST', `/api/campaigns/${campaignId}/leads`, { body: { leads } });

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('duplicates within a batch, across batches and across uploads are rejected by row; every other row is saved', async () => {
    const campaign = await h.client.createCampaign({ name: 'batched duplicates' });
    const earlier = phoneFor(91, 5000);
    expect((await upload(campaign.id, [jsonLead(h, earlier, 'Earlier')])).status).toBe(201);

    // Row r is leads[r - 1]; batches are rows 1–500, 501–1000 and 1001–1200.
    const leads: Array<Record<string, unknown>> = Array.from({ length: 1200 }, (_, i) =>
      jsonLead(h, phoneFor(91, i), `Row${i + 1}`),
    );
    const phoneOfRow = (row: number) => leads[row - 1]!.phone;
    const sameNumber = (row: number, as: unknown) => (leads[row - 1] = { ...leads[row - 1], phone: as });
    sameNumber(3, phoneOfRow(1)); // within the first batch
    sameNumber(501, phoneOfRow(500)); // first row of a batch, last row of the one before
    sameNumber(700, phoneOfRow(4)); // across batches
    sameNumber(900, phoneOfRow(800)); // within a later batch
    sameNumber(1001, phoneOfRow(1000));
    sameNumber(1100, earlier); // a lead of an earlier upload
    sameNumber(2, '12'); // not a phone number at all
    sameNumber(600, '555-0100');
    leads[1199] = { ...leads[1199], first_name: '' };

    const res = await upload(campaign.id, leads);
    expect(res.status).toBe(201);
    expect(res.body.rejected).toEqual([
      { row: 2, errors: [expect.objectContaining({ field: 'phone' })] },
      { row: 3, errors: DUPLICATE },
      { row: 501, errors: DUPLICATE },
      { row: 600, errors: [expect.objectContaining({ field: 'phone' })] },
      { row: 700, errors: DUPLICATE },
      { row: 900, errors: DUPLICATE },
      { row: 1001, errors: DUPLICATE },
      { row: 1100, errors: DUPLICATE },
      { row: 1200, errors: [expect.objectContaining({ field: 'first_name' })] },
    ]);
    const rejectedRows = new Set(res.body.rejected.map((r) => r.row));
    const acceptedRows = Array.from({ length: 1200 }, (_, i) => i + 1).filter((r) => !rejectedRows.has(r));
    expect(res.body.accepted).toBe(1191);

    const saved = (await leadsOf(campaign.id)).filter((l) => l.phone !== earlier);
    expect(saved.map((l) => l.rowNumber)).toEqual(acceptedRows);
    expect(saved.map((l) => l.phone)).toEqual(acceptedRows.map(phoneOfRow));
    expect(res.body.leadIds).toEqual(saved.slice(0, 1000).map((l) => l.id)); // the first 1,000, in row order
    expect(saved.every((l) => l.status === 'new')).toBe(true);
    // Each lead has its own consent evidence, for its own number.
    expect(new Set(saved.map((l) => l.consentId)).size).toBe(1191);
    for (const lead of [saved[0]!, saved[497]!, saved[498]!, saved[1190]!]) {
      const consent = await h.api.deps.consents.get(lead.consentId!);
      expect(consent).toMatchObject({ phone: lead.phone, sellerName: consentFields(h).consent_seller });
    }
  });

  it('leads uploaded into a running campaign are queued with their batch: a job each, status queued', async () => {
    const campaign = await h.client.createCampaign({ name: 'batched upload while running' });
    expect((await upload(campaign.id, [jsonLead(h, phoneFor(92, 9999), 'First')])).status).toBe(201);
    await h.client.control(campaign.id, 'start');
    await h.client.queueingDone(campaign.id);

    const leads = Array.from({ length: 600 }, (_, i) => jsonLead(h, phoneFor(92, i), `Row${i + 1}`));
    leads[550] = jsonLead(h, phoneFor(92, 10), 'Again');
    const res = await upload(campaign.id, leads);
    expect([res.status, res.body.accepted, res.body.rejected]).toEqual([
      201,
      599,
      [{ row: 551, errors: DUPLICATE }],
    ]);

    const jobs = await h.api.queues.compliance.getJobs(['waiting']);
    const ofCampaign = jobs.filter((j) => j.data.campaignId === campaign.id).map((j) => j.id);
    expect(ofCampaign.sort()).toEqual(
      [...res.body.leadIds, (await leadsOf(campaign.id)).find((l) => l.phone === phoneFor(92, 9999))!.id]
        .map((id) => `chk-${id}-a1`)
        .sort(),
    );
    expect((await h.client.campaign(campaign.id)).progress.byStatus).toEqual({ queued: 600 });
  });

  it('reads the rows as they come: a full batch is saved before the next rows are read', async () => {
    const { id } = await h.client.createCampaign({ name: 'streamed' });
    const campaign = (await h.api.deps.campaigns.get(id))!;
    const intake = createLeadIntake(h.api.deps);
    const now = h.clock.now();
    const savedWhenAsked: number[] = [];
    async function* rows(): AsyncGenerator<RowResult> {
      for (let i = 0; i < 1200; i++) {
        if (i === 500 || i === 501 || i === 1000)
          savedWhenAsked.push((await h.api.deps.leads.listByCampaign(campaign.id, { limit: 1000 })).length);
        yield validateLeadRecord(jsonLead(h, phoneFor(93, i), `Row${i + 1}`), i + 1, { now });
      }
    }

    const report = await intake.ingest(campaign, rows());
    expect(savedWhenAsked).toEqual([500, 500, 1000]);
    expect([report.upload.accepted, report.upload.firstErrors]).toEqual([1200, []]);
  });
});
