import { stateOfZip } from './data/zip-prefix-states';
import { normalizeState } from './data/us-states';
import { parseUsPhone, type PhoneCheck } from './phone';
import type { LeadFacts } from './types';
import { normalizeZip } from './zip';

/**
 * Every state whose law could govern the call: the lead's address (state, else its ZIP's) and the area code's
 * state. Florida (§ 501.059(8)(d)), Oklahoma (15 O.S. § 775C.3) and Connecticut (§ 42-288(c)) presume that a
 * number with their area code belongs to a resident, so the area code always counts.
 */
export function resolveStates(phone: string, lead: Pick<LeadFacts, 'state' | 'zip'>): string[] {
  return candidateStates(parseUsPhone(phone), lead);
}

/** resolveStates for a phone already parsed. */
export function candidateStates(phone: PhoneCheck, lead: Pick<LeadFacts, 'state' | 'zip'>): string[] {
  const states = new Set<string>();
  const given = normalizeState(lead.state);
  if (given) states.add(given);
  const zip = normalizeZip(lead.zip);
  const zipState = zip ? stateOfZip(zip) : null;
  if (zipState) states.add(zipState);
  if (phone.valid) phone.states.forEach((state) => states.add(state));
  return [...states].sort();
}
