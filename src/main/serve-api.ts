import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from '../container';
import { createApp } from '../web/app';
import { createRateLimits } from '../web/rate-limit';

function listenError(err: Error, port: number): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new Error(`port ${port} is in use (set PORT to a free one)`);
  if (code === 'EACCES') return new Error(`port ${port} needs privileges this process does not have`);
  return err;
}

/**
 * How long an idle kept-alive connection stays open. Node's default (5 s) lets the server close a connection just
 * as a client sends its next request on it: the client reads ECONNRESET, and Twilio does not retry a TwiML fetch
 * (`bench:dial` lost 4 of 3,000 so, in one second). Clients and load balancers close idle connections sooner than
 * this (an AWS load balancer after 60 s), so the race is theirs to avoid; headers must be allowed longer still.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const CLOSE_SWEEP_MS = 250;

/**
 * Binds `port` (0: a free one) with nothing attached yet, for a caller that needs the address before it can
 * build the app (the demo's webhook URLs). Node reports a failed bind as an 'error' event, never as a listening
 * server: a port another program holds is refused here rather than shared.
 */
export async function bindPort(port: number): Promise<Server> {
  const server = createServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(listenError(err, port)));
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}

/** The API on `at`: a port to bind (0: a free one), or a server from bindPort. */
export async function startApiServer(
  c: Container,
  at: number | Server,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const app = createApp(c.deps, {
    apiKeys: c.config.API_KEYS,
    adminApiKeys: c.config.ADMIN_API_KEYS,
    adminUser: c.config.ADMIN_USER,
    adminPassword: c.config.ADMIN_PASSWORD,
    dashboardUsers: c.config.DASHBOARD_USERS,
    callTraces: c.callTraces,
    queues: c.queues.all(),
    trustProxy: c.config.TRUST_PROXY,
    rateLimits: createRateLimits(c.redis, c.config.QUEUE_PREFIX, {
      perMinute: c.config.RATE_LIMIT_PER_MINUTE,
      authFailures: c.config.AUTH_FAILURE_LIMIT,
    }),
    health: () => c.health(),
    load: c.reporting,
  });
  const server = typeof at === 'number' ? await bindPort(at) : at;
  server.on('request', app);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // close() ends the connections idle at that moment; one still answering would stay open for the whole
        // keep-alive time once its answer is sent.
        const sweep = setInterval(() => server.closeIdleConnections(), CLOSE_SWEEP_MS);
        server.once('close', () => clearInterval(sweep));
      }),
  };
}
