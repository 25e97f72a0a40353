import { resolveStates, resolveZones, US_FALLBACK_ZONES } from '../../src/compliance';

describe('resolveZones', () => {
  it.each([
    [
      '+12122345678',
      { zip: '10001' },
      [
        ['America/New_York', 'zip'],
        ['America/New_York', 'area_code'],
      ],
    ],
    // 850 (Florida panhandle) spans Central and Eastern time.
    [
      '+18502345678',
      {},
      [
        ['America/Chicago', 'area_code'],
        ['America/New_York', 'area_code'],
      ],
    ],
    // 448 overlays 850 and spans the same zones.
    [
      '+14482345678',
      {},
      [
        ['America/Chicago', 'area_code'],
        ['America/New_York', 'area_code'],
      ],
    ],
    // A New York cell phone whose owner lives in Beverly Hills.
    [
      '+12122345678',
      { zip: '90210' },
      [
        ['America/Los_Angeles', 'zip'],
        ['America/New_York', 'area_code'],
      ],
    ],
    [
      '+12122345678',
      { timeZone: 'America/Denver', zip: '90210' },
      [
        ['America/Denver', 'given'],
        ['America/Los_Angeles', 'zip'],
        ['America/New_York', 'area_code'],
      ],
    ],
    ['+12122345678', { timeZone: 'Not/A_Zone' }, [['America/New_York', 'area_code']]],
    [
      '+12122345678',
      { zip: '2134' },
      [
        ['America/New_York', 'zip'],
        ['America/New_York', 'area_code'],
      ],
    ],
    ['+18002345678', { zip: '85001' }, [['America/Phoenix', 'zip']]],
    ['+16702345678', {}, [['Pacific/Saipan', 'area_code']]],
    // 907 is all of Alaska: Anchorage time (Juneau keeps the same clock) and the Aleutians, never Honolulu.
    [
      '+19072345678',
      {},
      [
        ['America/Anchorage', 'area_code'],
        ['America/Juneau', 'area_code'],
        ['America/Adak', 'area_code'],
      ],
    ],
  ])('%s %j', (phone, lead, expected) => {
    expect(resolveZones(phone, lead).map((c) => [c.zone, c.source])).toEqual(expected);
  });

  it.each([
    ['+18002345678', {}],
    ['+18002345678', { zip: 'ABCDE', timeZone: '' }],
    ['+14162345678', {}],
  ])('falls back to every US zone when nothing resolves: %s %j', (phone, lead) => {
    expect(resolveZones(phone, lead)).toEqual(
      US_FALLBACK_ZONES.map((zone) => ({ zone, source: 'fallback' })),
    );
  });
});

describe('resolveStates', () => {
  it.each([
    ['+12122345678', { state: 'NY', zip: '10001' }, ['NY']],
    ['+13052345678', { state: 'New York', zip: '10001' }, ['FL', 'NY']],
    ['+12122345678', { state: 'fl' }, ['FL', 'NY']],
    ['+12122345678', { zip: '73301' }, ['NY', 'TX']],
    ['+12012345678', {}, ['NJ', 'NY']],
    ['+18002345678', { state: 'Narnia' }, []],
    ['+19392345678', {}, ['PR']],
  ])('%s %j → %j', (phone, lead, expected) => {
    expect(resolveStates(phone, lead)).toEqual(expected);
  });
});
