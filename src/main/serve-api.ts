import type { Server } from 'node:http';
import type { Container } from '../container';
import { createApp } from '../web/app';

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
    health: () => c.health(),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, '0.0.0.0', () => resolve(s)).on('error', reject);
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
