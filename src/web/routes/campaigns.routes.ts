import { once } from 'node:events';
import { Router, json } from 'express';
import type { Deps } from '../../services/deps';
import type { Upload } from '../../domain/upload';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../../errors';
import {
  campaignsPageQuery,
  createCampaignSchema,
  leadsPageQuery,
  leadUploadJsonSchema,
  uploadsPageQuery,
} from '../schemas';
import { parseInput } from '../validate';
import { parseLeadCsv, validateLeadRecord } from '../../leads/lead-rows';
import type { createLeadIntake } from '../../services/lead-intake';
import type { createCampaignControl, CampaignAction } from '../../services/campaign-control';
import { complianceCsv } from './compliance-csv';
import { isAccountCallerId } from './caller-ids.routes';
import { dialRateProgress } from '../../scheduling/dial-rate';
import { uploadErrorsCsv } from './upload-errors-csv';
import { ClientAbortedError, tooLarge, uploadBody } from '../upload-body';
import { nextCursor } from '../page-cursor';
import { callProgress } from '../../services/campaign-progress';

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
    if (body.compliance.allowRegistryWithWrittenAgreement && res.locals.admin !== true) {
      throw new ForbiddenError('compliance.allowRegistryWithWrittenAgreement needs an admin API key');
    }
    // A caller id is a number of our account: calling from someone else's is spoofing (Truth in Caller ID Act).
    if (body.callerId && !(await isAccountCallerId(deps, body.callerId)))
      throw new ValidationError(
        "callerId: must be one of the account's numbers (CALLER_IDS or GET /api/admin/caller-ids)",
        'callerId',
      );
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
      analysis: body.analysis,
      compliance: body.compliance,
    });
    res.status(201).json(campaign);
  });

  /** Pages by cursor, newest first (createdAt, then id). */
  r.get('/', async (req, res) => {
    const page = parseInput(campaignsPageQuery, req.query, 'query');
    const campaigns = await deps.campaigns.listPage(page);
    res.json({
      campaigns,
      ...nextCursor(campaigns, page.limit, (c) => [c.createdAt.toISOString(), c.id]),
    });
  });

  r.get('/:id', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    const [calls, rate] = await Promise.all([callProgress(deps, campaign), deps.load.dialRate()]);
    const dialRate = dialRateProgress(
      campaign.limits.callsPerSecond,
      deps.settings.globalCallsPerSecond,
      rate,
    );
    res.json({ ...campaign, progress: { ...calls, dialRate } });
  });

  /**
   * CSV (text/csv, streamed row by row, at most MAX_UPLOAD_BYTES) or JSON `{ leads: [...] }`; bad rows are
   * reported (the first thousand, counts per reason, all of them in the upload's errors.csv), good rows kept.
   */
  r.post('/:id/leads', json({ limit: '10mb' }), async (req, res) => {
    const campaign = await mustGet(req.params.id);
    if (campaign.status === 'cancelled' || campaign.status === 'done') {
      throw new ConflictError(`campaign is ${campaign.status}; leads can no longer be added`, 'status');
    }
    let report;
    if (req.is('text/csv')) {
      const maxBytes = deps.settings.maxUploadBytes;
      if (Number(req.get('content-length')) > maxBytes) {
        res.setHeader('connection', 'close');
        throw tooLarge(maxBytes);
      }
      // Consent "captured in the future" is judged on the service's clock, as every compliance check is.
      report = await intake.ingest(
        campaign,
        parseLeadCsv(uploadBody(req, maxBytes), { now: deps.clock.now() }),
      );
    } else if (req.is('application/json')) {
      const { leads } = parseInput(leadUploadJsonSchema, req.body);
      const now = deps.clock.now();
      report = await intake.ingest(
        campaign,
        leads.map((lead, i) => validateLeadRecord(lead, i + 1, { now })),
      );
    } else {
      throw new ValidationError('send text/csv or application/json', 'content-type');
    }
    const { upload, leadIds, stoppedBy } = report;
    if (stoppedBy instanceof PayloadTooLargeError) {
      // The rest of the body is not read: the connection closes after this answer.
      res.setHeader('connection', 'close');
      throw new PayloadTooLargeError(stoppedBy.message, stoppedBy.field ?? 'body', {
        ...(stoppedBy.details as object),
        ...uploadSummary(campaign.id, upload),
      });
    }
    if (stoppedBy !== undefined) {
      if (stoppedBy instanceof ClientAbortedError) return;
      throw stoppedBy;
    }
    res.status(upload.accepted > 0 ? 201 : 422).json({
      ...uploadSummary(campaign.id, upload),
      rejected: upload.firstErrors,
      leadIds,
      ...(upload.accepted === 0
        ? { error: { code: 'NO_VALID_ROWS', message: 'No row of the upload was valid', field: 'leads' } }
        : {}),
    });
  });

  r.get('/:id/uploads', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    const page = parseInput(uploadsPageQuery, req.query, 'query');
    const uploads = await deps.uploads.listByCampaign(campaign.id, page);
    res.json({
      uploads: uploads.map((u) => ({ ...u, errorsCsv: errorsCsvPath(campaign.id, u.id) })),
      ...nextCursor(uploads, page.limit, (u) => [u.id]),
    });
  });

  async function mustGetUpload(campaignId: string, uploadId: string) {
    const upload = await deps.uploads.get(uploadId);
    if (!upload || upload.campaignId !== campaignId) throw new NotFoundError('upload', uploadId);
    return upload;
  }

  r.get('/:id/uploads/:uploadId', async (req, res) => {
    const upload = await mustGetUpload(req.params.id, req.params.uploadId);
    res.json({ ...upload, errorsCsv: errorsCsvPath(upload.campaignId, upload.id) });
  });

  /** Every rejected row of the upload, one field error a line, streamed from its stored parts. */
  r.get('/:id/uploads/:uploadId/errors.csv', async (req, res) => {
    const upload = await mustGetUpload(req.params.id, req.params.uploadId);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="errors-${upload.id}.csv"`);
    for await (const line of uploadErrorsCsv(deps.uploads.errors(upload.id))) {
      if (!res.write(line)) await once(res, 'drain');
    }
    res.end();
  });

  /** Pages by cursor in upload order (row number, then id). */
  r.get('/:id/leads', async (req, res) => {
    const campaign = await mustGet(req.params.id);
    const page = parseInput(leadsPageQuery, req.query, 'query');
    const leads = await deps.leads.listByCampaign(campaign.id, page);
    res.json({ leads, ...nextCursor(leads, page.limit, (l) => [l.rowNumber ?? 0, l.id]) });
  });

  for (const action of ['start', 'pause', 'resume', 'cancel'] as CampaignAction[]) {
    // Start answers 202: the leads are queued after the answer (progress in the campaign's `queueing`).
    r.post(`/:id/${action}`, async (req, res) => {
      res.status(action === 'start' ? 202 : 200).json(await control(req.params.id, action));
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

function errorsCsvPath(campaignId: string, uploadId: string): string {
  return `/api/campaigns/${campaignId}/uploads/${uploadId}/errors.csv`;
}

function uploadSummary(campaignId: string, upload: Upload) {
  return {
    uploadId: upload.id,
    status: upload.status,
    accepted: upload.accepted,
    rejectedCount: upload.rejected,
    errorCounts: upload.errorCounts,
    errorsCsv: errorsCsvPath(campaignId, upload.id),
  };
}
