import { Router } from 'express';

/** A dependency's reachability; null = not configured (Kafka without KAFKA_BROKERS). */
export type HealthChecks = Record<string, boolean | null>;

/** Without these the API cannot answer: readiness and the seed's `status` follow them; the rest only inform. */
const REQUIRED = ['redis', 'mongodb'] as const;

function checkState(ok: boolean | null | undefined): 'up' | 'down' | 'not_configured' {
  return ok === null || ok === undefined ? 'not_configured' : ok ? 'up' : 'down';
}

/**
 * `/health` in the seed's shape (`status`, `service`, `timestamp`, `mongodb`) plus every check;
 * `/health/live` answers while the process does; `/health/ready` is 503 while Redis or MongoDB is down.
 */
export function healthRouter(service: string, health: () => Promise<HealthChecks>): Router {
  const r = Router();
  const ready = (checks: HealthChecks) => REQUIRED.every((name) => checks[name] === true);

  r.get('/health', async (_req, res) => {
    const checks = await health();
    const ok = ready(checks);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'healthy' : 'unhealthy',
      service,
      timestamp: new Date().toISOString(),
      mongodb: checks.mongodb ? 'connected' : 'disconnected',
      checks: Object.fromEntries(
        Object.entries(checks).map(([name, v]) => [name, { status: checkState(v) }]),
      ),
    });
  });
  r.get('/health/live', (_req, res) => {
    res.json({ status: 'alive' });
  });
  r.get('/health/ready', async (_req, res) => {
    const checks = await health();
    const ok = ready(checks);
    const failing = REQUIRED.filter((name) => checks[name] !== true);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', ...(ok ? {} : { failing }) });
  });
  return r;
}
