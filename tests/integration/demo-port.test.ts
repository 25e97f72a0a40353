import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { withDatabase } from '../support/processes';

/** `npm run demo` on a port another program holds (item 18): a clear failure, no request to that program. */
describe('demo on a port in use', () => {
  let stranger: Server;
  let port: number;
  let requests = 0;

  beforeAll(async () => {
    stranger = createServer((_req, res) => {
      requests++;
      res.writeHead(401).end('not yours');
    });
    await new Promise<void>((resolve) => stranger.listen(0, '0.0.0.0', resolve));
    port = (stranger.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

  it('exits 1 saying "port N is in use", and never talks to the program on that port', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../../src/main/demo.ts')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          MONGODB_URI: withDatabase(process.env.MONGODB_URI!, `demo-port-${process.pid}`),
          KAFKA_BROKERS: '127.0.0.1:1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect([code, out]).toEqual([1, expect.stringContaining(`port ${port} is in use`)]);
    expect(requests).toBe(0);
  });
});
