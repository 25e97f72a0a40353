import { createServer, type Server } from 'node:net';
import request from 'supertest';
import type { RequestHandler } from 'express';
import { startHarness, type Harness } from '../support/harness';
import { createApp } from '../../src/web/app';
import type { HealthChecks } from '../../src/web/health.routes';
import { anyBrokerReachable } from '../../src/adapters/kafka/broker-reachable';

const passThrough: RequestHandler = (_req, _res, next) => next();

/** The app with health answers chosen by the test (the routes never touch deps). */
function appWith(checks: HealthChecks) {
  return createApp({} as never, {
    apiKeys: ['k'.repeat(16)],
    adminApiKeys: ['a'.repeat(16)],
    adminUser: 'admin',
    adminPassword: 'p'.repeat(12),
    queues: [],
    trustProxy: [],
    rateLimits: { requests: passThrough, authFailures: () => passThrough },
    health: async () => checks,
  });
}

describe('health against the real Redis and MongoDB', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers the seed shape plus every check (Kafka not configured in the harness)', async () => {
    const res = await fetch(`${h.base}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      status: 'healthy',
      service: 'dialer',
      timestamp: expect.any(String),
      mongodb: 'connected',
      checks: { redis: { status: 'up' }, mongodb: { status: 'up' }, kafka: { status: 'not_configured' } },
    });
    expect(Math.abs(Date.parse(body.timestamp as string) - Date.now())).toBeLessThan(60_000);
  });

  it('is live and ready', async () => {
    expect((await fetch(`${h.base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${h.base}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});

describe('health while a dependency is down', () => {
  it('MongoDB down: 503, seed fields say so, not ready, still live', async () => {
    const app = appWith({ redis: true, mongodb: false, kafka: null });
    const health = await request(app).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'unhealthy',
      mongodb: 'disconnected',
      checks: { mongodb: { status: 'down' }, redis: { status: 'up' } },
    });
    const ready = await request(app).get('/health/ready');
    expect([ready.status, ready.body]).toEqual([503, { status: 'not_ready', failing: ['mongodb'] }]);
    expect((await request(app).get('/health/live')).status).toBe(200);
  });

  it('Redis down: not ready', async () => {
    const ready = await request(appWith({ redis: false, mongodb: true, kafka: true })).get('/health/ready');
    expect([ready.status, ready.body]).toEqual([503, { status: 'not_ready', failing: ['redis'] }]);
  });

  it('Kafka down alone: still healthy and ready (events wait in the outbox), reported as down', async () => {
    const app = appWith({ redis: true, mongodb: true, kafka: false });
    const health = await request(app).get('/health');
    expect([health.status, health.body.status, health.body.checks.kafka]).toEqual([
      200,
      'healthy',
      { status: 'down' },
    ]);
    expect((await request(app).get('/health/ready')).status).toBe(200);
  });
});

describe('Kafka broker probe', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is up when one broker accepts a connection, down when none does', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    expect(await anyBrokerReachable([`127.0.0.1:${closed}`, `127.0.0.1:${port}`])).toBe(true);
    expect(await anyBrokerReachable([`127.0.0.1:${closed}`])).toBe(false);
  });
});
