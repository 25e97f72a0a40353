import { createSlotWaker } from '../../src/services/slot-wakes';
import { SECOND_WAKE_AFTER_MS } from '../../src/services/held-jobs';
import { waitFor } from '../support/wait';

/** A scheduler whose dial jobs are delayed (wakeable) or not, as the test says, recording every wake asked. */
function schedulerWith(delayed: Set<string>) {
  const asked: string[][] = [];
  return {
    asked,
    async wakeDialJobs(callIds: readonly string[]) {
      asked.push([...callIds]);
      return callIds.filter((id) => !delayed.delete(id));
    },
  };
}

describe('createSlotWaker', () => {
  it('wakes the sleeping jobs at once and asks nothing more when all were waiting', async () => {
    const scheduler = schedulerWith(new Set(['call-a', 'call-b']));
    const left: string[] = [];
    createSlotWaker(scheduler, async (id) => void left.push(id))('c', ['call-a', 'call-b']);
    await waitFor('woken', async () => (scheduler.asked.length ? true : undefined), 1000, 5);
    await new Promise((r) => setTimeout(r, SECOND_WAKE_AFTER_MS + 200));
    expect(scheduler.asked).toEqual([['call-a', 'call-b']]);
    expect(left).toEqual([]);
  });

  it('tries a job that was not waiting yet once more, and gives up the place of one still not waiting', async () => {
    const delayed = new Set<string>();
    const scheduler = schedulerWith(delayed);
    const left: string[] = [];
    createSlotWaker(scheduler, async (id, campaignId) => void left.push(`${campaignId}/${id}`))('c', [
      'call-late',
      'call-gone',
    ]);
    await waitFor('first try', async () => (scheduler.asked.length ? true : undefined), 1000, 5);
    delayed.add('call-late'); // its worker has now put it back as a delayed job
    await waitFor(
      'second try',
      async () => (left.length ? true : undefined),
      SECOND_WAKE_AFTER_MS + 1000,
      20,
    );
    expect(scheduler.asked).toEqual([
      ['call-late', 'call-gone'],
      ['call-late', 'call-gone'],
    ]);
    expect(left).toEqual(['c/call-gone']);
  });

  it('never throws: a failing scheduler leaves the jobs to their own next look', async () => {
    const failing = { wakeDialJobs: () => Promise.reject(new Error('redis down')) };
    expect(() => createSlotWaker(failing, async () => undefined)('c', ['call-a'])).not.toThrow();
    await new Promise((r) => setTimeout(r, 20)); // an unhandled rejection would fail the run
  });
});
