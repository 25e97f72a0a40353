import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * A worker has no HTTP server of its own: this one answers GET /metrics (and nothing else) so that Prometheus
 * scrapes every replica directly, with no shared store in between whose figures would go stale with a dead
 * process. Port 0 takes a free one (tests); the port bound is returned.
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
