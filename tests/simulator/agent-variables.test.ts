import { startSimulator, type Simulator } from '../../src/simulator';
import { createElevenLabsClient } from '../../src/adapters/elevenlabs/elevenlabs-client';
import { ElevenLabsVoiceAgent } from '../../src/adapters/elevenlabs/elevenlabs.adapter';
import { ACCOUNT_SID, API_KEY, AUTH_TOKEN, FROM, WEBHOOK_SECRET } from './support';

/** ElevenLabs fails a conversation that starts without a variable its prompt references; so does the simulator. */
describe('simulator: the dynamic variables an agent needs', () => {
  let sim: Simulator;
  let agent: ElevenLabsVoiceAgent;

  beforeAll(async () => {
    sim = await startSimulator({
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      elevenLabs: {
        apiKey: API_KEY,
        webhookSecret: WEBHOOK_SECRET,
        agentVariables: ['first_name', 'call_id'],
      },
    });
    agent = new ElevenLabsVoiceAgent(createElevenLabsClient({ apiKey: API_KEY, baseUrl: sim.url }), {
      secret: WEBHOOK_SECRET,
      toleranceSec: 1800,
      nowMs: () => Date.now(),
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  const register = (dynamicVariables: Record<string, string | number | boolean>, overrides = {}) =>
    agent.registerCall({ agentId: 'agent_1', from: FROM, to: '+13125550123', dynamicVariables, overrides });

  it('takes a call with every variable, and keeps what it was given (variables and overrides)', async () => {
    const twiml = await register({ first_name: 'Maria', call_id: 'call-1', city: '' }, { language: 'es' });
    expect(twiml).toContain('<Stream');
    const [conversation] = sim.conversations();
    expect(conversation).toMatchObject({
      agentId: 'agent_1',
      dynamicVariables: { first_name: 'Maria', call_id: 'call-1', city: '' },
      configOverride: { agent: { language: 'es' } },
    });
  });

  it('refuses a call without one, naming it, and counts it; no override means none sent', async () => {
    await expect(register({ call_id: 'call-2' })).rejects.toThrow(/first_name/);
    expect(sim.stats().conversationsRefused).toBe(1);
    sim.setAgentVariables(['call_id']);
    await register({ call_id: 'call-3' });
    expect(sim.conversations().at(-1)).toMatchObject({ configOverride: null });
    expect(sim.stats().conversationsRefused).toBe(1);
  });
});
