import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import { parseInput } from '../validate';
import { eventsQuery, killSwitchSchema } from '../schemas';
import { requireAdmin } from '../auth';
import { encodeEventCursor } from '../event-cursor';
import { setKillSwitch } from '../../services/held-jobs';

export function eventsRouter(deps: Deps): Router {
  const r = Router();

  /** The outbox: with no Kafka configured, this is where events wait (none is lost); pages by cursor. */
  r.get('/events', async (req, res) => {
    const q = parseInput(eventsQuery, req.query, 'query');
    const events = await deps.outbox.list({
      published: q.published === undefined ? undefined : q.published === 'true',
      callId: q.callId,
      leadId: q.leadId,
      after: q.after,
      limit: q.limit,
    });
    const last = events[events.length - 1];
    res.json({ events, nextCursor: last ? encodeEventCursor(last) : null });
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
