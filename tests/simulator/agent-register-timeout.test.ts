import { startSimulator, type Simulator } from '../../src/simulator';
import { createElevenLabsClient } from '../../src/adapters/elevenlabs/elevenlabs-client';
import { ElevenLabsVoiceAgent } from '../../src/adapters/elevenlabs/elevenlabs.adapter';
import { ACCOUNT_SID, API_KEY, AUTH_TOKEN, FROM, WEBHOOK_SECRET } from './support';

/**
 * Register-call answers into the TwiML Twilio waits 15 s for: the adapter stops waiting for a slow one (the SDK's
 * default would wait 240 s), so the connect webhook can still answer Twilio, with its polite hang-up.
 */
describe('register-call that ElevenLabs answers late', () => {
  let sim: Simulator;
  const agentWithin = (timeoutSec: number) =>
    new ElevenLabsVoiceAgent(
      createElevenLabsClient({ apiKey: API_KEY, baseUrl: sim.url }),
      { secret: WEBHOOK_SECRET, toleranceSec: 1800, nowMs: () => Date.now() },
      timeoutSec,
    );
  const register = (agent: ElevenLabsVoiceAgent) =>
    agent.registerCall({ agentId: 'agent_1', from: FROM, to: '+13125550123', dynamicVariables: {} });

  beforeAll(async () => {
    sim = await startSimulator({
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      elevenLabs: { apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, agentVariables: [] },
    });
  });
  afterAll(() => sim.close());

  it('is given up by the adapter once its time is up, and the next one is taken', async () => {
    sim.stallNextRegisterCalls(1, 4000);
    await expect(register(agentWithin(1))).rejects.toThrow(/time/i);
    expect(await register(agentWithin(1))).toContain('<Stream');
  });

  it('is waited for while it comes within the time', async () => {
    sim.stallNextRegisterCalls(1, 300);
    expect(await register(agentWithin(2))).toContain('<Stream');
  });
});
