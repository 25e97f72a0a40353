import { analyzeConversation, type AnalysedOutcome, type AnalysisMapping } from '../../src/analysis';
import type { AgentAnalysis, ConversationTurn } from '../../src/ports/voice-agent.port';
import english from '../fixtures/transcripts/en.json';
import spanish from '../fixtures/transcripts/es.json';

interface LabelledSet {
  language: string;
  mapping: AnalysisMapping;
  transcripts: Array<{ id: string; label: string; turns: string[]; analysis?: AgentAnalysis }>;
}

const SETS = [english, spanish] as unknown as LabelledSet[];

/** "A: ..." is the agent, "L: ..." the lead. */
function turnsOf(lines: readonly string[]): ConversationTurn[] {
  return lines.map((line, i) => ({
    role: line.startsWith('A:') ? 'agent' : 'user',
    message: line.slice(2).trim(),
    timeInCallSecs: i * 5,
  }));
}

interface Row {
  language: string;
  label: string;
  withAnalysis: boolean;
  predicted: AnalysedOutcome;
}

const rows: Row[] = SETS.flatMap((set) =>
  set.transcripts.map((t) => ({
    language: set.language,
    label: t.label,
    withAnalysis: !!t.analysis,
    // The language is left for the analysis to find: campaigns rarely say.
    predicted: analyzeConversation(turnsOf(t.turns), {
      agentAnalysis: t.analysis,
      mapping: t.analysis ? set.mapping : null,
      reference: new Date('2026-12-02T19:00:00Z'),
      zone: 'America/Chicago',
    }).outcome,
  })),
);

function accuracy(selected: Row[]): { correct: number; total: number; share: number } {
  const correct = selected.filter((r) => r.predicted === r.label).length;
  return { correct, total: selected.length, share: selected.length ? correct / selected.length : 1 };
}

const LABELS = [...new Set(rows.map((r) => r.label))];
const LANGUAGES = [...new Set(rows.map((r) => r.language))];

/** The floor every other outcome must reach, per language; do-not-call requests have none below 100%. */
const FLOOR = 0.8;

describe('labelled transcripts (tests/fixtures/transcripts)', () => {
  afterAll(() => {
    const lines = ['outcome          ' + LANGUAGES.map((l) => `${l}`.padEnd(10)).join('') + 'all'];
    for (const label of LABELS) {
      const cells = LANGUAGES.map((language) => {
        const a = accuracy(rows.filter((r) => r.label === label && r.language === language));
        return `${a.correct}/${a.total}`.padEnd(10);
      });
      const all = accuracy(rows.filter((r) => r.label === label));
      lines.push(`${label.padEnd(17)}${cells.join('')}${(all.share * 100).toFixed(0)}%`);
    }
    const overall = accuracy(rows);
    const withAgent = accuracy(rows.filter((r) => r.withAnalysis));
    const local = accuracy(rows.filter((r) => !r.withAnalysis));
    lines.push(
      `overall ${overall.correct}/${overall.total}; with ElevenLabs analysis ${withAgent.correct}/${withAgent.total}, local only ${local.correct}/${local.total}`,
    );
    const misses = rows
      .map((r, i) => ({ ...r, id: SETS.flatMap((s) => s.transcripts)[i]!.id }))
      .filter((r) => r.predicted !== r.label)
      .map((r) => `${r.id}: ${r.label} read as ${r.predicted}`);
    console.log(['accuracy per outcome', ...lines, ...misses].join('\n'));
  });

  it('has at least 60 transcripts in English and Spanish, every outcome in both, with and without agent analysis', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (const language of ['en', 'es']) {
      const own = rows.filter((r) => r.language === language);
      expect(new Set(own.map((r) => r.label))).toEqual(
        new Set([
          'qualified',
          'appointment',
          'callback',
          'not_interested',
          'dnc_request',
          'wrong_number',
          'voicemail',
        ]),
      );
      expect(own.some((r) => r.withAnalysis)).toBe(true);
      expect(own.some((r) => !r.withAnalysis)).toBe(true);
    }
  });

  it.each(['en', 'es'])('catches every do-not-call request in %s', (language) => {
    const dnc = rows.filter((r) => r.label === 'dnc_request' && r.language === language);
    expect(dnc.map((r) => r.predicted)).toEqual(dnc.map(() => 'dnc_request'));
  });

  it.each(['en', 'es'])(
    `reads every other outcome in %s right at least ${FLOOR * 100}% of the time`,
    (language) => {
      for (const label of LABELS.filter((l) => l !== 'dnc_request')) {
        const a = accuracy(rows.filter((r) => r.label === label && r.language === language));
        expect([label, a.share >= FLOOR]).toEqual([label, true]);
      }
    },
  );

  it('never reads a non-request as a do-not-call request (each false one would stop a lead for good)', () => {
    expect(rows.filter((r) => r.label !== 'dnc_request' && r.predicted === 'dnc_request')).toEqual([]);
  });
});
