/**
 * "02134", "02134-1234" and "2134" → "02134". Spreadsheets drop the leading zero of New England, New Jersey and
 * Puerto Rico ZIPs; padding them back only ever adds a candidate zone or state, so a wrong guess narrows the window.
 */
export function normalizeZip(zip: string | null | undefined): string | null {
  const match = /^\s*(\d{3,5})(?:-\d{4})?\s*$/.exec(zip ?? '');
  return match?.[1] ? match[1].padStart(5, '0') : null;
}
