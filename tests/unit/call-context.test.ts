import {
  buildCallContext,
  CONTEXT_VARIABLES,
  MAX_VARIABLE_CHARS,
  missingVariables,
  referencedVariables,
  requiredVariablesOf,
} from '../../src/domain/call-context';
import type { CallScript, Campaign } from '../../src/domain/campaign';
import type { Lead } from '../../src/domain/lead';
import { createCampaignSchema } from '../../src/web/schemas';

const lead: Lead = {
  id: 'lead_1',
  campaignId: 'cmp_1',
  phone: '+13125550123',
  firstName: 'Maria',
  lastName: 'Garcia',
  email: null,
  address: { street: '12 Oak St', city: 'Chicago', state: 'IL', zip: null },
  timeZone: null,
  propertyAddress: '12 Oak St, Chicago',
  consentId: null,
  status: 'new',
  attempts: 0,
  lastOutcome: null,
  blockedReasons: [],
  rowNumber: 2,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const script: CallScript = {
  approachStrategy: 'Empathetic; ask about their plans before any offer.',
  talkingPoints: ['Cash offer within 48 hours', 'No repairs needed'],
  objectionHandling: [{ objection: 'not interested', response: 'Ask whether a later time suits them.' }],
  firstMessage: 'Hi {{first_name}}, this is Sarah about {{property_address}}.',
  language: 'en',
};

const campaign = (over: Partial<Pick<Campaign, 'agent' | 'script'>> = {}) => ({
  agent: { agentId: 'agent_1', requiredVariables: [] as string[] },
  script,
  ...over,
});

describe('buildCallContext', () => {
  it('gives every variable as a string, from the lead and the script', () => {
    const { dynamicVariables } = buildCallContext(lead, campaign());
    expect(Object.keys(dynamicVariables).sort()).toEqual([...CONTEXT_VARIABLES].sort());
    for (const value of Object.values(dynamicVariables)) expect(typeof value).toBe('string');
    expect(dynamicVariables).toMatchObject({
      first_name: 'Maria',
      full_name: 'Maria Garcia',
      city: 'Chicago',
      zip: '',
      email: '',
      property_address: '12 Oak St, Chicago',
      lead_id: 'lead_1',
      approach_strategy: script.approachStrategy,
      talking_points: '1. Cash offer within 48 hours\n2. No repairs needed',
      objection_handling: 'If they say "not interested": Ask whether a later time suits them.',
      language: 'en',
    });
  });

  it("overrides the first message and language the campaign sets; the lead's language wins", () => {
    expect(buildCallContext(lead, campaign()).overrides).toEqual({
      firstMessage: script.firstMessage,
      language: 'en',
    });
    const spanish = buildCallContext({ ...lead, language: 'es' }, campaign());
    expect(spanish.overrides.language).toBe('es');
    expect(spanish.dynamicVariables.language).toBe('es');
  });

  it('sends no override a campaign did not set (the agent may not allow it), and works for old campaigns', () => {
    const bare = { ...script, firstMessage: null, language: null };
    expect(buildCallContext(lead, campaign({ script: bare })).overrides).toEqual({});
    const old = buildCallContext(lead, {});
    expect(old.overrides).toEqual({});
    expect(old.dynamicVariables.talking_points).toBe('');
    expect(old.dynamicVariables.language).toBe('en');
  });

  it('bounds every value', () => {
    const long = 'x'.repeat(MAX_VARIABLE_CHARS + 50);
    const { dynamicVariables } = buildCallContext(
      { ...lead, propertyAddress: long },
      campaign({ script: { ...script, approachStrategy: long } }),
    );
    expect(dynamicVariables.property_address).toHaveLength(MAX_VARIABLE_CHARS);
    expect(dynamicVariables.approach_strategy).toHaveLength(MAX_VARIABLE_CHARS);
  });
});

describe('required variables', () => {
  it('are the declared ones and those the first message references', () => {
    expect(referencedVariables('Hi {{ first_name }}, {{first_name}} at {{city}}')).toEqual([
      'first_name',
      'city',
    ]);
    expect(requiredVariablesOf(campaign({ agent: { agentId: 'a', requiredVariables: ['zip'] } }))).toEqual([
      'zip',
      'first_name',
      'property_address',
    ]);
  });

  it('a lead without one is named with the column it comes from', () => {
    const needs = campaign({ agent: { agentId: 'a', requiredVariables: ['zip', 'city', 'full_name'] } });
    expect(missingVariables(lead, needs)).toEqual([{ variable: 'zip', column: 'zip' }]);
    expect(missingVariables({ ...lead, propertyAddress: '  ' }, needs)).toEqual([
      { variable: 'zip', column: 'zip' },
      { variable: 'property_address', column: 'property_address' },
    ]);
    expect(missingVariables({ ...lead, address: { ...lead.address, zip: '60601' } }, needs)).toEqual([]);
  });
});

describe('the campaign schema', () => {
  const parse = (body: unknown) => createCampaignSchema.safeParse({ name: 'x', ...(body as object) });
  const fieldOf = (r: ReturnType<typeof parse>) => r.error?.issues[0]?.path.join('.');

  it('fills in an empty script and no required variables', () => {
    const r = parse({});
    expect(r.data?.script).toEqual({
      approachStrategy: '',
      talkingPoints: [],
      objectionHandling: [],
      firstMessage: null,
      language: null,
    });
    expect(r.data?.agent).toEqual({ requiredVariables: [] });
  });

  it('refuses an unknown variable, a bad language and texts out of bounds, naming the field', () => {
    expect(fieldOf(parse({ agent: { requiredVariables: ['favourite_colour'] } }))).toBe(
      'agent.requiredVariables.0',
    );
    expect(fieldOf(parse({ script: { firstMessage: 'Hi {{nickname}}' } }))).toBe('script.firstMessage');
    expect(fieldOf(parse({ script: { language: 'Spanish' } }))).toBe('script.language');
    expect(fieldOf(parse({ script: { talkingPoints: Array(21).fill('point') } }))).toBe(
      'script.talkingPoints',
    );
    expect(fieldOf(parse({ script: { approachStrategy: 'x'.repeat(2001) } }))).toBe(
      'script.approachStrategy',
    );
    expect(
      parse({ script: { language: 'ES', firstMessage: 'Hola {{first_name}} ({{call_id}})' } }).data?.script,
    ).toMatchObject({ language: 'es' });
  });
});
