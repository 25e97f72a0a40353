import { randomBytes } from 'node:crypto';
import { JobQueues } from '../../src/queues/job-queues';
import { attemptIdOf, callIdOf, jobIds } from '../../src/queues/payloads';
import { KILL_SWITCH_SCOPE } from '../../src/ports/work-scheduler.port';
import { RedisKillSwitch } from '../../src/adapters/redis/dial-permits.redis';
import { SECOND_WAKE_AFTER_MS, setKillSwitch } from '../../src/services/held-jobs';
import { deleteKeys, testRedis } from '../support/redis';

/** Jobs held back by a pause or the kill switch, noted in Redis and woken at once when it ends. */
describe('held jobs on real BullMQ queues', () => {
  const prefix = `test-held-jobs-${randomBytes(4).toString('hex')}`;
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const own = testRedis();
  const queues = new JobQueues(connection, prefix, own);
  const dialJob = (leadId: string) => ({ queue: 'dial' as const, leadId, attemptNumber: 1 });
  const addDelayedDial = (leadId: string) =>
    queues.dial.add(
      'dial',
      { leadId, campaignId: 'camp-1', attemptNumber: 1, override: null, complianceRecordId: 'chk' },
      { jobId: jobIds.dial(leadId, 1), delay: 600_000 },
    );
  const dialState = async (leadId: string) =>
    (await queues.dial.getJob(jobIds.dial(leadId, 1)))?.getState() ?? 'absent';

  afterAll(async () => {
    await new Promise((r) => setTimeout(r, SECOND_WAKE_AFTER_MS + 200)); // the kill switch's second look
    await queues.close();
    await deleteKeys(prefix);
    own.disconnect();
  });

  it('answers how long a job has been held since its first note', async () => {
    expect(await queues.holdUntilResumed('camp-hold', dialJob('lead-h'))).toBe(0);
    await new Promise((r) => setTimeout(r, 120));
    const heldFor = await queues.holdUntilResumed('camp-hold', dialJob('lead-h'));
    expect(heldFor).toBeGreaterThanOrEqual(100);
    expect(heldFor).toBeLessThan(5_000);
    // Another job of the same scope has its own count.
    expect(await queues.holdUntilResumed('camp-hold', dialJob('lead-other'))).toBe(0);
  });

  it('wakes the delayed dial jobs of calls whose turn for a slot came, by call id', async () => {
    await Promise.all(['lead-s1', 'lead-s2'].map(addDelayedDial));
    const callOf = (leadId: string) => callIdOf(attemptIdOf(leadId, 1));
    const missed = await queues.wakeDialJobs([callOf('lead-s1'), callOf('lead-none'), 'not-a-call-id']);
    expect(missed).toEqual([callOf('lead-none'), 'not-a-call-id']);
    expect([await dialState('lead-s1'), await dialState('lead-s2')]).toEqual(['waiting', 'delayed']);
    // Woken already: not delayed any more, so it is answered as missed.
    expect(await queues.wakeDialJobs([callOf('lead-s1')])).toEqual([callOf('lead-s1')]);
    await Promise.all(['lead-s1', 'lead-s2'].map((id) => queues.dial.remove(jobIds.dial(id, 1))));
  });

  it('wakes the delayed jobs of one scope only, and counts afresh after a wake', async () => {
    await Promise.all(['lead-1', 'lead-2', 'lead-3'].map(addDelayedDial));
    await queues.holdUntilResumed('camp-a', dialJob('lead-1'));
    await queues.holdUntilResumed('camp-a', dialJob('lead-2'));
    await queues.holdUntilResumed(KILL_SWITCH_SCOPE, dialJob('lead-3'));

    expect(await queues.wakeHeld('camp-a')).toEqual({ woken: 2, notWaiting: [] });
    expect([await dialState('lead-1'), await dialState('lead-2'), await dialState('lead-3')]).toEqual([
      'waiting',
      'waiting',
      'delayed',
    ]);
    expect(await queues.wakeHeld('camp-a')).toEqual({ woken: 0, notWaiting: [] });
    await new Promise((r) => setTimeout(r, 50));
    expect(await queues.holdUntilResumed('camp-a', dialJob('lead-1'))).toBe(0);

    expect(await queues.wakeHeld(KILL_SWITCH_SCOPE)).toEqual({ woken: 1, notWaiting: [] });
    expect(await dialState('lead-3')).toBe('waiting');
  });

  it('returns the held jobs that were not waiting, and wakes them when asked again once they wait', async () => {
    await queues.holdUntilResumed('camp-b', dialJob('lead-late')); // noted, not yet moved to delayed
    const first = await queues.wakeHeld('camp-b');
    expect(first).toEqual({ woken: 0, notWaiting: [dialJob('lead-late')] });
    await addDelayedDial('lead-late');
    expect(await queues.wakeHeld('camp-b', first.notWaiting)).toEqual({ woken: 1, notWaiting: [] });
    expect(await dialState('lead-late')).toBe('waiting');
  });

  it('releasing the kill switch wakes the dial jobs it held; engaging it wakes nothing', async () => {
    const killSwitch = new RedisKillSwitch(own, prefix);
    await addDelayedDial('lead-killed');
    await setKillSwitch({ killSwitch, scheduler: queues }, true);
    await queues.holdUntilResumed(KILL_SWITCH_SCOPE, dialJob('lead-killed'));
    await new Promise((r) => setTimeout(r, 200));
    expect(await dialState('lead-killed')).toBe('delayed');

    await setKillSwitch({ killSwitch, scheduler: queues }, false);
    expect(await killSwitch.isEngaged()).toBe(false);
    const deadline = Date.now() + 2_000;
    while ((await dialState('lead-killed')) === 'delayed' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(await dialState('lead-killed')).toBe('waiting');
  });

  it('wakes more jobs than one batch holds', async () => {
    const leads = Array.from({ length: 1_100 }, (_, i) => `lead-many-${i}`);
    await Promise.all(leads.map(addDelayedDial));
    await Promise.all(leads.map((id) => queues.holdUntilResumed('camp-many', dialJob(id))));
    expect(await queues.wakeHeld('camp-many')).toEqual({ woken: 1_100, notWaiting: [] });
    expect(await queues.dial.getDelayedCount()).toBe(0);
  });
});
