import { randomBytes } from 'node:crypto';
import { JobQueues } from '../../src/queues/job-queues';
import { Worker } from 'bullmq';
import { jobIds } from '../../src/queues/payloads';
import { QUEUE_NAMES } from '../../src/queues/names';
import { deleteKeys, testRedis } from '../support/redis';

/** One post-call run per transcript: the call's waiting job is woken rather than joined by a second job. */
describe('enqueueTranscript on real BullMQ queues', () => {
  const prefix = `test-transcript-jobs-${randomBytes(4).toString('hex')}`;
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const own = testRedis();
  const queues = new JobQueues(connection, prefix, own);
  const state = async (jobId: string) => (await queues.postCall.getJob(jobId))?.getState() ?? 'absent';

  afterAll(async () => {
    await Promise.all(queues.all().map((q) => q.close()));
    await deleteKeys(prefix);
    own.disconnect();
  });

  it('wakes the call job waiting for its transcript and queues nothing more', async () => {
    await queues.postCall.add(
      'post-call',
      { callId: 'call-a' },
      { jobId: jobIds.postCall('call-a'), delay: 60_000 },
    );
    await queues.enqueueTranscript({ callId: 'call-a' }, 'v1');
    expect(await state(jobIds.postCall('call-a'))).toBe('waiting');
    expect(await state(jobIds.transcript('call-a', 'v1'))).toBe('absent');
  });

  it('keeps a post-call job queued for later waiting, unless it is asked for again now', async () => {
    await queues.enqueuePostCall({ callId: 'call-later' }, 60_000);
    expect(await state(jobIds.postCall('call-later'))).toBe('delayed');
    await queues.enqueuePostCall({ callId: 'call-later' }, 60_000);
    expect(await state(jobIds.postCall('call-later'))).toBe('delayed');
    await queues.enqueuePostCall({ callId: 'call-later' });
    expect(await state(jobIds.postCall('call-later'))).toBe('waiting');
  });

  it('leaves a call job that has yet to run to read the transcript itself', async () => {
    await queues.postCall.add('post-call', { callId: 'call-w' }, { jobId: jobIds.postCall('call-w') });
    await queues.enqueueTranscript({ callId: 'call-w' }, 'v1');
    expect(await state(jobIds.postCall('call-w'))).toBe('waiting');
    expect(await state(jobIds.transcript('call-w', 'v1'))).toBe('absent');
  });

  it('queues a job of the transcript version when the call job may have read the call already', async () => {
    await queues.postCall.obliterate({ force: true });
    await queues.postCall.add('post-call', { callId: 'call-b' }, { jobId: jobIds.postCall('call-b') });
    // Taken by a worker: it may have looked for the transcript before it was stored.
    const worker = new Worker(QUEUE_NAMES.postCall, null, { connection, prefix });
    try {
      expect((await worker.getNextJob('test-token'))?.id).toBe(jobIds.postCall('call-b'));
      await queues.enqueueTranscript({ callId: 'call-b' }, 'v1');
      expect(await state(jobIds.transcript('call-b', 'v1'))).toBe('waiting');
    } finally {
      await worker.close(true);
    }
    // No call job at all (its final status not seen yet): the transcript's own job does the work.
    await queues.enqueueTranscript({ callId: 'call-c' }, 'v1');
    expect(await state(jobIds.transcript('call-c', 'v1'))).toBe('waiting');
  });
});
