import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { callsPageQuery, initiateCallSchema } from '../schemas';
import { parseInput } from '../validate';
import { nextCursor } from '../page-cursor';
import { attemptIdOf, callIdOf } from '../../queues/payloads';
import type { LeadStatus } from '../../domain/lead';
import type { Call } from '../../domain/call';
import { callView, transcriptReport } from '../../domain/call-view';

/** A page of calls in the seed's shape; `count` is the number in this page, `nextCursor` null on the last one. */
function callPage(calls: Call[], limit: number) {
  return {
    calls: calls.map(callView),
    count: calls.length,
    ...nextCursor(calls, limit, (call) => [call.createdAt.toISOString(), call.callId]),
  };
}

/** The seed README's call endpoints, in its request and answer shapes. */
export function callsRouter(deps: Deps): Router {
  const r = Router();

  async function mustGetCall(callId: string) {
    const call = await deps.calls.get(callId);
    if (!call) throw new NotFoundError('call', callId);
    return call;
  }

  /**
   * Queues one attempt for an existing lead; it goes through the same compliance check as a campaign's. The
   * answer comes before any dial: the call is not placed yet, so its Twilio sid and status and its conversation
   * id are null ("queued"); GET /api/calls/:callId shows them once they exist.
   */
  r.post('/initiate', json(), async (req, res) => {
    const body = parseInput(initiateCallSchema, req.body);
    if (body.overrideTCPA && res.locals.admin !== true) {
      throw new ForbiddenError('overrideTCPA needs an admin API key');
    }
    const lead = await deps.leads.get(body.leadId);
    if (!lead) throw new NotFoundError('lead', body.leadId);
    if (body.campaignId !== undefined && body.campaignId !== lead.campaignId) {
      throw new ValidationError(
        `campaignId: lead ${lead.id} belongs to campaign ${lead.campaignId}, not ${body.campaignId}`,
        'campaignId',
      );
    }
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
    const callId = callIdOf(attemptId);
    res.status(202).json({
      callId,
      status: 'queued',
      call: {
        callId,
        leadId: lead.id,
        campaignId: lead.campaignId,
        attemptId,
        callType: body.callType,
        twilio: { callSid: null, status: null },
        elevenlabs: { conversationId: null },
      },
      leadId: lead.id,
      attemptId,
    });
  });

  r.get('/active/all', async (req, res) => {
    const page = parseInput(callsPageQuery, req.query, 'query');
    res.json(callPage(await deps.calls.listActive(page), page.limit));
  });

  r.get('/lead/:leadId', async (req, res) => {
    const page = parseInput(callsPageQuery, req.query, 'query');
    const calls = await deps.calls.listByLead(req.params.leadId, page);
    res.json({ leadId: req.params.leadId, ...callPage(calls, page.limit) });
  });

  r.get('/:callId', async (req, res) => {
    res.json(callView(await mustGetCall(req.params.callId)));
  });

  r.get('/:callId/transcript', async (req, res) => {
    const call = await mustGetCall(req.params.callId);
    if (!call.transcript) throw new NotFoundError('transcript of call', call.callId);
    res.json(transcriptReport({ ...call, transcript: call.transcript }));
  });

  r.get('/:callId/compliance', async (req, res) => {
    const call = await mustGetCall(req.params.callId);
    res.json({ records: await deps.complianceRecords.listByAttempt(call.attemptId) });
  });

  return r;
}
