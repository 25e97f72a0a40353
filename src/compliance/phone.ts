import { areaCode } from './data/area-codes';

export type UsPhone = {
  valid: true;
  npa: string;
  /** NXX-XXXX as a number: the offset of this phone in its area code's registry bitmap. */
  subscriber: number;
  /** States and zones of the area code. */
  states: readonly string[];
  zones: readonly string[];
};

export type PhoneCheck = UsPhone | { valid: false; reason: string };

const E164_NANP = /^\+1([2-9]\d{2})([2-9]\d{2})(\d{4})$/;

/**
 * Only geographic US numbers pass. Canadian and Caribbean numbers are valid NANP numbers, but calling them is
 * governed by rules this rule set does not check (Canada's CRTC hours and National DNCL, for instance); toll-free,
 * premium and personal numbers are no consumer's line and have no place whose hours could be kept.
 */
export function parseUsPhone(phone: string): PhoneCheck {
  const match = E164_NANP.exec(phone);
  if (!match) return { valid: false, reason: `${phone} is not an E.164 NANP number (+1 NPA NXX XXXX)` };
  const [, npa = '', nxx = '', line = ''] = match;
  if (nxx.endsWith('11'))
    return { valid: false, reason: `${phone} uses ${nxx}, an N11 service code, as exchange` };
  if (nxx === '555' && line.startsWith('01'))
    return { valid: false, reason: `${phone} is a reserved 555-01XX number` };
  const area = areaCode(npa);
  if (area === undefined)
    return { valid: false, reason: `${phone} has ${npa}, which is not an assigned area code` };
  if (area.kind === 'other_country') {
    return { valid: false, reason: `${phone} is a number in ${area.country} (area code ${npa}), not the US` };
  }
  if (area.kind === 'us_non_geographic') {
    return {
      valid: false,
      reason: `${phone} has ${npa}, a non-geographic (toll-free, premium or personal) area code, not a consumer's line`,
    };
  }
  return { valid: true, npa, subscriber: Number(nxx + line), states: area.states, zones: area.zones };
}
