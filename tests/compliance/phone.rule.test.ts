import { parseUsPhone } from '../../src/compliance';
import { checkPhone } from '../../src/compliance/rules/phone.rule';

describe('INVALID_PHONE', () => {
  it.each<[string, RegExp | null, string]>([
    ['+12122345678', null, 'Manhattan'],
    ['+19072345678', null, 'Alaska'],
    ['+17872345678', null, 'Puerto Rico is a US territory'],
    ['+18002345678', /non-geographic/, 'toll-free: no consumer line, no place'],
    ['+18332345678', /non-geographic/, 'toll-free 833'],
    ['+18882345678', /non-geographic/, 'toll-free 888'],
    ['+19002345678', /non-geographic/, 'premium'],
    ['+15002345678', /non-geographic/, 'personal 500'],
    ['+15212345678', /non-geographic/, 'personal 521'],
    ['+15332345678', /non-geographic/, 'personal 533'],
    ['+15882345678', /non-geographic/, 'personal 588'],
    ['+14562345678', /non-geographic/, 'inbound international'],
    ['+17102345678', /non-geographic/, 'US government'],
    ['+15302345678', null, '530 is Northern California, not a personal code'],
    ['+15312345678', null, '531 is Nebraska'],
    ['2122345678', /not an E\.164/, 'no +1'],
    ['+1212234567', /not an E\.164/, 'nine digits'],
    ['+121223456789', /not an E\.164/, 'eleven digits'],
    ['+11122345678', /not an E\.164/, 'NPA starting with 1'],
    ['+12121345678', /not an E\.164/, 'NXX starting with 1'],
    ['+12129115678', /N11 service code/, 'N11 exchange'],
    ['+12125550123', /reserved 555-01XX/, 'fictional 555-01XX'],
    ['+12125552368', null, '555 outside 01XX is assignable'],
    ['+12112345678', /not an assigned area code/, 'N11 area code'],
    ['+13702345678', /not an assigned area code/, 'unassigned NPA'],
    ['+14162345678', /in CA/, 'Toronto'],
    ['+18762345678', /in JM/, 'Jamaica'],
    ['+44 20 7946 0018', /not an E\.164/, 'not NANP'],
  ])('%s → %s (%s)', (phone, reason) => {
    const violations = checkPhone(parseUsPhone(phone));
    if (reason === null) {
      expect(violations).toEqual([]);
    } else {
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ code: 'INVALID_PHONE', fineEstimateUsd: { min: 0, max: 0 } });
      expect(violations[0]?.message).toMatch(reason);
    }
  });

  it('gives the registry offset of the subscriber number', () => {
    expect(parseUsPhone('+12122345678')).toMatchObject({ valid: true, npa: '212', subscriber: 2_345_678 });
  });
});
