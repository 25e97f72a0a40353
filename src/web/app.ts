import express, { type Express, type Request } from 'express';
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Deps } from '../services/deps';
import { createComplianceGate } from '../services/compliance-gate';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { createDncService } from '../services/dnc-service';
import { createLeadIntake } from '../services/lead-intake';
import { createCampaignControl } from '../services/campaign-control';
import { apiKeyKind, basicAuth, basicUser, requireApiKey } from './auth';
import { errorMiddleware, notFound, requestId } from './error.middleware';
import { createMetrics } from './metrics';
import { routeLabeler } from './route-label';
import { campaignsRouter } from './routes/campaigns.routes';
import { callsRouter } from './routes/calls.routes';
import { leadsRouter } from './routes/leads.routes';
import { complianceRouter } from './routes/compliance.routes';
import { eventsRouter } from './routes/events.routes';
import { callerIdsRouter } from './routes/caller-ids.routes';
import { twilioWebhooksRouter } from './webhooks/twilio.webhooks';
import { elevenLabsWebhooksRouter } from './webhooks/elevenlabs.webhooks';
import { openApiDocument } from './openapi';
import { timeWebhookAnswers } from './webhook-timing';
import { registerLoadMetrics } from '../load/load-metrics';
import type { LoadReporting } from '../load/load-reporter';
import { healthRouter, type HealthChecks } from './health.routes';
import type { RateLimits } from './rate-limit';
import { adminPageHeaders, securityHeaders } from './security-headers';
import { dashboardUsers, type DashboardUser } from './admin/users';
import { queueBoards } from './admin/bull-board';
import { adminDashboard } from './admin/dashboard';
import { requestSpans } from '../tracing/http-spans';
import type { CallTraces } from '../tracing/call-traces';

export interface WebOptions {
  apiKeys: string[];
  adminApiKeys: string[];
  adminUser: string;
  adminPassword: string;
  /** More dashboard and Bull Board users (DASHBOARD_USERS); ADMIN_USER is always an admin. */
  dashboardUsers?: DashboardUser[];
  /** Set when tracing is on: requests get spans and Twilio webhooks continue their call's trace. */
  callTraces?: CallTraces | null;
  queues: Queue[];
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); none when empty. */
  trustProxy: string[];
  rateLimits: RateLimits;
  /** Answers whether Redis, MongoDB and Kafka are reachable, for /health. */
  health: () => Promise<HealthChecks>;
  /** This process's load measurements: exported on /metrics, webhook answer times recorded into them. */
  load?: LoadReporting;
}

export function createApp(deps: Deps, opts: WebOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Trusting every X-Forwarded-For would let any client pick the address its rate limits are counted under.
  app.set('trust proxy', opts.trustProxy.length ? opts.trustProxy : false);
  const routeOf = routeLabeler(Object.keys(openApiDocument.paths), ['/admin/queues', '/admin']);
  const metrics = createMetrics(opts.queues, deps, routeOf);
  app.use(requestId, metrics.countResponses, securityHeaders);
  const traces = opts.callTraces;
  if (traces) app.use(requestSpans(routeOf, (callId) => traces.get(callId)));
  if (opts.load) {
    registerLoadMetrics(metrics.registry, {
      lag: opts.load.lag,
      board: deps.load,
      configuredCps: deps.settings.globalCallsPerSecond,
    });
    app.use('/webhooks', timeWebhookAnswers(opts.load.answers));
  }

  app.use(healthRouter('dialer', opts.health));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  const users = dashboardUsers([
    { name: opts.adminUser, role: 'admin', password: opts.adminPassword },
    ...(opts.dashboardUsers ?? []),
  ]);
  const loggedIn = (req: Request) => basicUser(users.verify, req.get('authorization')) !== null;
  app.use('/admin', adminPageHeaders, opts.rateLimits.authFailures(loggedIn), opts.rateLimits.requests);
  const login = basicAuth(users.verify);
  app.use('/admin/queues', login, queueBoards(opts.queues, '/admin/queues'));

  app.use('/webhooks/twilio', twilioWebhooksRouter(deps));
  app.use('/webhooks/elevenlabs', elevenLabsWebhooksRouter(deps));

  const lifecycle = createLeadLifecycle(deps);
  const intake = createLeadIntake(deps);
  const api = express.Router();
  const keyed = (req: Request) =>
    apiKeyKind(opts.apiKeys, opts.adminApiKeys, req.get('authorization')) !== null;
  api.use(
    opts.rateLimits.authFailures(keyed),
    opts.rateLimits.requests,
    requireApiKey(opts.apiKeys, opts.adminApiKeys),
  );
  const control = createCampaignControl(deps, lifecycle, intake);
  api.use('/campaigns', campaignsRouter(deps, intake, control));
  api.use('/calls', callsRouter(deps));
  api.use('/leads', leadsRouter(deps));
  api.use(complianceRouter(deps, createComplianceGate(deps), createDncService(deps, lifecycle)));
  api.use(eventsRouter(deps));
  api.use(callerIdsRouter(deps));
  app.use('/api', api);
  app.use('/admin', login, adminDashboard(deps, { intake, control, csrfSecret: csrfSecret(opts) }));

  app.use(notFound);
  app.use(errorMiddleware);
  return app;
}

/** Shared by every API replica without coordination: derived from secrets they all have. */
function csrfSecret(opts: WebOptions): string {
  return createHash('sha256')
    .update(['dashboard-csrf', opts.adminPassword, ...opts.adminApiKeys].join('\n'))
    .digest('hex');
}
