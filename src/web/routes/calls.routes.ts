import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { initiateCallSchema } from '../schemas';
import { parseInput } from '../validate';
import { attemptIdOf, callIdOf } from '../../queues/payloads';
import type { LeadStatus } from '../../domain/lead';

/** The seed README's call endpoints. */
export function callsRouter(deps: Deps): Router {
  const r = Router();

  async function mustGetCall(callId: string) {
    const call = await deps.calls.get(callId);
    if (!call) throw new NotFoundError('call', callId);
    return call;
  }

  /** Queues one attempt for an existing lead; it goes through the same compliance check as a campaign's. */
  r.post('/initiate', json(), async (req, res) => {
    const body = parseInput(initiateCallSchema, req.body);
    if (body.overrideTCPA && res.locals.admin !== true) {
      throw new ForbiddenError('overrideTCPA needs an admin API key');
    }
    const lead = await deps.leads.get(body.leadId);
    if (!lead) throw new NotFoundError('lead', body.leadId);
    const campaign = await deps.campaigns.get(lead.campaignId);
    if (campaign?.status !== 'running') {
      throw new ConflictError(
        `the lead's campaign is ${campaign?.status ?? 'missing'}; start or resume it first`,
        'leadId',
      );
    }
    // An admin override may give a lead blocked for consent another try; the rules still refuse DNC and the like.
    const from: LeadStatus[] = body.overrideTCPA
      ? ['new', 'completed', 'exhausted', 'blocked']
      : ['new', 'completed', 'exhausted'];
    const moved = await deps.leads.transition(lead.id, from, { status: 'queued' });
    if (!moved)
      throw new ConflictError(
        `lead is ${lead.status}: it already has an attempt in progress or is blocked`,
        'leadId',
      );
    const attemptNumber = lead.attempts + 1;
    // A blocked lead's attempt never dialed, so its number is reused: the finished jobs of that try make way.
    await deps.scheduler.removeLeadJobs([{ leadId: lead.id, attemptNumber }]);
    await deps.scheduler.enqueueCompliance({
      leadId: lead.id,
      campaignId: lead.campaignId,
      attemptNumber,
      override: body.overrideTCPA ? { reason: body.overrideReason!, by: String(res.locals.actor) } : null,
    });
    const attemptId = attemptIdOf(lead.id, attemptNumber);
    res.status(202).json({ leadId: lead.id, attemptId, callId: callIdOf(attemptId), status: 'queued' });
  });

  r.get('/active/all', async (_req, res) => {
    res.json({ calls: await deps.calls.listActive() });
  });

  r.get('/lead/:leadId', async (req, res) => {
    res.json({ calls: await deps.calls.listByLead(req.params.leadId) });
  });

  r.get('/:callId', async (req, res) => {
    res.json(await mustGetCall(req.params.callId));
  });

  r.get('/:callId/transcript', async (req, res) => {
    const call = await mustGetCall(req.params.callId);
    if (!call.transcript) throw new NotFoundError('transcript of call', call.callId);
    res.json({
      callId: call.callId,
      transcript: call.transcript,
      summary: call.summary,
      sentiment: call.sentiment,
      intent: call.intent,
      outcome: call.outcome,
    });
  });

  r.get('/:callId/compliance', async (req, res) => {
    const call = await mustGetCall(req.params.callId);
    res.json({ records: await deps.complianceRecords.listByAttempt(call.attemptId) });
  });

  return r;
}
