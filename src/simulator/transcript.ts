import { pickOne, type Rng } from './random';
import type { LeadReply } from './types';

/** A machine answered the stream, so the agent talks to a voicemail box. */
export type ConversationOutcome = LeadReply | 'voicemail';

export interface TranscriptLine {
  role: 'agent' | 'user';
  message: string;
}

/** Data-collection results the simulated agent reports (ids as an agent configured for the dialer would use). */
export interface CollectedData {
  lead_outcome?: ConversationOutcome;
  /** The day/time the lead named, for appointment and callback. */
  requested_time?: string;
}

export interface ComposedConversation {
  lines: TranscriptLine[];
  callSuccessful: 'success' | 'failure' | 'unknown';
  summary: string;
  collected: CollectedData;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const HOURS = ['10 am', '11:30 am', '2 pm', '4 pm', '6 pm'];
const LATER = ['tomorrow evening', 'next week', 'this Friday afternoon', 'in a couple of hours'];

interface Script {
  lead: (v: Vars, when: string) => string;
  agent: (v: Vars, when: string) => string;
  successful: ComposedConversation['callSuccessful'];
  summary: string;
  when?: (rng: Rng) => string;
}

interface Vars {
  firstName: string;
  address: string;
  agentName: string;
  company: string;
}

const SCRIPTS: Record<ConversationOutcome, Script> = {
  interested: {
    lead: (v) => `Actually yes, I've been thinking about selling ${v.address}. What do you think it's worth?`,
    agent: () =>
      `Great to hear! I'll have one of our agents put together a free valuation and reach out to you.`,
    successful: 'success',
    summary: 'is interested in selling and asked for a valuation',
  },
  appointment: {
    lead: (_v, when) => `Sure, I'd like to talk about it. Could someone come by ${when}?`,
    agent: (v, when) =>
      `Perfect, I've booked you for ${when} at ${v.address}. You'll get a confirmation shortly.`,
    successful: 'success',
    summary: 'booked an appointment',
    when: (rng) => `${pickOne(rng, DAYS)} at ${pickOne(rng, HOURS)}`,
  },
  callback: {
    lead: (_v, when) => `I'm in the middle of something right now. Can you call me back ${when}?`,
    agent: (_v, when) => `Of course, I'll call you back ${when}. Have a good day!`,
    successful: 'success',
    summary: 'asked to be called back later',
    when: (rng) => pickOne(rng, LATER),
  },
  not_interested: {
    lead: () => `No thanks, I'm not interested in selling.`,
    agent: () => `I understand, thank you for your time. Have a great day.`,
    successful: 'failure',
    summary: 'is not interested in selling',
  },
  dnc_request: {
    lead: () => `Stop calling me. Put me on your do not call list.`,
    agent: (v) => `Understood, I'm sorry for the trouble. I've added you to ${v.company}'s do-not-call list.`,
    successful: 'failure',
    summary: 'asked not to be called again (do-not-call request)',
  },
  wrong_number: {
    lead: (v) => `There's no ${v.firstName} here, you've got the wrong number.`,
    agent: () => `My apologies for the mix-up, I'll update our records. Goodbye.`,
    successful: 'failure',
    summary: 'said it was a wrong number',
  },
  voicemail: {
    lead: () => `Hi, you've reached our voicemail. Please leave a message after the tone.`,
    agent: (v) =>
      `Hi ${v.firstName}, this is ${v.agentName} from ${v.company} about ${v.address}. Please call us back when you can.`,
    successful: 'unknown',
    summary: 'did not answer; a voicemail was left',
  },
};

/**
 * A short real-estate call built from the registered dynamic variables. An interrupted call (hung up through
 * the API mid-conversation) stops after the agent's opening, with nothing collected.
 */
export function composeConversation(
  outcome: ConversationOutcome,
  dynamicVariables: Record<string, unknown>,
  rng: Rng,
  interrupted: boolean,
): ComposedConversation {
  const vars = readVars(dynamicVariables);
  const opening: TranscriptLine = {
    role: 'agent',
    message:
      `Hi ${vars.firstName}, this is ${vars.agentName}, an AI assistant with ${vars.company}, calling about ` +
      `${vars.address}. You can ask me to stop calling at any time. Is now a good time?`,
  };
  if (interrupted) {
    return {
      lines: [opening],
      callSuccessful: 'unknown',
      summary: 'The call was cut off after the greeting.',
      collected: {},
    };
  }
  const script = SCRIPTS[outcome];
  const when = script.when?.(rng) ?? '';
  const lines: TranscriptLine[] =
    outcome === 'voicemail'
      ? [
          { role: 'user', message: script.lead(vars, when) },
          { role: 'agent', message: script.agent(vars, when) },
        ]
      : [
          opening,
          { role: 'user', message: script.lead(vars, when) },
          { role: 'agent', message: script.agent(vars, when) },
        ];
  return {
    lines,
    callSuccessful: script.successful,
    summary: `The agent called ${vars.firstName} about ${vars.address}; the lead ${script.summary}.`,
    collected: when ? { lead_outcome: outcome, requested_time: when } : { lead_outcome: outcome },
  };
}

function readVars(v: Record<string, unknown>): Vars {
  const text = (key: string, fallback: string): string => {
    const value = v[key];
    return value === undefined || value === null || value === '' ? fallback : String(value);
  };
  return {
    firstName: text('first_name', 'there'),
    address: text('property_address', 'your property'),
    agentName: text('agent_name', 'Alex'),
    company: text('company_name', 'our real estate team'),
  };
}
