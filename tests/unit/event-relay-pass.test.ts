import { collectPending, relayOnce } from '../../src/services/event-relay';
import type { EventOutbox } from '../../src/ports/repositories.port';

/** An outbox whose collect answers the given event counts in turn, counting its calls. */
function scriptedOutbox(batches: number[]) {
  const asked: number[] = [];
  const outbox = {
    collect: async (limit: number) => {
      asked.push(limit);
      return batches.shift() ?? 0;
    },
  } as unknown as EventOutbox;
  return { outbox, asked };
}

const clock = { now: () => new Date('2026-03-04T19:00:00Z') };

describe('a relay pass', () => {
  it('collects once when the batch is short of the limit, not again to find the owners empty', async () => {
    const { outbox, asked } = scriptedOutbox([37, 0]);
    await relayOnce(outbox, null, clock);
    expect(asked).toEqual([200]);
  });

  it('collects again while a batch is full, until one is short of it', async () => {
    const { outbox, asked } = scriptedOutbox([200, 230, 5, 0]);
    await relayOnce(outbox, null, clock);
    expect(asked).toHaveLength(3);
  });
});

describe('collecting pending events with a bound (GET /api/events)', () => {
  it('stops at the bound and says that events were left on their documents', async () => {
    const { outbox, asked } = scriptedOutbox([200, 200, 200, 200]);
    expect(await collectPending(outbox, 3)).toEqual({ moved: 600, complete: false });
    expect(asked).toHaveLength(3);
  });

  it('is complete when a batch short of the limit comes within the bound', async () => {
    const { outbox, asked } = scriptedOutbox([200, 12, 200]);
    expect(await collectPending(outbox, 3)).toEqual({ moved: 212, complete: true });
    expect(asked).toHaveLength(2);
  });
});
