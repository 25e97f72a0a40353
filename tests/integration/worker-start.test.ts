import { startHarness, type Harness } from '../support/harness';
import { buildContainer } from '../../src/container';
import { startWorkers } from '../../src/main/start-workers';
import { waitFor } from '../support/wait';

describe('a dial worker starting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('removes a limit on how fast dial jobs start that an earlier version left in Redis', async () => {
    // Such a limit held the jobs whose pacing turn had come behind jobs that had not run yet.
    await h.api.queues.dial.setGlobalRateLimit(1, 1000);
    expect(await h.api.queues.dial.getGlobalRateLimit()).toMatchObject({ max: 1 });
    const worker = await buildContainer(h.config, 'worker', h.clock);
    const workers = startWorkers(worker);
    try {
      await waitFor(
        'the limit removed',
        async () => ((await h.api.queues.dial.getGlobalRateLimit()) === null ? true : undefined),
        10_000,
        50,
      );
    } finally {
      await workers.close();
      await worker.close();
    }
  });
});
