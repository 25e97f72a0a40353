import express, { urlencoded, type Express, type Request, type Response, type NextFunction } from 'express';
import type { Deps } from '../../services/deps';
import { CAMPAIGN_STATUSES } from '../../domain/campaign';
import type { createLeadIntake } from '../../services/lead-intake';
import type { CampaignAction, createCampaignControl } from '../../services/campaign-control';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { parseLeadCsv } from '../../leads/lead-rows';
import { complianceCsv } from '../routes/compliance-csv';
import { moduleLogger } from '../../logger';
import { callsPerMinute } from './chart';
import { csrfTokens } from './csrf';
import { nextStep } from './next-step';
import { setKillSwitch } from '../../services/held-jobs';
import { callProgress } from '../../services/campaign-progress';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets';
import type { SafeHtml } from './html';
import {
  callPage,
  campaignListPage,
  campaignLive,
  campaignPage,
  campaignRows,
  errorPage,
  leadPage,
  uploadReport,
  type CampaignProgress,
  type Viewer,
} from './views';

const log = moduleLogger('dashboard');

/** Campaigns on the list page, newest first. */
const LIST_LIMIT = 50;
const LATEST_CALLS = 20;
const ACTIONS: readonly CampaignAction[] = ['start', 'pause', 'resume', 'cancel'];

/**
 * The campaign dashboard under /admin: server-rendered pages (every value escaped by `html`), refreshed in place
 * by fetching the same fragments again. Logged in by the caller (res.locals.role / actor); changes need an admin
 * and the form's CSRF token.
 */
