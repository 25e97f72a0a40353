import type { Intent } from './outcome';
import type { AnalysisLanguage } from './language';
import { SPANISH_SPECS } from './rules-es';
import { clauses, isNegated, wordIndexAt, type Clause } from './text';

/**
 * Phrases that reveal what the lead wants, written against text as clauses() leaves it: lowercase, accents
 * dropped, contractions spelled out ("don't" → "do not"), punctuation gone, words joined by single spaces.
 */
export interface RuleSpec {
  intent: Exclude<Intent, 'unclear'>;
  /** Regular-expression alternatives, each matched as whole words within one clause. */
  phrases: string[];
  /** A negator just before the phrase reverses it ("not looking to sell"), so the phrase does not count. */
  negatable: boolean;
  /** A clause that also matches this is about something else: "call me back tuesday at 3" is no meeting. */
  unless?: string;
}

export interface Rule {
  intent: RuleSpec['intent'];
  phrases: RegExp;
  negatable: boolean;
  unless: RegExp | null;
}

const wholeWords = (alternatives: string[], flags = '') =>
  new RegExp(`\\b(?:${alternatives.join('|')})\\b`, flags);

function compile(spec: RuleSpec): Rule {
  return {
    intent: spec.intent,
    phrases: wholeWords(spec.phrases, 'g'),
    negatable: spec.negatable,
    unless: spec.unless ? wholeWords([spec.unless]) : null,
  };
}

const DAY =
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|this weekend|next week)';
const HOUR = '(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)';
const SELL = '(?:sell|selling|list|listing)';
const BUY = '(?:buy|buying|purchase|purchasing)';
const WANT =
  '(?:want|wanted|wanting|looking|ready|planning|plan|thinking|considering|hoping|open|interested in|like|love|need|going)';

/**
 * In order of precedence: a do-not-call request anywhere wins over everything (honouring it is a legal duty, so
 * doubtful phrasings such as "don't call me after 8" count too), then an answering machine's greeting (its
 * "I'll call you back" is no callback), a wrong number, a meeting, a callback, a refusal and, last, interest.
 */
