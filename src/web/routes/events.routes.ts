import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import { parseInput } from '../validate';
import { eventsQuery, killSwitchSchema } from '../schemas';
import { requireAdmin } from '../auth';
import { encodeEventCursor } from '../event-cursor';
import { setKillSwitch } from '../../services/held-jobs';
import { collectPending } from '../../services/event-relay';

/** How many relay batches (200 calls and 200 leads each) one request may move into the outbox. */
const COLLECT_BATCHES = 5;

export function eventsRouter(deps: Deps): Router {
  const r = Router();

  /**
   * The outbox: with no Kafka configured, this is where events wait (none is lost); pages by cursor. Unless only
   * published events are asked for, the events still held on calls and leads are moved in first (bounded per
   * request): with no worker running the relay, they would otherwise not show at all.
   */
  r.get('/events', async (req, res) => {
    const q = parseInput(eventsQuery, req.query, 'query');
    const { complete } =
      q.published === 'true' ? { complete: true } : await collectPending(deps.outbox, COLLECT_BATCHES);
    const events = await deps.outbox.list({
      published: q.published === undefined ? undefined : q.published === 'true',
      callId: q.callId,
      leadId: q.leadId,
      after: q.after,
      limit: q.limit,
    });
    const last = events[events.length - 1];
    res.json({ events, nextCursor: last ? encodeEventCursor(last) : null, uncollected: !complete });
  });

  r.get('/admin/kill-switch', requireAdmin, async (_req, res) => {
    res.json({ engaged: await deps.killSwitch.isEngaged() });
  });

  /** Stops every replica from placing new calls (calls in progress finish); released, the held dial jobs run. */
  r.post('/admin/kill-switch', requireAdmin, json(), async (req, res) => {
    const { engaged } = parseInput(killSwitchSchema, req.body);
    await setKillSwitch(deps, engaged);
    res.json({ engaged });
  });

  return r;
}
