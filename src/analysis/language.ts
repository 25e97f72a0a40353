/** Languages the post-call analysis reads: rules, sentiment and spoken times exist for each. */
export const ANALYSIS_LANGUAGES = ['en', 'es'] as const;
export type AnalysisLanguage = (typeof ANALYSIS_LANGUAGES)[number];

/** Short words frequent in one language and rare in the other: enough to tell a phone call's language. */
const MARKERS: Record<AnalysisLanguage, ReadonlySet<string>> = {
  en: new Set(
    'the you i is are and to it that this not my me we no yes have do what your for on with call me please'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las que es y de no sí si mi me por favor usted yo estoy está no quiero gracias pero una un con para llame llamar hola bueno'.split(
      ' ',
    ),
  ),
};

/**
 * The language of a conversation, when the campaign or lead did not say: the one whose marker words are more
 * frequent. Ties (and silence) keep the hint, or English.
 */
export function detectLanguage(text: string, hint?: string | null): AnalysisLanguage {
  const preferred: AnalysisLanguage = hint?.toLowerCase().startsWith('es') ? 'es' : 'en';
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let en = 0;
  let es = 0;
  for (const word of words) {
    if (MARKERS.en.has(word) && !MARKERS.es.has(word)) en++;
    if (MARKERS.es.has(word) && !MARKERS.en.has(word)) es++;
  }
  if (en === es) return preferred;
  return es > en ? 'es' : 'en';
}
