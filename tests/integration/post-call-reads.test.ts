import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { callRecord } from '../support/call-record';
import { createPostCallProcessor } from '../../src/processors/post-call.processor';
import { DeferJob } from '../../src/queues/process-job';
import type { Conversation } from '../../src/ports/voice-agent.port';
import { OPEN_LEAD_STATUSES } from '../../src/domain/lead';
import { calleeOf } from '../../src/domain/call-context';

/**
 * A post-call run reads the call once, with the conversation a webhook left on it, and reads the lead and the
 * campaign only when it has something to decide: most calls' first run finds the transcript not ready yet.
 */
describe('post-call job reads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => jest.restoreAllMocks());

  /**
   * A call a person answered and the agent joined, ended now, with no transcript stored yet; stored with its
   * callee as the dial job stores it, or (`callee: false`) without, as calls placed before it was kept.
   */
  async function endedCall(name: string, conversationId: string, opts = { callee: true }) {
    const { campaignId } = await oneLeadCampaign(h, name);
    const [lead] = await h.api.deps.leads.listByCampaign(campaignId, { limit: 1 });
    // As the dial job leaves it: the post-call job decides only a lead still on this attempt.
    await h.api.deps.leads.transition(lead!.id, OPEN_LEAD_STATUSES, { status: 'dialing', attempts: 1 });
    const now = h.clock.now();
    const callId = `call-${name}`;
    await h.api.deps.calls.createForAttempt(
      callRecord({ callId, attemptId: `${name}-a1` }, now, {
        leadId: lead!.id,
        campaignId,
        to: lead!.phone,
        status: 'in-progress',
        timeline: [{ status: 'in-progress', at: now, source: 'twilio:connect' }],
        twilio: { callSid: `CA${name}`, answeredBy: 'human' },
        elevenlabs: { conversationId },
      }),
      opts.callee ? calleeOf(lead!) : undefined,
    );
    expect((await h.api.deps.calls.claimConnect(callId, now)).claimed).toBe(true);
    await h.api.deps.calls.advance(callId, 'completed', now, 'twilio:status', { durationSec: 30 }, []);
    return { callId, leadId: lead!.id };
  }

  function spies() {
    const deps = h.api.deps;
    return {
      callReads: jest.spyOn(deps.calls, 'getWithConversation'),
      plainCallReads: jest.spyOn(deps.calls, 'get'),
      leadReads: jest.spyOn(deps.leads, 'get'),
      askedElevenLabs: jest.spyOn(deps.voiceAgent, 'getConversation'),
    };
  }

  it('waits for a transcript not ready with one read of the call and none of the lead', async () => {
    // ElevenLabs does not know this conversation yet: the job waits (the agent did join: its TwiML was asked for).
    const { callId } = await endedCall('waiting', 'conv_not_yet_known');
    const read = spies();
    const run = createPostCallProcessor(h.api.deps);
    await expect(run({ callId }, { jobId: `post-${callId}`, attemptsMade: 0 })).rejects.toBeInstanceOf(
      DeferJob,
    );
    expect(read.callReads).toHaveBeenCalledTimes(1);
    expect(read.plainCallReads).not.toHaveBeenCalled();
    expect(read.askedElevenLabs).toHaveBeenCalledTimes(1);
    expect(read.leadReads).not.toHaveBeenCalled();
  });

  it.each([
    ['its callee, and reads no lead', true, 0],
    ['no callee (placed before it was kept), and reads the lead', false, 1],
  ])(
    'analyses a conversation a webhook stored, reading the call once and asking ElevenLabs nothing: a call with %s',
    async (_, callee, leadReads) => {
      const name = callee ? 'received' : 'received-old';
      const { callId, leadId } = await endedCall(name, `conv_${name}`, { callee });
      const conversation: Conversation = {
        conversationId: `conv_${name}`,
        status: 'done',
        callSid: `CA${name}`,
        callId,
        transcript: [
          { role: 'agent', message: 'Hi, this is Ava about your home on Main Street.', timeInCallSecs: 1 },
          { role: 'user', message: 'No thanks, I am not interested in selling.', timeInCallSecs: 4 },
        ],
        summary: 'The owner is not interested in selling.',
        callSuccessful: 'failure',
        durationSec: 30,
        analysis: { dataCollection: {}, evaluation: {} },
        language: 'en',
      };
      expect(await h.api.deps.calls.attachConversation(callId, conversation)).toBe(true);
      const read = spies();
      const run = createPostCallProcessor(h.api.deps);
      await expect(run({ callId }, { jobId: `post-${callId}`, attemptsMade: 0 })).resolves.toEqual({
        outcome: 'not_interested',
      });
      expect(read.callReads).toHaveBeenCalledTimes(1);
      expect(read.plainCallReads).not.toHaveBeenCalled();
      expect(read.askedElevenLabs).not.toHaveBeenCalled();
      expect(read.leadReads).toHaveBeenCalledTimes(leadReads);
      expect((await h.api.deps.leads.get(leadId))?.lastOutcome).toBe('not_interested');
    },
  );
});