const ENGLISH_SPECS: readonly RuleSpec[] = [
  {
    intent: 'opt_out',
    negatable: false,
    phrases: [
      'stop (?:calling|contacting|texting|bothering|harassing)',
      'quit calling',
      'do not (?:ever )?call',
      'never call (?:me|us|here|this number) again',
      '(?:take|get|drop) (?:me|us|my number|this number|my name) off',
      '(?:remove|delete) (?:me|us|my (?:number|name|info|information|details)|this number)',
      'opt (?:me |us )?out',
      'unsubscribe',
      'no more calls',
      'lose (?:my|this) number',
      'leave me alone',
      'dnc list',
      '^(?:please )?stop(?: it| now)?(?: please)?$',
    ],
  },
  {
    intent: 'voicemail',
    negatable: false,
    phrases: [
      'leave (?:a|your|me a|us a) (?:brief |short )?(?:message|name and number)',
      'after the (?:tone|beep)',
      '(?:you have|you ve) reached',
      'voice ?mail',
      'mailbox',
      'the (?:person|number|subscriber) you (?:are calling|have dialed|dialed)',
      'not available to take your call',
    ],
  },
  {
    intent: 'wrong_person',
    negatable: false,
    phrases: [
      'wrong (?:number|person|house)',
      '(?:no one|nobody) (?:here )?(?:by|with|named) that name',
      'there is no(?:body| one)? (?:named |called )?\\w+(?: \\w+)? (?:here|at this number|living here)',
      '(?:does|do) not live here',
      'never heard of (?:him|her|them)',
      'do not know (?:anyone|anybody|any) (?:named|called|by)',
      'this is not (?:his|her|their) (?:number|phone)',
    ],
  },
  {
    intent: 'schedule_meeting',
    negatable: true,
    phrases: [
      '(?:come|stop|swing|drop|pop) (?:by|over|out)',
      'come (?:take a look|and see|see)',
      'meet (?:up|with|on|at|tomorrow|this|next)',
      'let us meet',
      '(?:schedule|book|set up|arrange|make) (?:a |an )?(?:showing|appointment|meeting|visit|walkthrough|walk through|consultation|tour)',
      'see you (?:on|at|then|tomorrow)',
    ],
  },
  {
    intent: 'schedule_meeting',
    negatable: true,
    phrases: [
      `${DAY} (?:at|around|after|before|by) ${HOUR}`,
      `${DAY} (?:morning|afternoon|evening|works|is good|is fine|would work)`,
      `(?:at|around) ${HOUR}(?: \\d{2})? ?(?:am|pm|a m|p m|o clock)`,
    ],
    unless: '(?:call|ring|phone|text|reach|try)',
  },
  {
    intent: 'call_later',
    negatable: true,
    phrases: [
      'call (?:me |us |you )?back',
      'call (?:me |us )?(?:again )?(?:later|tomorrow|tonight|this (?:afternoon|evening|weekend)|next week|another time|in (?:a|an|a few|a couple of|\\w+) (?:minutes?|hours?|days?))',
      'call (?:me |us )?(?:on|after|before|around|at) \\w+',
      'try (?:me |us )?(?:again )?(?:later|tomorrow|another time|next week)',
      'give (?:me|us) a call',
      'reach me (?:later|tomorrow)',
      'not a good time',
      'bad time',
      '(?:busy|driving|at work) right now',
      'in the middle of (?:something|a)',
      'in a meeting',
      'can not talk (?:right )?now',
    ],
  },
  {
    intent: 'no_interest',
    negatable: false,
    phrases: [
      'not (?:\\w+ ){0,3}interested',
      'no interest',
      'uninterested',
      'no thanks?',
      `not (?:looking|planning|going|trying|ready|thinking|considering)(?: to| on| of| about)? (?:${SELL}|move|moving|${BUY})`,
      `not (?:${SELL}|moving)`,
      `no (?:plans?|intention|desire) (?:to|of|on) (?:${SELL}|move|moving)`,
      `(?:do|does|did|would) not (?:want|like) to (?:${SELL}|move|${BUY})`,
      `never (?:going to )?(?:${SELL}|move)`,
      'not for sale',
      'staying put',
      'happy (?:here|where (?:we|i) am)',
      'already (?:sold|listed|have an? (?:agent|realtor))',
      'just (?:bought|moved in)',
      'not for me',
      'not at this time',
      'no need',
    ],
  },
  {
    intent: 'selling_later',
    negatable: true,
    phrases: [
      'next (?:year|spring|summer|fall|autumn|winter)',
      'later this year',
      'in (?:a|the) (?:few|couple|couple of) (?:months|years)',
      'in (?:\\d+|two|three|four|five|six|nine|twelve|eighteen) (?:months|years)',
      'down the road',
      'eventually',
      'some ?day',
      'in the (?:near )?future',
      'not yet',
    ],
  },
  {
    intent: 'selling_now',
    negatable: true,
    phrases: [
      `${WANT} (?:\\w+ ){0,2}${SELL}`,
      'what (?:\\w+ ){1,6}worth',
      'how much (?:\\w+ ){0,4}(?:worth|get|sell for|go for)',
      '(?:home|house|property) (?:value|valuation)',
      'valuation',
      'appraisal',
      'market analysis',
    ],
  },
  {
    intent: 'buying',
    negatable: true,
    phrases: [`${WANT} (?:\\w+ ){0,2}${BUY}`, 'in the market'],
  },
  {
    intent: 'interested',
    negatable: true,
    phrases: [
      'interested',
      'tell me more',
      'sounds (?:good|great|interesting|nice)',
      '(?:know|hear|learn) more',
      'send (?:me )?(?:some |the )?(?:info|information|details)',
      'not a bad idea',
      'good idea',
      'why not',
    ],
  },
];

const RULES: Readonly<Record<AnalysisLanguage, readonly Rule[]>> = {
  en: ENGLISH_SPECS.map(compile),
  es: SPANISH_SPECS.map(compile),
};

/** The rules of one language, in order of precedence. */
export function rulesFor(language: AnalysisLanguage): readonly Rule[] {
  return RULES[language];
}

/** What an agent can propose and a bare "yes" can accept. */
const PROPOSALS: ReadonlySet<Intent> = new Set(['schedule_meeting', 'call_later']);

const AGREEMENT: Readonly<Record<AnalysisLanguage, RegExp>> = {
  en: /^(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|sounds good|that works|works for me|perfect|great|absolutely|definitely|of course|let us do it|that is fine|fine|deal)\b/,
  es: /^(?:si|claro|por supuesto|de acuerdo|vale|perfecto|esta bien|me parece bien|bueno|ok|okay|dale|listo|muy bien)\b/,
};

function matchesIn(clause: Clause, candidate: Rule): boolean {
  if (candidate.unless?.test(clause.text)) return false;
  for (const match of clause.text.matchAll(candidate.phrases)) {
    if (!candidate.negatable || !isNegated(clause.words, wordIndexAt(clause, match.index))) return true;
  }
  return false;
}

export function matchingRules(message: string, language: AnalysisLanguage): Rule[] {
  const parts = clauses(message);
  return RULES[language].filter((candidate) => parts.some((clause) => matchesIn(clause, candidate)));
}

/**
 * The meeting or callback an agent's message proposes, when the lead's reply accepts it ("Would Tuesday at 3
 * work?" "Yes, perfect."): the lead decides, the agent's words only say what was accepted.
 */
export function acceptedProposals(agentMessage: string, reply: string, language: AnalysisLanguage): Rule[] {
  const [opening] = clauses(reply);
  if (!opening || !AGREEMENT[language].test(opening.text)) return [];
  return matchingRules(agentMessage, language).filter((candidate) => PROPOSALS.has(candidate.intent));
}
