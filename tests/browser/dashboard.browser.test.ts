import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { campaignBody, importRegistry, jsonLead, phoneFor } from '../web/web-support';

/**
 * The dashboard in Debian's headless chromium: a viewer sees no controls; an admin watches a running campaign's
 * counts move, pauses and resumes it (checked through the API) and uploads a CSV with a bad row. Screenshots of
 * each page go to docs/screenshots (shown in the README).
 */
const SHOTS = 'docs/screenshots';
const VIEWER = { username: 'vera', password: 'viewer-password-1' };
const ADMIN = { username: 'adam', password: 'admin-password-22' };
const LEADS = 24;

describe('dashboard in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let campaignId: string;
  const contexts: BrowserContext[] = [];

  async function open(who: typeof ADMIN, width = 1366, height = 900): Promise<Page> {
    const context = await browser.newContext({ httpCredentials: who, viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    return page;
  }
  const liveText = (page: Page) => page.locator('[data-live]').innerText();
  const statusOf = async () => (await h.client.campaign(campaignId)).status;

  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      // Calls long enough for the campaign to be running while the browser looks at it.
      profile: { ringMs: [200, 600], talkMs: [1500, 3500] },
      env: { DASHBOARD_USERS: `vera:viewer:${VIEWER.password},adam:admin:${ADMIN.password}` },
    });
    await importRegistry(h);
    const campaign = await h.client.createCampaign(
      campaignBody('Spring sellers — Lakeside', {
        limits: { maxConcurrentCalls: 2, callsPerSecond: 1, maxAttemptsPerLead: 3 },
      }),
    );
    campaignId = campaign.id;
    const leads = [
      ...Array.from({ length: LEADS - 2 }, (_, i) => jsonLead(h, phoneFor(73, i), `Lead${i}`)),
      jsonLead(h, phoneFor(73, 40), 'NoConsent', { consent: false }),
      jsonLead(h, phoneFor(73, 41), 'AlsoNoConsent', { consent: false }),
    ];
    await h.client.call('POST', `/api/campaigns/${campaignId}/leads`, { body: { leads } });
    await h.client.control(campaignId, 'start');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.close();
  });

  it('shows a viewer the campaigns and no controls', async () => {
    const page = await open(VIEWER);
    await page.goto(`${h.base}/admin`);
    await page.getByRole('link', { name: 'Spring sellers — Lakeside' }).waitFor();
    expect(await page.locator('[data-role="viewer"]').count()).toBe(1);
    expect(await page.locator('button').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/campaigns-viewer.png`, fullPage: true });
    await page.getByRole('link', { name: 'Spring sellers — Lakeside' }).click();
    await page.locator('[data-live]').waitFor();
    expect(await page.locator('[data-action="pause"]').count()).toBe(0);
    expect(await page.locator('#upload').count()).toBe(0);
  });

  it('lets an admin watch the counts move, pause, resume and upload a CSV with a bad row', async () => {
    const page = await open(ADMIN);
    await page.goto(`${h.base}/admin/campaigns/${campaignId}`);
    const before = await liveText(page);
    // The live section refreshes without a reload: its text changes as calls are made.
    await waitFor(
      'live counts to change',
      async () => ((await liveText(page)) !== before ? true : undefined),
      30_000,
    );
    await page.waitForSelector('table.calls');
    await page.screenshot({ path: `${SHOTS}/campaign-running.png`, fullPage: true });
    // Masked on this page: no lead's full number.
    expect(await page.content()).not.toContain(phoneFor(73, 0).slice(2));

    await page.locator('[data-action="pause"]').click();
    await page.waitForURL(/done=paused/);
    await page.locator('[data-live] .badge-paused').first().waitFor();
    expect(await statusOf()).toBe('paused');
    await page.screenshot({ path: `${SHOTS}/campaign-paused.png`, fullPage: true });

    await page.locator('[data-action="resume"]').click();
    await page.waitForURL(/done=running/);
    expect(await statusOf()).toBe('running');

    const csv = `phone,first_name,last_name\n${phoneFor(73, 60)},Ann,Lee\n555-01,Bob,Ray\n`;
    await page.setInputFiles('#upload input[type=file]', {
      name: 'more-leads.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.locator('#upload button').click();
    await page.locator('#upload-result table.row-errors').waitFor();
    expect(await page.locator('#upload-result').innerText()).toMatch(/1 row\(s\) accepted, 1 rejected/);
    expect(await page.locator('#upload-result td').first().innerText()).toBe('3');
    await page.locator('#upload-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/upload-errors.png`, fullPage: true });
  }, 90_000);

  it('shows a lead with its calls, transcript and decisions, and fits a phone', async () => {
    const leadId = await waitFor('a lead with a conversation', async () => {
      const { leads } = await h.client.leads(campaignId);
      return leads.find((l) => l.status === 'completed')?.id;
    });
    const page = await open(ADMIN);
    await page.goto(`${h.base}/admin/leads/${leadId}`);
    await page.locator('#next-step').waitFor();
    await page.locator('details summary').first().click();
    await page.screenshot({ path: `${SHOTS}/lead.png`, fullPage: true });

    const phone = await open(ADMIN, 390, 844);
    await phone.goto(`${h.base}/admin/campaigns/${campaignId}`);
    await phone.locator('[data-live] .card').first().waitFor();
    // Nothing wider than the screen but the tables' own scroll boxes.
    const overflow = Number(
      await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${SHOTS}/campaign-phone.png`, fullPage: true });
  }, 90_000);
});
