import { startHarness, type Harness } from '../support/harness';

describe('GET /health', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workers: true });
  });
  afterAll(() => h.close());

  it('serves health with Redis and MongoDB up', async () => {
    const res = await fetch(`${h.base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { redis: true, mongodb: true } });
  });
});
