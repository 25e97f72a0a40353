import { Router, json } from 'express';
import { z } from 'zod';
import type { Deps } from '../../services/deps';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { createCampaignSchema } from '../schemas';
import { parseInput } from '../validate';
import { parseLeadCsv, validateLeadRecord } from '../../leads/lead-rows';
import type { createLeadIntake } from '../../services/lead-intake';
import type { createCampaignControl, CampaignAction } from '../../services/campaign-control';
import { complianceCsv } from './compliance-csv';

const MAX_JSON_LEADS = 10_000;

export function campaignsRouter(
  deps: Deps,
  intake: ReturnType<typeof createLeadIntake>,
  control: ReturnType<typeof createCampaignControl>,
): Router {
  const r = Router();

  async function mustGet(id: string) {
    const campaign = await deps.campaigns.get(id);
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  r.post('/', json(), async (req, res) => {
    const body = parseInput(createCampaignSchema, req.body);
    const campaign = await deps.campaigns.create({
      name: body.name,
      agent: {
        agentId: body.agentId ?? deps.settings.defaultAgentId,
        requiredVariables: body.agent.requiredVariables,
      },
      script: body.script,
      callerId: body.callerId ?? deps.settings.defaultCallerId,
      limits: body.limits,
      retry: body.retry,
      voicemail: body.voicemail,
      callingWindow: body.callingWindow,
    });
    res.status(201).json(campaign);
  });

  r.get('/', async (_req, res) => {
    res.json({ campaigns: await deps.campaigns.list() });
  });

  r.get('/:id', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    const [byStatus, byOutcome, activeCalls] = await Promise.all([
      deps.leads.countByStatus(campaign.id),
      deps.leads.countByOutcome(campaign.id),
      deps.permits.activeCount(campaign.id),
    ]);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    res.json({ ...campaign, progress: { total, byStatus, byOutcome, activeCalls } });
  });

  /** CSV (text/csv, streamed row by row) or JSON `{ leads: [...] }`; bad rows are listed, good rows kept. */
  r.post('/:id/leads', json({ limit: '10mb' }), async (req, res) => {
    const campaign = await mustGet(req.params.id);
    if (campaign.status === 'cancelled' || campaign.status === 'done') {
      throw new ConflictError(`campaign is ${campaign.status}; leads can no longer be added`, 'status');
    }
    let report;
    if (req.is('text/csv')) {
      // Consent "captured in the future" is judged on the service's clock, as every compliance check is.
      report = await intake.ingest(campaign, parseLeadCsv(req, { now: deps.clock.now() }));
    } else if (req.is('application/json')) {
      const { leads } = parseInput(
        z.object({ leads: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_JSON_LEADS) }),
        req.body,
      );
      const now = deps.clock.now();
      report = await intake.ingest(
        campaign,
        leads.map((lead, i) => validateLeadRecord(lead, i + 1, { now })),
      );
    } else {
      throw new ValidationError('send text/csv or application/json', 'content-type');
    }
    res.status(report.accepted > 0 ? 201 : 422).json({
      accepted: report.accepted,
      rejected: report.rejected,
      leadIds: report.leadIds,
      ...(report.accepted === 0
        ? { error: { code: 'NO_VALID_ROWS', message: 'No row of the upload was valid', field: 'leads' } }
        : {}),
    });
  });

  r.get('/:id/leads', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    res.json({ leads: await deps.leads.listByCampaign(campaign.id) });
  });

  for (const action of ['start', 'pause', 'resume', 'cancel'] as CampaignAction[]) {
    r.post(`/:id/${action}`, async (req, res) => {
      res.json(await control(req.params.id, action));
    });
  }

  r.get('/:id/compliance.csv', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="compliance-${campaign.id}.csv"`);
    for await (const line of complianceCsv(deps.complianceRecords.listByCampaign(campaign.id)))
      res.write(line);
    res.end();
  });

  return r;
}