export function adminDashboard(
  deps: Deps,
  opts: {
    intake: ReturnType<typeof createLeadIntake>;
    control: ReturnType<typeof createCampaignControl>;
    csrfSecret: string;
  },
): Express {
  const app = express();
  const csrf = csrfTokens(opts.csrfSecret);

  const viewerOf = (res: Response): Viewer => {
    const name = String(res.locals.actor ?? '').replace(/^user:/, '');
    return { name, role: res.locals.role === 'admin' ? 'admin' : 'viewer', csrf: csrf.make(name) };
  };
  const send = (res: Response, page: SafeHtml, status = 200) => {
    res.status(status).type('html').setHeader('cache-control', 'no-store').send(page.value);
  };
  /** Changes: admin only, with the CSRF token in the form or the X-CSRF-Token header. */
  const guard = (req: Request, res: Response, next: NextFunction) => {
    const viewer = viewerOf(res);
    if (viewer.role !== 'admin') return next(new ForbiddenError('Only an admin can change campaigns'));
    const token = req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?.csrf;
    if (!csrf.verify(viewer.name, token))
      return next(new ForbiddenError('Missing or wrong CSRF token; reload the page'));
    next();
  };

  async function progress(campaignId: string): Promise<CampaignProgress> {
    const campaign = await deps.campaigns.get(campaignId);
    if (!campaign) throw new NotFoundError('campaign', campaignId);
    const [calls, blocksByCode, nextLawfulMinute] = await Promise.all([
      callProgress(deps, campaign),
      deps.operations.complianceBlocksByCode(campaign.id),
      deps.operations.nextLawfulMinute(campaign.id, deps.clock.now()),
    ]);
    return { campaign, ...calls, blocksByCode, nextLawfulMinute };
  }
  const allProgress = async () =>
    Promise.all((await deps.campaigns.listPage({ limit: LIST_LIMIT })).map((c) => progress(c.id)));
  async function live(campaignId: string) {
    const now = deps.clock.now();
    const [p, times, calls] = await Promise.all([
      progress(campaignId),
      deps.operations.callTimes(campaignId, new Date(now.getTime() - 3600_000)),
      deps.operations.latestCalls(campaignId, LATEST_CALLS),
    ]);
    return { p, perMinute: callsPerMinute(times, now), calls };
  }

  app.get('/assets/dashboard.css', (_req, res) => {
    res.type('css').setHeader('cache-control', 'no-cache').send(DASHBOARD_CSS);
  });
  app.get('/assets/dashboard.js', (_req, res) => {
    res.type('js').setHeader('cache-control', 'no-cache').send(DASHBOARD_JS);
  });

  app.get('/', async (_req, res) => {
    send(res, campaignListPage(viewerOf(res), await allProgress(), await deps.killSwitch.isEngaged()));
  });
  app.get('/live', async (_req, res) => {
    send(res, campaignRows(await allProgress()));
  });
  app.get('/campaigns/:id', async (req, res) => {
    const { p, perMinute, calls } = await live(req.params.id);
    const notice = noticeFrom(req.query);
    send(res, campaignPage(viewerOf(res), p, perMinute, calls, notice));
  });
  app.get('/campaigns/:id/live', async (req, res) => {
    const { p, perMinute, calls } = await live(req.params.id);
    send(res, campaignLive(p, perMinute, calls));
  });
  app.get('/campaigns/:id/compliance.csv', async (req, res) => {
    const { campaign } = await progress(req.params.id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="compliance-${campaign.id}.csv"`);
    for await (const line of complianceCsv(deps.complianceRecords.listByCampaign(campaign.id)))
      res.write(line);
    res.end();
  });
  app.get('/calls/:id', async (req, res) => {
    const call = await deps.calls.get(req.params.id);
    if (!call) throw new NotFoundError('call', req.params.id);
    send(res, callPage(viewerOf(res), call));
  });
  app.get('/leads/:id', async (req, res) => {
    const lead = await deps.leads.get(req.params.id);
    if (!lead) throw new NotFoundError('lead', req.params.id);
    const [calls, decisions, consent, campaign] = await Promise.all([
      deps.calls.listByLead(lead.id),
      deps.complianceRecords.listByLead(lead.id),
      lead.consentId ? deps.consents.get(lead.consentId) : null,
      deps.campaigns.get(lead.campaignId),
    ]);
    const step = nextStep(lead, decisions, campaign?.limits.maxAttemptsPerLead ?? lead.attempts);
    send(res, leadPage(viewerOf(res), { lead, calls, decisions, consent, nextStep: step }));
  });

  const form = urlencoded({ extended: false, limit: '4kb' });
  for (const action of ACTIONS) {
    app.post(`/campaigns/:id/${action}`, form, guard, async (req, res) => {
      const id = req.params.id as string;
      const back = `/admin/campaigns/${encodeURIComponent(id)}`;
      try {
        const campaign = await opts.control(id, action);
        log.info('campaign changed from the dashboard', { campaignId: id, action, actor: res.locals.actor });
        res.redirect(303, `${back}?done=${campaign.status}`);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        res.redirect(303, `${back}?refused=${action}`);
      }
    });
  }
  app.post('/campaigns/:id/leads', guard, async (req, res) => {
    const { campaign } = await progress(req.params.id as string);
    if (campaign.status === 'cancelled' || campaign.status === 'done')
      throw new ConflictError(`campaign is ${campaign.status}; leads can no longer be added`, 'status');
    if (!req.is('text/csv')) throw new AppError(415, 'BAD_BODY', 'send the file as text/csv');
    const report = await opts.intake.ingest(campaign, parseLeadCsv(req, { now: deps.clock.now() }));
    log.info('leads uploaded from the dashboard', {
      campaignId: campaign.id,
      accepted: report.upload.accepted,
      rejected: report.upload.rejected,
      actor: res.locals.actor,
    });
    send(res, uploadReport(report), report.upload.accepted > 0 ? 201 : 422);
  });
  app.post('/kill-switch', form, guard, async (req, res) => {
    const engaged = req.query.engaged === 'on';
    await setKillSwitch(deps, engaged);
    log.warn('kill switch set from the dashboard', { engaged, actor: res.locals.actor });
    res.redirect(303, '/admin');
  });

  app.use((_req, res) => send(res, errorPage(viewerOf(res), 404, 'No such page'), 404));
  // Pages answer errors as pages; the cause of an unexpected one is logged, never shown.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError)
      return send(res, errorPage(viewerOf(res), err.status, err.message), err.status);
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return send(res, errorPage(viewerOf(res), status, 'The request could not be read'), status);
    log.error('dashboard request failed', { error: (err as Error).message });
    send(res, errorPage(viewerOf(res), 500, 'Something went wrong; it is in the log'), 500);
  });
  return app;
}

/** Notices come from our own redirects and name only a status or an action: no text from the URL is shown. */
function noticeFrom(query: Request['query']): { ok?: string; error?: string } {
  const done = CAMPAIGN_STATUSES.find((s) => s === query.done);
  const refused = ACTIONS.find((a) => a === query.refused);
  return {
    ok: done && `Campaign is ${done}.`,
    error: refused && `Could not ${refused} the campaign in its current status.`,
  };
}
