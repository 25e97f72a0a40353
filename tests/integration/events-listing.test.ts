import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { attemptBlocked, type DomainEvent } from '../../src/domain/events';
import { OPEN_LEAD_STATUSES } from '../../src/domain/lead';
import { attemptIdOf, callIdOf } from '../../src/queues/payloads';

interface EventPage {
  events: DomainEvent[];
  nextCursor: string | null;
  uncollected: boolean;
}

/**
 * GET /api/events with no worker running the relay (this harness starts none): an event still held on its lead's
 * document is listed as unpublished all the same.
 */
describe('the event listing while no relay runs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lists an event still held on its document among the unpublished ones', async () => {
    const { campaignId } = await oneLeadCampaign(h, 'events-on-documents');
    const [lead] = await h.api.deps.leads.listByCampaign(campaignId, { limit: 1 });
    const attemptId = attemptIdOf(lead!.id, 1);
    const event = attemptBlocked(
      { attemptId, callId: callIdOf(attemptId), leadId: lead!.id, campaignId },
      ['INTERNAL_DNC'],
      h.clock.now(),
    );
    await h.api.deps.leads.transition(lead!.id, OPEN_LEAD_STATUSES, { status: 'blocked' }, [event]);
    const listed = async (query: string) => {
      const res = await h.client.call<EventPage>('GET', `/api/events?leadId=${lead!.id}&${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };

    // Published ones only: nothing is moved, and the event is not in the outbox yet.
    expect((await listed('published=true')).events).toEqual([]);
    expect(await h.api.deps.outbox.list({ leadId: lead!.id, limit: 10 })).toEqual([]);

    const unpublished = await listed('published=false');
    expect(unpublished.events.map((e) => [e.eventId, e.type])).toEqual([[event.eventId, 'CallFailed']]);
    expect(unpublished.uncollected).toBe(false);
    // Moved, not copied: a second request lists it once.
    expect((await listed('published=false')).events).toHaveLength(1);
  });
});
