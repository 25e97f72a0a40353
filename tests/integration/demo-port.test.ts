import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { withDatabase } from '../support/processes';
import { waitFor } from '../support/wait';

const root = path.join(__dirname, '../..');
/** `npm run demo` as package.json has it: a build step, then node with its flags on the built entry point. */
const [build, run] = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { demo: string } }
).scripts.demo
  .split(' && ')
  .map((command) => command.split(' ').slice(1)); // each starts with `node`

/** `npm run demo` on a port another program holds (item 18): a clear failure, no request to that program. */
describe('demo on a port in use', () => {
  let stranger: Server;
  let port: number;
  let requests = 0;

  beforeAll(async () => {
    execFileSync(process.execPath, build!, { cwd: root, stdio: 'pipe' });
    stranger = createServer((_req, res) => {
      requests++;
      res.writeHead(401).end('not yours');
    });
    await new Promise<void>((resolve) => stranger.listen(0, '0.0.0.0', resolve));
    port = (stranger.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

  function demo(demoPort: number, db: string) {
    const child = spawn(process.execPath, run!, {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(demoPort),
        MONGODB_URI: withDatabase(process.env.MONGODB_URI!, `${db}-${process.pid}`),
        KAFKA_BROKERS: '127.0.0.1:1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    child.stdout.on('data', (d) => (output.text += String(d)));
    child.stderr.on('data', (d) => (output.text += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, output, exited };
  }

  it('exits 1 saying "port N is in use", and never talks to the program on that port', async () => {
    const { output, exited } = demo(port, 'demo-port');
    const code = await exited;
    expect([code, output.text]).toEqual([1, expect.stringContaining(`port ${port} is in use`)]);
    expect(requests).toBe(0);
  });

  it('runs on a free port with PORT=0: its webhook URLs and its own client use the port it got', async () => {
    const { child, output, exited } = demo(0, 'demo-port-0');
    try {
      await waitFor(
        'the sample leads uploaded',
        async () => {
          if (child.exitCode !== null) throw new Error(`demo exited ${child.exitCode}: ${output.text}`);
          return /uploaded: \d+ leads accepted/.test(output.text) ? true : undefined;
        },
        60_000,
      );
    } finally {
      child.kill('SIGTERM');
    }
    // Stopped while it polls its campaign: a clean shutdown, not a failure of the request the stop cut short.
    expect(await exited).toBe(0);
    const bound = Number(/dialer demo — API http:\/\/127\.0\.0\.1:(\d+)/.exec(output.text)?.[1]);
    expect(bound).toBeGreaterThan(0);
    expect(output.text).not.toContain('demo failed');
  }, 90_000);
});
