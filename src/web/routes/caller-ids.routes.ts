import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import { ConflictError, NotFoundError } from '../../errors';
import { callerIdAddSchema, e164 } from '../schemas';
import { parseInput } from '../validate';
import { requireAdmin } from '../auth';

/** Whether a campaign may call from this number: one of the env numbers, or one an admin added. */
export async function isAccountCallerId(deps: Deps, phone: string): Promise<boolean> {
  return deps.settings.callerIds.includes(phone) || (await deps.callerIds.contains(phone));
}

/** The account's numbers: the env ones (TWILIO_PHONE_NUMBER, CALLER_IDS) are fixed, the stored ones an admin's. */
export function callerIdsRouter(deps: Deps): Router {
  const r = Router();

  r.get('/admin/caller-ids', async (_req, res) => {
    const env = deps.settings.callerIds.map((phone) => ({ phone, source: 'env' as const }));
    const stored = (await deps.callerIds.list())
      .filter((e) => !deps.settings.callerIds.includes(e.phone))
      .map((e) => ({ ...e, source: 'admin' as const }));
    res.json({ callerIds: [...env, ...stored] });
  });

  r.post('/admin/caller-ids', requireAdmin, json(), async (req, res) => {
    const body = parseInput(callerIdAddSchema, req.body);
    const entry = await deps.callerIds.add({
      phone: body.phone,
      note: body.note ?? null,
      addedBy: String(res.locals.actor),
      addedAt: deps.clock.now(),
    });
    res.status(201).json({ ...entry, source: 'admin' });
  });

  r.delete('/admin/caller-ids/:phone', requireAdmin, async (req, res) => {
    const phone = parseInput(e164, req.params.phone, 'phone');
    if (deps.settings.callerIds.includes(phone))
      throw new ConflictError(
        'phone: an env number (TWILIO_PHONE_NUMBER, CALLER_IDS) is changed in the env',
        'phone',
      );
    if (!(await deps.callerIds.remove(phone))) throw new NotFoundError('caller id', phone);
    res.status(204).end();
  });

  return r;
}
