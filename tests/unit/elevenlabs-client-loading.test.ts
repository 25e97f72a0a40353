import type { ElevenLabsVoiceAgent } from '../../src/adapters/elevenlabs/elevenlabs.adapter';

const SDK = '@elevenlabs/elevenlabs-js';
const registerCall = jest.fn(async () => '<Response/>');
const constructed: unknown[] = [];

/** A stand-in SDK whose client records each construction and answers every register-call with TwiML. */
function fakeSdk() {
  return {
    ElevenLabsClient: class {
      conversationalAi = { twilio: { registerCall } };
      constructor(opts: unknown) {
        constructed.push(opts);
      }
    },
  };
}

/** The adapter and its client module loaded afresh, with the SDK module given by `sdk`. */
function freshAgent(sdk: () => unknown): { agent: ElevenLabsVoiceAgent; loads: () => number } {
  let loads = 0;
  jest.resetModules();
  jest.doMock(SDK, () => {
    loads += 1;
    return sdk();
  });
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the SDK's mock, in a fresh registry */
  const { lazyElevenLabsClient } =
    require('../../src/adapters/elevenlabs/elevenlabs-client') as typeof import('../../src/adapters/elevenlabs/elevenlabs-client');
  const { ElevenLabsVoiceAgent: Agent } =
    require('../../src/adapters/elevenlabs/elevenlabs.adapter') as typeof import('../../src/adapters/elevenlabs/elevenlabs.adapter');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const agent = new Agent(lazyElevenLabsClient({ apiKey: 'key', baseUrl: 'http://127.0.0.1:9' }), {
    secret: 's',
    toleranceSec: 1800,
    nowMs: Date.now,
  });
  return { agent, loads: () => loads };
}

const call = { agentId: 'agent_1', from: '+13125550100', to: '+13125550123', dynamicVariables: {} };

describe('the ElevenLabs SDK is loaded on first use', () => {
  afterEach(() => {
    jest.dontMock(SDK);
    registerCall.mockClear();
    constructed.length = 0;
  });

  it('is not loaded with the adapter, then once for every call after', async () => {
    const { agent, loads } = freshAgent(fakeSdk);
    expect(loads()).toBe(0);
    await expect(agent.registerCall(call)).resolves.toBe('<Response/>');
    await agent.registerCall(call);
    expect(loads()).toBe(1);
    expect(constructed).toEqual([{ apiKey: 'key', maxRetries: 0, baseUrl: 'http://127.0.0.1:9' }]);
    expect(registerCall).toHaveBeenCalledTimes(2);
  });

  it('fails the call with a clear error when the SDK cannot load, and tries again on the next call', async () => {
    let attempt = 0;
    const { agent } = freshAgent(() => {
      attempt += 1;
      if (attempt === 1) throw new Error("Cannot find module 'form-data'");
      return fakeSdk();
    });
    await expect(agent.registerCall(call)).rejects.toThrow(
      "the ElevenLabs SDK could not be loaded: Cannot find module 'form-data'",
    );
    await expect(agent.registerCall(call)).resolves.toBe('<Response/>');
    expect(attempt).toBe(2);
  });
});
