import { Router } from 'express';
import type { Deps } from '../../services/deps';
import { NotFoundError } from '../../errors';

/**
 * One lead with what its calls taught (qualification) and what happens next. The phone is shown in full: the
 * API key holder owns the lead data; masking is for logs.
 */
export function leadsRouter(deps: Deps): Router {
  const r = Router();
  r.get('/:id', async (req, res) => {
    const lead = await deps.leads.get(req.params.id);
    if (!lead) throw new NotFoundError('lead', req.params.id);
    res.json({ ...lead, qualification: lead.qualification ?? null, nextStep: lead.nextStep ?? null });
  });
  return r;
}
