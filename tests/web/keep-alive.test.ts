import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { startHarness, type Harness } from '../support/harness';
import { startApiServer } from '../../src/main/serve-api';

/**
 * A client that keeps a connection open (Twilio's webhook requests, a load balancer) may send its next request on
 * it after a quiet spell: the API must not have closed it meanwhile, as node's default 5 s would, since a request
 * sent just as the server closes its connection is reset (and Twilio does not retry a TwiML fetch).
 */
describe('kept-alive connections to the API', () => {
  let h: Harness;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    agent.destroy();
    await h.close();
  });

  /** GET /health through the agent: its status and the local port of the connection that carried it. */
  const health = () =>
    new Promise<{ status: number; localPort: number | undefined }>((resolve, reject) => {
      const req = request(`${h.base}/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort: req.socket?.localPort }));
      });
      req.on('error', reject);
      req.end();
    });

  it('stays open past 5 s idle, and the next request goes over it', async () => {
    const first = await health();
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const second = await health();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.localPort).toBe(first.localPort);
  }, 20_000);

  // Without the server's sweep after close(), the connection below kept it open 66 s, past this test's timeout.
  it('lets a shutdown end a kept-alive connection once the request it was carrying is answered', async () => {
    const server = await startApiServer(h.api, 0);
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    // A request under way when the shutdown begins: its last header line comes after close() was called.
    socket.write('GET /health HTTP/1.1\r\nHost: dialer\r\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write('Connection: keep-alive\r\n\r\n');
    await closed;
    await ended;
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  }, 20_000);
});
