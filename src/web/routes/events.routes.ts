import { Router, json } from 'express';
import { z } from 'zod';
import type { Deps } from '../../services/deps';
import { parseInput } from '../validate';
import { id, killSwitchSchema } from '../schemas';
import { requireAdmin } from '../auth';
import { decodeEventCursor, encodeEventCursor } from '../event-cursor';
import { pageQuery } from '../page-cursor';

export function eventsRouter(deps: Deps): Router {
  const r = Router();

  /** The outbox: with no Kafka configured, this is where events wait (none is lost); pages by cursor. */
  r.get('/events', async (req, res) => {
    const q = parseInput(
      z.object({
        published: z.enum(['true', 'false']).optional(),
        callId: id.optional(),
        leadId: id.optional(),
        ...pageQuery(decodeEventCursor),
      }),
      req.query,
      'query',
    );
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

  /** Stops every replica from placing new calls (calls in progress finish). */
  r.post('/admin/kill-switch', requireAdmin, json(), async (req, res) => {
    const { engaged } = parseInput(killSwitchSchema, req.body);
    await deps.killSwitch.set(engaged);
    res.json({ engaged });
  });

  return r;
}
