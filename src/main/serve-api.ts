import type { Server } from 'node:http';
import type { Container } from '../container';
import { createApp } from '../web/app';
import { createRateLimits } from '../web/rate-limit';

function listenError(err: Error, port: number): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new Error(`port ${port} is in use (set PORT to a free one)`);
  if (code === 'EACCES') return new Error(`port ${port} needs privileges this process does not have`);
  return err;
}

export async function startApiServer(
  c: Container,
  port: number,
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
  // Express 5 hands a failed bind to the listen callback: without this check the API would "start" on a port
  // another program holds, and every request would go to that program.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, '0.0.0.0', (err?: Error) =>
      err ? reject(listenError(err, port)) : resolve(s),
    );
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
