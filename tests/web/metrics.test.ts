import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { campaignBody, importRegistry, jsonLead, phoneFor } from './web-support';
import { routeLabeler } from '../../src/web/route-label';

/** The series of one scrape: every sample line's name and labels (values dropped). */
async function series(base: string): Promise<Set<string>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.slice(0, l.lastIndexOf(' '))),
  );
}

/** The value of the first sample whose line starts with `prefix` and contains every `parts`, or undefined. */
async function sample(base: string, prefix: string, ...parts: string[]): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(prefix) && parts.every((p) => l.includes(p)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function randomCase(s: string): string {
  return [...s].map((c) => (Math.random() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

describe('route labels', () => {
  const label = routeLabeler(
    [
      '/api/campaigns/{id}',
      '/api/calls/{callId}',
      '/api/calls/active/all',
      '/api/calls/lead/{leadId}',
      '/health',
    ],
    ['/admin/queues', '/admin'],
  );

  it('labels a request with the pattern it matches, whatever its case, query or trailing slash', () => {
    expect(label('/API/Campaigns/cmp_1?x=1')).toBe('/api/campaigns/{id}');
    expect(label('/api/campaigns/cmp_1/')).toBe('/api/campaigns/{id}');
    expect(label('/api/calls/ACTIVE/all')).toBe('/api/calls/active/all');
    expect(label('/api/calls/lead/l1')).toBe('/api/calls/lead/{leadId}');
    expect(label('/HEALTH')).toBe('/health');
  });

  it('labels sub-apps by their mount and everything else unmatched', () => {
    expect(label('/admin/queues/api/queues')).toBe('/admin/queues/*');
    expect(label('/Admin/campaigns/c1')).toBe('/admin/*');
    expect(label('/api/campaigns')).toBe('unmatched');
    expect(label('/api/campaigns//')).toBe('unmatched');
    expect(label('/nope')).toBe('unmatched');
    expect(label('/administrator')).toBe('unmatched');
  });
});

describe('/metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      // A thousand requests from one client, most without a key: under the rate limits they would be 429s.
      env: { RATE_LIMIT_PER_MINUTE: '1000000', AUTH_FAILURE_LIMIT: '1000000' },
    });
    await importRegistry(h);
  });
  afterAll(() => h.close());

  it('adds no series for 1,000 requests to random-case unknown and known paths', async () => {
    const auth = { authorization: `Bearer ${h.config.API_KEYS[0]}` };
    const paths = [
      'no/such/path',
      'api/calls/some-call',
      'api/campaigns/c1/nope',
      'webhooks/twilio/status/x',
    ];
    // One plain request each first: the series they fall under exist before counting, as does /metrics'.
    for (const p of paths) await fetch(`${h.base}/${p}`, { headers: auth });
    await series(h.base);
    const before = await series(h.base);
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          fetch(`${h.base}/${randomCase(paths[(i + j) % paths.length]!)}${i + j}`, { headers: auth }).then(
            (r) => r.text(),
          ),
        ),
      );
    }
    const after = await series(h.base);
    expect([...after].filter((s) => !before.has(s) && s.startsWith('dialer_http'))).toEqual([]);
    expect(
      await sample(h.base, 'dialer_http_responses_total', 'route="/api/calls/{callId}"', 'status="404"'),
    ).toBe(251);
  });

  it('counts a random-case known path under its pattern', async () => {
    await fetch(`${h.base}/${randomCase('health/live')}`);
    await fetch(`${h.base}/${randomCase('health/live')}`);
    expect(await sample(h.base, 'dialer_http_responses_total', 'route="/health/live"', 'status="200"')).toBe(
      2,
    );
  });

  it('answers for calls, compliance, queues, webhooks, pacing and slots after a campaign ran', async () => {
    const campaign = await h.client.createCampaign(campaignBody('metrics'));
    const leads = [
      ...Array.from({ length: 4 }, (_, i) => jsonLead(h, phoneFor(71, i), `Lead${i}`)),
      jsonLead(h, phoneFor(71, 9), 'NoConsent', { consent: false }),
    ];
    const up = await h.client.call<{ accepted: number }>('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: { leads },
    });
    expect(up.body.accepted).toBe(5);
    await h.client.control(campaign.id, 'start');
    // Settled: every lead final or waiting for a retry (retries are minutes away). CPS is of the last minute:
    // read while the campaign runs.
    let cps = 0;
    await waitFor(
      'every lead settled',
      async () => {
        cps = Math.max(cps, (await sample(h.base, 'dialer_calls_per_second')) ?? 0);
        const { byStatus } = (await h.client.campaign(campaign.id)).progress;
        const settled = ['completed', 'blocked', 'exhausted', 'retry_scheduled'];
        return settled.reduce((n, s) => n + (byStatus[s] ?? 0), 0) === 5 ? true : undefined;
      },
      90_000,
      200,
    );
    await waitFor('post-call jobs done', async () =>
      ((await sample(h.base, 'dialer_queue_jobs{', 'queue="post-call"', 'state="active"')) ?? 0) +
        ((await sample(h.base, 'dialer_queue_jobs{', 'queue="post-call"', 'state="waiting"')) ?? 0) ===
      0
        ? true
        : undefined,
    );
    const b = h.base;
    // Every lead's final call is in the 24-hour window, by status and outcome.
    const completed = await sample(b, 'dialer_calls{', 'status="completed"');
    expect(completed).toBeGreaterThan(0);
    expect(await sample(b, 'dialer_compliance_decisions{', 'result="blocked"', 'code="NO_CONSENT"')).toBe(1);
    expect(
      await sample(b, 'dialer_compliance_decisions{', 'result="allowed"', 'code="none"'),
    ).toBeGreaterThanOrEqual(4);
    expect(
      await sample(b, 'dialer_queue_job_seconds{', 'queue="dial"', 'measure="run"', 'quantile="1"'),
    ).toBeGreaterThan(0);
    expect(
      await sample(b, 'dialer_queue_jobs{', 'queue="post-call"', 'state="completed"'),
    ).toBeGreaterThanOrEqual(4);
    expect(
      await sample(b, 'dialer_webhook_answer_seconds_count{', 'route="/webhooks/twilio/status/{callId}"'),
    ).toBeGreaterThan(0);
    expect(cps).toBeGreaterThan(0);
    expect(await sample(b, 'dialer_call_slots_in_use')).toBe(0);
    expect(await sample(b, 'dialer_limits{', 'limit="calls_per_second"')).toBe(50);
  }, 120_000);
});
