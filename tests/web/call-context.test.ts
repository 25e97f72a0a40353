import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { campaignBody, consentFields, expectError, importRegistry, jsonLead, phoneFor } from './web-support';

interface Upload {
  accepted: number;
  leadIds: string[];
  rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
}

/**
 * What the agent knows before it speaks: the campaign's script and the lead's fields reach ElevenLabs (here the
 * simulator, whose agent prompt references variables it refuses to start without) when the call is answered.
 */
describe('call context: campaign script, lead fields and language at call start', () => {
  let h: Harness;

  const script = {
    approachStrategy: 'Curious and unhurried: ask about their plans for the house first.',
    talkingPoints: ['Cash offer within 48 hours', 'We buy as is'],
    objectionHandling: [{ objection: 'the price is too low', response: 'Offer a free second valuation.' }],
    firstMessage: 'Hola {{first_name}}, le llamo por {{property_address}}.',
    language: 'en',
  };

  beforeAll(async () => {
    h = await startHarness({
      workers: true,
      profile: { answerRate: 1, busyRate: 0, noAnswerRate: 0, failedRate: 0, machineRate: 0 },
    });
    await importRegistry(h);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a campaign with a script: its variables and overrides reach the agent; the lead language wins', async () => {
    h.sim.setAgentVariables([
      'first_name',
      'property_address',
      'city',
      'approach_strategy',
      'talking_points',
      'objection_handling',
      'language',
      'call_id',
    ]);
    const campaign = await h.client.createCampaign(
      campaignBody('context', { agent: { requiredVariables: ['city'] }, script }),
    );
    const res = await h.client.call<Upload>('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: {
        leads: [
          { ...jsonLead(h, phoneFor(71, 0), 'Lucia'), city: 'Chicago', language: 'ES' },
          // No city although the agent needs it, then no property address although the first message uses it.
          jsonLead(h, phoneFor(71, 1), 'NoCity'),
          { ...jsonLead(h, phoneFor(71, 2), 'NoProperty'), city: 'Chicago', property_address: '' },
          { ...jsonLead(h, phoneFor(71, 3), 'BadLanguage'), city: 'Chicago', language: 'Spanish' },
        ],
      },
    });
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => [r.row, r.errors.map((e) => e.field)])).toEqual([
      [2, ['city']],
      [3, ['property_address']],
      [4, ['language']],
    ]);
    expect(res.body.rejected[0]!.errors[0]!.reason).toContain('{{city}}');

    await h.client.control(campaign.id, 'start');
    const callId = `call-${res.body.leadIds[0]}-a1`;
    const conversation = await waitFor('the conversation registered', async () =>
      h.sim.conversations().find((c) => c.dynamicVariables.call_id === callId),
    );
    expect(conversation.dynamicVariables).toMatchObject({
      first_name: 'Lucia',
      city: 'Chicago',
      property_address: '12 Oak St',
      approach_strategy: script.approachStrategy,
      talking_points: '1. Cash offer within 48 hours\n2. We buy as is',
      objection_handling: 'If they say "the price is too low": Offer a free second valuation.',
      language: 'es',
    });
    expect(conversation.configOverride).toEqual({
      agent: { first_message: script.firstMessage, language: 'es' },
    });
    await waitFor('the call analysed', async () => {
      const t = await h.client.call('GET', `/api/calls/${callId}/transcript`);
      return t.status === 200 ? true : undefined;
    });
    expect(h.sim.stats().conversationsRefused).toBe(0);
  }, 60_000);

  it('a CSV language column is read per lead', async () => {
    const campaign = await h.client.createCampaign(campaignBody('csv language'));
    const consent = consentFields(h);
    const header = ['phone', 'first_name', 'language', ...Object.keys(consent)].join(',');
    const row = (phone: string, language: string) =>
      [phone, 'Ana', language, ...Object.values(consent)].join(',');
    const res = await h.client.uploadCsv(
      campaign.id,
      `${header}\n${row(phoneFor(72, 0), 'es')}\n${row(phoneFor(72, 1), 'xx-yyy')}\n`,
    );
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { row: 3, errors: [{ field: 'language', reason: expect.any(String) }] },
    ]);
    const { leads } = await h.client.leads(campaign.id);
    expect((leads[0] as unknown as { language: string }).language).toBe('es');
  });

  it('a campaign naming a variable no lead can give, or a bad script, is a 400 naming the field', async () => {
    const create = (body: Record<string, unknown>) =>
      h.client.call('POST', '/api/campaigns', { body: campaignBody('bad', body) });
    expectError(
      await create({ agent: { requiredVariables: ['mood'] } }),
      400,
      'VALIDATION_FAILED',
      'agent.requiredVariables.0',
    );
    expectError(
      await create({ script: { firstMessage: 'Hi {{nickname}}' } }),
      400,
      'VALIDATION_FAILED',
      'script.firstMessage',
    );
    expectError(await create({ script: { tone: 'warm' } }), 400, 'VALIDATION_FAILED', 'script.tone');
  });
});
