import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseUsPhone } from '../compliance/phone';

export type UsPhoneResult = { ok: true; e164: string } | { ok: false; expected: string; detail?: string };

const US_NUMBER = 'a valid US phone number';

/**
 * "(415) 555-2671", "415.555.2671" and "+1 415 555 2671" → "+14155552671". Which NANP numbers are US ones is
 * decided by compliance's area-code table, so an upload never accepts a number the dialer would refuse.
 */
export function toUsE164(given: string): UsPhoneResult {
  const number = parsePhoneNumberFromString(given, 'US');
  if (!number?.isValid()) return { ok: false, expected: US_NUMBER };
  if (number.countryCallingCode !== '1') {
    return { ok: false, expected: US_NUMBER, detail: `a number in ${number.country ?? 'another country'}` };
  }
  // The agent cannot dial an extension, and the main line in front of it is not the lead's.
  if (number.ext) return { ok: false, expected: 'a direct number without an extension' };
  const us = parseUsPhone(number.number);
  return us.valid ? { ok: true, e164: number.number } : { ok: false, expected: US_NUMBER, detail: us.reason };
}
