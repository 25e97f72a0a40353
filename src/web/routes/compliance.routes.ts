import { Router, json } from 'express';
import { createInterface } from 'node:readline';
import type { Deps } from '../../services/deps';
import type { ComplianceGate } from '../../services/compliance-gate';
import type { DncService } from '../../services/dnc-service';
import { NotFoundError, ValidationError } from '../../errors';
import {
  complianceCheckQuery,
  consentSchema,
  dncAddSchema,
  dncPageQuery,
  e164,
  registryImportQuery,
} from '../schemas';
import { consentTimingErrors } from '../../leads/lead-record';
import { parseInput } from '../validate';
import { requireAdmin } from '../auth';
import { nextCursor } from '../page-cursor';
import { REGISTRY_MAX_AGE_DAYS } from '../../compliance';

export function complianceRouter(deps: Deps, gate: ComplianceGate, dnc: DncService): Router {
  const r = Router();

  /**
   * What the rules say now for a lead (or a bare number), without dialing. A query is not a decision: nothing is
   * stored, so the campaign's compliance export holds only the checks that let a call go or stopped it.
   */
  r.get('/compliance/check', async (req, res) => {
    const q = parseInput(complianceCheckQuery, req.query, 'query');
    if (!q.leadId && !q.phone) throw new ValidationError('give phone or leadId', 'phone');
    const lead = q.leadId ? await deps.leads.get(q.leadId) : null;
    if (q.leadId && !lead) throw new NotFoundError('lead', q.leadId);
    const subject = lead ?? {
      id: `phone-${q.phone}`,
      campaignId: '',
      phone: q.phone!,
      firstName: '',
      lastName: '',
      email: null,
      address: { street: null, city: null, state: null, zip: null },
      timeZone: null,
      propertyAddress: null,
      consentId: null,
      status: 'new' as const,
      attempts: 0,
      lastOutcome: null,
      blockedReasons: [],
      rowNumber: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const campaign = lead ? await deps.campaigns.get(lead.campaignId) : null;
    const { decision } = await gate.decide({
      lead: subject,
      campaign,
      stage: 'query',
      attemptNumber: subject.attempts + 1,
      attemptId: null,
      override: null,
    });
    res.json(decision);
  });

  r.get('/leads/:id/compliance', async (req, res) => {
    res.json({ records: await deps.complianceRecords.listByLead(req.params.id) });
  });

  r.post('/consents', json(), async (req, res) => {
    const body = parseInput(consentSchema, req.body);
    const [timing] = consentTimingErrors(body.capturedAt, body.expiresAt, deps.clock.now(), {
      captured: 'capturedAt',
      expires: 'expiresAt',
    });
    if (timing) throw new ValidationError(`${timing.field}: ${timing.reason}`, timing.field);
    if (body.leadId) {
      const lead = await deps.leads.get(body.leadId);
      if (!lead) throw new NotFoundError('lead', body.leadId);
      // Consent is given for a number: evidence for another number must never clear this lead's calls.
      if (lead.phone !== body.phone)
        throw new ValidationError(`phone must be the lead's number (${lead.phone})`, 'phone');
    }
    const consent = await deps.consents.create(body);
    // The new evidence replaces the lead's consent for every later check.
    if (body.leadId) await deps.leads.update(body.leadId, { consentId: consent.id });
    res.status(201).json(consent);
  });

  r.get('/consents/:id', async (req, res) => {
    const consent = await deps.consents.get(req.params.id);
    if (!consent) throw new NotFoundError('consent', req.params.id);
    res.json(consent);
  });

  /** Revocation takes effect at once: both checks (queue and dial time) read it. */
  r.post('/consents/:id/revoke', async (req, res) => {
    const consent = await deps.consents.revoke(req.params.id, deps.clock.now());
    if (!consent) throw new NotFoundError('consent', req.params.id);
    res.json(consent);
  });

  /** Pages by cursor, in phone order. */
  r.get('/dnc', async (req, res) => {
    const page = parseInput(dncPageQuery, req.query, 'query');
    const entries = await deps.internalDnc.list(page);
    res.json({ entries, ...nextCursor(entries, page.limit, (e) => [e.phone]) });
  });

  r.post('/dnc', json(), async (req, res) => {
    const body = parseInput(dncAddSchema, req.body);
    const result = await dnc.add(body.phone, body.reason, `api:${String(res.locals.actor)}`);
    res.status(201).json({ phone: body.phone, ...result });
  });

  r.delete('/dnc/:phone', requireAdmin, async (req, res) => {
    const phone = parseInput(e164, req.params.phone, 'phone');
    if (!(await deps.internalDnc.remove(phone))) throw new NotFoundError('internal DNC entry', phone);
    res.status(204).end();
  });

  r.get('/dnc/registry', async (_req, res) => {
    const downloadedAt = await deps.registry.downloadedAt();
    const ageDays = downloadedAt ? (deps.clock.now().getTime() - downloadedAt.getTime()) / 86_400_000 : null;
    res.json({ downloadedAt, ageDays, stale: ageDays === null || ageDays > REGISTRY_MAX_AGE_DAYS });
  });

  /** One FTC area-code file (one 10-digit number a line), streamed; `downloadedAt` is when it left the FTC. */
  r.post('/dnc/registry', requireAdmin, async (req, res) => {
    const { downloadedAt } = parseInput(registryImportQuery, req.query, 'query');
    if (downloadedAt > deps.clock.now())
      throw new ValidationError('downloadedAt is in the future', 'downloadedAt');
    if (!req.is('text/plain')) throw new ValidationError('send the file as text/plain', 'content-type');
    const lines = createInterface({ input: req, crlfDelay: Infinity });
    res.status(201).json(await deps.registry.importAreaCodeFile(lines, { downloadedAt }));
  });

  return r;
}
