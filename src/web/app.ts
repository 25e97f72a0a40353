import express, { type Express } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Deps } from '../services/deps';
import { createComplianceGate } from '../services/compliance-gate';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { createDncService } from '../services/dnc-service';
import { createLeadIntake } from '../services/lead-intake';
import { createCampaignControl } from '../services/campaign-control';
import { basicAuth, requireApiKey } from './auth';
import { errorMiddleware, notFound, requestId } from './error.middleware';
import { createMetrics } from './metrics';
import { campaignsRouter } from './routes/campaigns.routes';
import { callsRouter } from './routes/calls.routes';
import { leadsRouter } from './routes/leads.routes';
import { complianceRouter } from './routes/compliance.routes';
import { eventsRouter } from './routes/events.routes';
import { twilioWebhooksRouter } from './webhooks/twilio.webhooks';
import { elevenLabsWebhooksRouter } from './webhooks/elevenlabs.webhooks';
import { openApiDocument } from './openapi';

export interface WebOptions {
  apiKeys: string[];
  adminApiKeys: string[];
  adminUser: string;
  adminPassword: string;
  queues: Queue[];
  /** Answers whether Redis and MongoDB are reachable, for /health. */
  health: () => Promise<Record<string, boolean>>;
}

export function createApp(deps: Deps, opts: WebOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const metrics = createMetrics(opts.queues);
  app.use(requestId, metrics.countResponses);

  app.get('/health', async (_req, res) => {
    const checks = await opts.health();
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: opts.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  app.use('/admin/queues', basicAuth(opts.adminUser, opts.adminPassword), board.getRouter());

  app.use('/webhooks/twilio', twilioWebhooksRouter(deps));
  app.use('/webhooks/elevenlabs', elevenLabsWebhooksRouter(deps));

  const lifecycle = createLeadLifecycle(deps);
  const intake = createLeadIntake(deps);
  const api = express.Router();
  api.use(requireApiKey(opts.apiKeys, opts.adminApiKeys));
  api.use('/campaigns', campaignsRouter(deps, intake, createCampaignControl(deps, lifecycle, intake)));
  api.use('/calls', callsRouter(deps));
  api.use('/leads', leadsRouter(deps));
  api.use(complianceRouter(deps, createComplianceGate(deps), createDncService(deps, lifecycle)));
  api.use(eventsRouter(deps));
  app.use('/api', api);

  app.use(notFound);
  app.use(errorMiddleware);
  return app;
}
