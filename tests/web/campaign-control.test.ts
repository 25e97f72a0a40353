import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import type { Call } from '../../src/domain/call';
import type { ComplianceRecord } from '../../src/domain/compliance-record';
import { setKillSwitch } from '../../src/services/held-jobs';
import {
  campaignBody,
  interestedPeople,
  expectError,
  importRegistry,
  jsonLead,
  phoneFor,
  sleep,
} from './web-support';

interface LeadView {
  id: string;
  phone: string;
  status: string;
  blockedReasons: string[];
  attempts: number;
}

/**
 * Campaign control against running workers and slow simulated calls: every call is answered by a person who is
 * interested (no retries, no do-not-call requests), so each lead is dialed exactly once and a campaign that runs to
 * the end has every lead `completed`.
 */
describe('campaign control with workers', () => {
  let h: Harness;

  const creates = () => h.sim.stats().creates;
  const createsTo = (phone: string) => h.sim.stats().createsByTo[phone] ?? 0;
  const leadsOf = async (campaignId: string) => (await h.client.leads(campaignId)).leads as LeadView[];

  /** Creates a campaign with `count` consented leads (numbers from `block`), uploaded while it is a draft. */
  async function campaignWithLeads(
    name: string,
    block: number,
    count: number,
    limits: { maxConcurrentCalls: number; callsPerSecond: number },
  ) {
    const campaign = await h.client.createCampaign(
      campaignBody(name, { limits: { ...limits, maxAttemptsPerLead: 3 } }),
    );
    const leads = Array.from({ length: count }, (_, i) => jsonLead(h, phoneFor(block, i), `Lead${i}`));
    const res = await h.client.call<{ accepted: number }>('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: { leads },
    });
    expect([res.status, res.body.accepted]).toEqual([201, count]);
    return { id: campaign.id, phones: leads.map((l) => l.phone) };
  }

  async function waitForCreates(atLeast: number) {
    await waitFor(
      `${atLeast} calls placed`,
      async () => (creates() >= atLeast ? true : undefined),
      10_000,
      20,
    );
  }

  async function waitUntilDone(campaignId: string) {
    let last = '';
    await waitFor(
      'campaign done',
      async () => {
        const c = await h.client.campaign(campaignId);
        last = JSON.stringify(c.progress.byStatus);
        return c.status === 'done' ? true : undefined;
      },
      20_000,
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; leads by status ${last}`);
    });
  }

  /**
   * Creates seen over the 2 s after `stop()`: those in the first second may be calls already past their last check
   * (callers bound them by the campaign's slots); none may start in the second second.
   */
  async function createsAfter(stop: () => Promise<unknown>) {
    const before = creates();
    await stop();
    await sleep(1000);
    const afterOne = creates();
    await sleep(1000);
    const afterTwo = creates();
    return {
      inFirstSecond: afterOne - before,
      inSecondSecond: afterTwo - afterOne,
      total: afterTwo - before,
    };
  }

  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: interestedPeople([300, 600], [500, 1000]),
    });
    await importRegistry(h);
  });
  afterAll(async () => {
    await h.api.deps.killSwitch.set(false);
    await h.close();
  });

  it('pause stops new dials within a second; resume continues to completion', async () => {
    const n = 4; // two calls up when we act, two left that must wait
    const c = await campaignWithLeads('pause and resume', 61, n, {
      maxConcurrentCalls: 2,
      callsPerSecond: 5,
    });
    const base = creates();
    expect((await h.client.control(c.id, 'start')).status).toBe('running');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 2);

    const window = await createsAfter(async () =>
      expect((await h.client.control(c.id, 'pause')).status).toBe('paused'),
    );
    expect(window.total).toBeLessThanOrEqual(2); // only calls already past their last check
    expect(window.inSecondSecond).toBe(0);
    const paused = await h.client.campaign(c.id);
    expect(paused.status).toBe('paused');
    expect(creates() - base).toBeLessThan(n);
    const open = ['new', 'queued', 'waiting', 'dialing', 'retry_scheduled'].reduce(
      (n, s) => n + (paused.progress.byStatus[s] ?? 0),
      0,
    );
    expect(open).toBeGreaterThan(0);

    expect((await h.client.control(c.id, 'resume')).status).toBe('running');
    await waitUntilDone(c.id);
    const leads = await leadsOf(c.id);
    expect(leads.map((l) => l.status)).toEqual(Array(n).fill('completed'));
    expect(c.phones.map(createsTo)).toEqual(Array(n).fill(1)); // once each, none twice
    expect(creates() - base).toBe(n);
  });

  it('a long pause holds the jobs still (they look again less and less often) and resume wakes them at once', async () => {
    const n = 12;
    // Slots for all: the jobs wait for the pause, not in the slot line (where only a freed slot wakes them).
    const c = await campaignWithLeads('long pause', 67, n, { maxConcurrentCalls: n, callsPerSecond: 5 });
    const base = creates();
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 1);
    expect((await h.client.control(c.id, 'pause')).status).toBe('paused');

    // Every job run of this campaign so far (BullMQ counts each start of a job, deferred or not).
    const jobsOfCampaign = async () =>
      [
        ...(await h.api.queues.compliance.getJobs(['waiting', 'delayed', 'active', 'completed'])),
        ...(await h.api.queues.dial.getJobs(['waiting', 'delayed', 'active', 'completed'])),
      ].filter((j) => j?.data.campaignId === c.id);
    const runsById = async () => new Map((await jobsOfCampaign()).map((j) => [j.id!, j.attemptsStarted]));
    const total = (runs: Map<string, number>) => [...runs.values()].reduce((a, b) => a + b, 0);
    await sleep(4000); // every dial job's turn has come by now: each is held by the pause
    const held = (await h.api.queues.dial.getJobs(['delayed'])).filter((j) => j?.data.campaignId === c.id);
    const runsBefore = total(await runsById());
    await sleep(8000);
    const beforeResume = await runsById();
    expect(held.length).toBeGreaterThanOrEqual(n - 3);
    // Once a second each, that would be about 8 runs per held job; held 4-12 s, each looks again about twice.
    expect(total(beforeResume) - runsBefore).toBeLessThanOrEqual(3 * held.length);
    expect(creates() - base).toBeLessThan(n);

    // Left alone, a job held since the pause would look again 16 s after it: resume wakes every held job now.
    expect((await h.client.control(c.id, 'resume')).status).toBe('running');
    await waitFor(
      'every held job run again',
      async () => {
        const now = await runsById();
        return held.every((j) => (now.get(j.id!) ?? 0) > (beforeResume.get(j.id!) ?? 0)) ? true : undefined;
      },
      2500,
      50,
    );
    await waitUntilDone(c.id);
    expect((await leadsOf(c.id)).map((l) => l.status)).toEqual(Array(n).fill('completed'));
    expect(c.phones.map(createsTo)).toEqual(Array(n).fill(1));
  }, 60_000);

  it('cancel removes the queued jobs: leads end cancelled, no further calls', async () => {
    const c = await campaignWithLeads('cancel', 62, 6, { maxConcurrentCalls: 1, callsPerSecond: 5 });
    const base = creates();
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 1);

    const window = await createsAfter(async () =>
      expect((await h.client.control(c.id, 'cancel')).status).toBe('cancelled'),
    );
    // One call past its last check, and one whose job a freed slot woke within the half second in which a
    // worker may still see the campaign running (its copy of it is at most 500 ms old).
    expect(window.total).toBeLessThanOrEqual(2);
    expect(window.inSecondSecond).toBe(0);
    const dialed = creates() - base;
    expect(dialed).toBeLessThanOrEqual(3);

    const leads = await leadsOf(c.id);
    expect(leads.filter((l) => l.status !== 'cancelled' && l.status !== 'completed')).toEqual([]);
    expect(leads.filter((l) => l.status === 'cancelled').length).toBeGreaterThanOrEqual(6 - dialed);
    // No job of this campaign is left waiting in Redis (a job that was running when cancel came finishes by itself).
    await waitFor(
      'queues drained',
      async () => {
        const jobs = [
          ...(await h.api.queues.compliance.getJobs(['waiting', 'delayed', 'prioritized', 'active'])),
          ...(await h.api.queues.dial.getJobs(['waiting', 'delayed', 'prioritized', 'active'])),
        ].filter((j) => j?.data.campaignId === c.id);
        return jobs.length === 0 ? true : undefined;
      },
      5000,
      100,
    );
    const campaign = await h.client.campaign(c.id);
    expect(campaign.status).toBe('cancelled');
    expect(c.phones.map(createsTo).filter((n) => n > 1)).toEqual([]);
  });

  it('kill switch (admin) stops new dials when engaged, and dialing resumes when released', async () => {
    const n = 4; // two calls up when we act, two left that must wait
    const c = await campaignWithLeads('kill switch', 63, n, { maxConcurrentCalls: 2, callsPerSecond: 5 });
    const base = creates();
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 2);

    const engage = (engaged: boolean) =>
      h.client.call<{ engaged: boolean }>('POST', '/api/admin/kill-switch', {
        body: { engaged },
        admin: true,
      });
    const window = await createsAfter(async () =>
      expect((await engage(true)).body).toEqual({ engaged: true }),
    );
    try {
      expect(window.total).toBeLessThanOrEqual(2);
      expect(window.inSecondSecond).toBe(0);
      expect(creates() - base).toBeLessThan(n);
      // The campaign itself is still running: only dialing stopped.
      expect((await h.client.campaign(c.id)).status).toBe('running');
      expect((await h.client.call('GET', '/api/admin/kill-switch', { admin: true })).body).toEqual({
        engaged: true,
      });
    } finally {
      expect((await engage(false)).body).toEqual({ engaged: false });
    }
    await waitUntilDone(c.id);
    expect((await leadsOf(c.id)).map((l) => l.status)).toEqual(Array(n).fill('completed'));
    expect(c.phones.map(createsTo)).toEqual(Array(n).fill(1));
  });

  it('the kill switch stops calls already waiting for their send turn (a slow rate: up to 5 s each)', async () => {
    const n = 10; // at 2 calls/s, most of them reserve a send time at once and wait for it in their worker
    const c = await campaignWithLeads('kill while paced', 68, n, {
      maxConcurrentCalls: n,
      callsPerSecond: 2,
    });
    const base = creates();
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 1);
    const window = await createsAfter(() => setKillSwitch(h.api.deps, true));
    try {
      expect(window.total).toBeLessThanOrEqual(2);
      expect(window.inSecondSecond).toBe(0);
      await sleep(3000); // the furthest reserved send time has passed
      expect(creates() - base).toBe(1 + window.total);
    } finally {
      await setKillSwitch(h.api.deps, false);
    }
    await h.client.control(c.id, 'cancel');
  });

  it('a dial job that waited for a call slot checks the rules again: a registry entry made meanwhile blocks it', async () => {
    const c = await campaignWithLeads('slot wait', 66, 2, { maxConcurrentCalls: 1, callsPerSecond: 5 });
    const base = creates();
    expect((await h.client.control(c.id, 'start')).status).toBe('running');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 1);
    // The other lead's dial job has passed its first check and now waits for the only slot.
    const waiting = c.phones.find((phone) => createsTo(phone) === 0)!;
    await importRegistry(h, [waiting]);
    await waitUntilDone(c.id);
    expect(createsTo(waiting)).toBe(0);
    const lead = (await leadsOf(c.id)).find((l) => l.phone === waiting)!;
    expect([lead.status, lead.blockedReasons]).toEqual(['blocked', ['ON_DNC_REGISTRY']]);
    await importRegistry(h);
  });

  it('POST /api/dnc for a queued lead blocks it with INTERNAL_DNC before it is dialed', async () => {
    const c = await campaignWithLeads('dnc while queued', 64, 3, {
      maxConcurrentCalls: 2,
      callsPerSecond: 5,
    });
    const base = creates();
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);
    await waitForCreates(base + 2);
    // Two calls are up and hold both slots for at least 800 ms: the third lead is queued, waiting for a slot.
    const waiting = (await leadsOf(c.id)).find((l) => createsTo(l.phone) === 0 && l.status !== 'completed')!;
    expect(waiting).toBeDefined();

    const res = await h.client.call<{ phone: string; leadsStopped: number }>('POST', '/api/dnc', {
      body: { phone: waiting.phone, reason: 'asked by email' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ phone: waiting.phone, leadsStopped: 1 });
    const blocked = (await h.client.call<LeadView>('GET', `/api/leads/${waiting.id}`)).body;
    expect([blocked.status, blocked.blockedReasons]).toEqual(['blocked', ['INTERNAL_DNC']]);

    await waitUntilDone(c.id);
    expect(createsTo(waiting.phone)).toBe(0);
    const final = await leadsOf(c.id);
    expect(final.filter((l) => l.id !== waiting.id).map((l) => l.status)).toEqual(['completed', 'completed']);
    expect(final.find((l) => l.id === waiting.id)!.status).toBe('blocked');
    // The lead's CallFailed event (reason: compliance, INTERNAL_DNC) reaches the outbox through the workers' relay.
    const failed = await waitFor(
      'CallFailed in the outbox',
      async () => (await h.client.events(`leadId=${waiting.id}`)).events.find((e) => e.type === 'CallFailed'),
      5000,
      100,
    );
    expect((failed as unknown as { payload: { violations: string[] } }).payload.violations).toEqual([
      'INTERNAL_DNC',
    ]);
  });

  it('overrideTCPA by an admin dials a lead without consent, with the reason on record; a lead on the internal DNC list stays blocked', async () => {
    const c = await campaignWithLeads('override', 65, 3, { maxConcurrentCalls: 2, callsPerSecond: 5 });
    await h.client.control(c.id, 'start');
    await h.client.queueingDone(c.id);

    // A lead uploaded without consent is blocked with NO_CONSENT, and never dialed on its own.
    const up = await h.client.call<{ leadIds: string[] }>('POST', `/api/campaigns/${c.id}/leads`, {
      body: { leads: [jsonLead(h, phoneFor(65, 9), 'Nocon', { consent: false })] },
    });
    expect(up.status).toBe(201);
    const noConsent = await waitFor(
      'the lead without consent blocked',
      async () => (await leadsOf(c.id)).find((l) => l.id === up.body.leadIds[0] && l.status === 'blocked'),
      15_000,
      50,
    );
    expect(noConsent.blockedReasons).toEqual(['NO_CONSENT']);

    const reason = 'Written consent on paper, scanned into the CRM on 2025-03-02';
    const initiate = (leadId: string) =>
      h.client.call<{ leadId: string; attemptId: string; callId: string; status: string }>(
        'POST',
        '/api/calls/initiate',
        { body: { leadId, overrideTCPA: true, overrideReason: reason }, admin: true },
      );
    const accepted = await initiate(noConsent.id);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      leadId: noConsent.id,
      attemptId: `${noConsent.id}-a1`,
      callId: `call-${noConsent.id}-a1`,
      status: 'queued',
      call: {
        callId: `call-${noConsent.id}-a1`,
        twilio: { callSid: null },
        elevenlabs: { conversationId: null },
      },
    });
    // A second initiate while the attempt is under way is refused.
    expectError(await initiate(noConsent.id), 409, 'CONFLICT', 'leadId');

    // A lead that has had its conversation, whose number then goes on the internal DNC list.
    const done = await waitFor(
      'a campaign lead completed',
      async () => (await leadsOf(c.id)).find((l) => l.status === 'completed' && l.id !== noConsent.id),
      15_000,
      50,
    );
    const dnc = await h.client.call<{ leadsStopped: number }>('POST', '/api/dnc', {
      body: { phone: done.phone, reason: 'asked by letter' },
    });
    expect([dnc.status, dnc.body.leadsStopped]).toEqual([201, 0]); // a final lead is left as it is
    expect((await h.client.campaign(c.id)).status).toBe('running');
    const again = await initiate(done.id);
    expect(again.status).toBe(202);

    await waitUntilDone(c.id);

    // The lead without consent was dialed once, and its evidence holds the override.
    expect(createsTo(noConsent.phone)).toBe(1);
    const call = (await h.client.call<Call>('GET', `/api/calls/${accepted.body.callId}`)).body;
    expect(call.overrideReason).toBe(reason);
    expect(call.status).toBe('completed');
    const evidence = await h.client.call<{ records: ComplianceRecord[] }>(
      'GET',
      `/api/calls/${accepted.body.callId}/compliance`,
    );
    expect(evidence.status).toBe(200);
    // The attempt's evidence: blocked on upload, then allowed twice under the override.
    expect(evidence.body.records.map((r) => [r.stage, r.result])).toEqual([
      ['queue', 'blocked'],
      ['queue', 'allowed'],
      ['dial', 'allowed'],
    ]);
    expect(evidence.body.records[0]!.evidence?.override).toBeNull();
    for (const r of evidence.body.records.slice(1)) {
      expect(r.evidence?.override).toEqual({ reason, by: 'admin', overridden: ['NO_CONSENT'] });
    }
    expect((await h.client.call<LeadView>('GET', `/api/leads/${noConsent.id}`)).body.status).toBe(
      'completed',
    );

    // The lead on the internal DNC list: the override reaches neither the list nor the revocation that adding the
    // number made of its consent, so attempt 2 is blocked and never dialed.
    expect(createsTo(done.phone)).toBe(1);
    const blocked = (await h.client.call<LeadView>('GET', `/api/leads/${done.id}`)).body;
    expect([blocked.status, [...blocked.blockedReasons].sort()]).toEqual([
      'blocked',
      ['INTERNAL_DNC', 'REVOKED_CONSENT'],
    ]);
    expectError(await h.client.call('GET', `/api/calls/call-${done.id}-a2`), 404, 'NOT_FOUND');
    const records = (
      await h.client.call<{ records: ComplianceRecord[] }>('GET', `/api/leads/${done.id}/compliance`)
    ).body.records;
    const second = records.filter((r) => r.attemptId === `${done.id}-a2`);
    expect(second.map((r) => [r.stage, r.result, r.violations.map((v) => v.code).sort()])).toEqual([
      ['queue', 'blocked', ['INTERNAL_DNC', 'REVOKED_CONSENT']],
    ]);
    expect(second[0]!.evidence?.override).toEqual({ reason, by: 'admin', overridden: [] });
  });
});
