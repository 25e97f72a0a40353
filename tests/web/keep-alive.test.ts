import { Agent, request } from 'node:http';
import { startHarness, type Harness } from '../support/harness';

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
});
