import type { ConversationTurn } from '../ports/voice-agent.port';
import { parsePrice } from './agent-analysis';
import type { AnalysisLanguage } from './language';

/** An amount said next to a price word, or with a dollar sign: "asking 350k", "$420,000", "unos 300 mil". */
const PRICE: Record<AnalysisLanguage, RegExp> = {
  en: /(?:\$\s?\d[\d,.]*\s*(?:k|thousand|million)?|\b\d[\d,.]*\s*(?:k|thousand|million)\b)/i,
  es: /(?:\$\s?\d[\d,.]*\s*(?:mil|millones)?|\b\d[\d,.]*\s*(?:mil|millones|d[oó]lares)\b)/i,
};

/** When the lead means to sell, in their words ("next spring", "en unos seis meses"). */
const TIMELINE: Record<AnalysisLanguage, RegExp> = {
  en: /\b(?:(?:next|this) (?:year|spring|summer|fall|autumn|winter|month)|later this year|in (?:a|the|\d+|two|three|four|five|six|nine|twelve|a few|a couple of) (?:months?|years?|weeks?)|(?:right )?away|as soon as possible|asap|right now)\b/i,
  es: /\b(?:(?:el )?(?:pr[oó]ximo|otro) (?:a[nñ]o|mes)|el a[nñ]o que viene|pr[oó]xim[oa] (?:primavera|verano|oto[nñ]o|invierno)|en (?:unos|algunos|un par de|\d+|dos|tres|seis|nueve|doce) (?:meses|a[nñ]os|semanas)|cuanto antes|lo antes posible|ya mismo)\b/i,
};

/** The qualification fields the lead's own words give when the agent's analysis has none: price and timeline. */
export function qualificationFromWords(
  turns: readonly ConversationTurn[],
  language: AnalysisLanguage,
): { askingPrice: number | null; timeline: string | null } {
  const said = turns.filter((turn) => turn.role === 'user').map((turn) => turn.message);
  const price = said.map((message) => PRICE[language].exec(message)?.[0]).find(Boolean);
  const timeline = said.map((message) => TIMELINE[language].exec(message)?.[0]).find(Boolean);
  return { askingPrice: price ? parsePrice(price) : null, timeline: timeline ?? null };
}
