/**
 * USPS ZIP Code prefixes (first three digits) → state or territory. A ZIP prefix never crosses a state line,
 * so this is enough to learn the state of a lead that gave a ZIP but no state. Military (AA/AE/AP) and
 * freely associated states are left out: no state rule can apply to them.
 */
// prettier-ignore
const RANGES: ReadonlyArray<readonly [from: number, to: number, state: string]> = [
  [5, 5, 'NY'], [6, 7, 'PR'], [8, 8, 'VI'], [9, 9, 'PR'], [10, 27, 'MA'], [28, 29, 'RI'], [30, 38, 'NH'],
  [39, 49, 'ME'], [50, 54, 'VT'], [55, 55, 'MA'], [56, 59, 'VT'], [60, 69, 'CT'], [70, 89, 'NJ'],
  [100, 149, 'NY'], [150, 196, 'PA'], [197, 199, 'DE'], [200, 200, 'DC'], [201, 201, 'VA'], [202, 205, 'DC'],
  [206, 219, 'MD'], [220, 246, 'VA'], [247, 268, 'WV'], [270, 289, 'NC'], [290, 299, 'SC'], [300, 319, 'GA'],
  [320, 339, 'FL'], [341, 349, 'FL'], [350, 369, 'AL'], [370, 385, 'TN'], [386, 397, 'MS'], [398, 399, 'GA'],
  [400, 427, 'KY'], [430, 459, 'OH'], [460, 479, 'IN'], [480, 499, 'MI'], [500, 528, 'IA'], [530, 549, 'WI'],
  [550, 567, 'MN'], [569, 569, 'DC'], [570, 577, 'SD'], [580, 588, 'ND'], [590, 599, 'MT'], [600, 629, 'IL'],
  [630, 658, 'MO'], [660, 679, 'KS'], [680, 693, 'NE'], [700, 714, 'LA'], [716, 729, 'AR'], [730, 731, 'OK'],
  [733, 733, 'TX'], [734, 749, 'OK'], [750, 799, 'TX'], [800, 816, 'CO'], [820, 831, 'WY'], [832, 838, 'ID'],
  [840, 847, 'UT'], [850, 865, 'AZ'], [870, 884, 'NM'], [885, 885, 'TX'], [889, 898, 'NV'], [900, 961, 'CA'],
  [967, 968, 'HI'], [970, 979, 'OR'], [980, 994, 'WA'], [995, 999, 'AK'],
];

/** Five-digit exceptions inside a prefix that the table above gives to another state. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  '06390': 'NY', // Fishers Island
  '20588': 'MD',
  '20598': 'VA',
  '73960': 'TX', // Texhoma
  '83414': 'WY', // Alta
  '96799': 'AS',
};

const BY_PREFIX: ReadonlyMap<number, string> = new Map(
  RANGES.flatMap(([from, to, state]) =>
    Array.from({ length: to - from + 1 }, (_, i) => [from + i, state] as const),
  ),
);

/** 969xx is shared by Guam and the Northern Mariana Islands. */
function pacificTerritory(zip: number): string | null {
  if (zip >= 96910 && zip <= 96932) return 'GU';
  if (zip >= 96950 && zip <= 96952) return 'MP';
  return null;
}

export function stateOfZip(zip5: string): string | null {
  const exception = EXCEPTIONS[zip5];
  if (exception) return exception;
  const zip = Number(zip5);
  if (Math.floor(zip / 100) === 969) return pacificTerritory(zip);
  return BY_PREFIX.get(Math.floor(zip / 100)) ?? null;
}
