import Transport from 'winston-transport';
import { maskPhone, maskValue, rootLogger } from '../../src/logger';

describe('maskPhone', () => {
  it.each([
    ['+13125550123', '+*********23'],
    ['calling +13125550123 now', 'calling +*********23 now'],
    ['3125550123', '********23'],
    ['312-555-0123', '***-***-**23'],
    ['(312) 555-0123', '(***) ***-**23'],
    ['call 1 312.555.0123 back', 'call * ***.***.**23 back'],
    ['+442071838750', '+**********50'],
    ['to=+13125550123,from=+13125550100', 'to=+*********23,from=+*********00'],
  ])('masks %s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  it.each([
    'attempt 3 of 5',
    'lead_243f1d1ee16d446f9c0a3125550123ab',
    'lead_243f1d1ee16d446f812ba2b9ad',
    'call-lead_0123456789abcdef0123456789abcdef-a1',
    'CA3125550123312555012331255501',
    'took 1733130000000 ms',
    'at 1733130000',
    'job chk-lead_3125550123-a2',
    'version 2026.12.02',
  ])('leaves %s alone', (input) => {
    expect(maskPhone(input)).toBe(input);
  });
});

describe('maskValue', () => {
  it('masks at any depth, in arrays too, and leaves the original untouched', () => {
    const meta = {
      leadId: 'lead_243f1d1ee16d446f812ba2b9ad',
      call: { to: '+13125550123', lead: { contact: { phones: ['312-555-0199', 'none'] } } },
      count: 3,
      at: new Date(0),
    };
    const copy = JSON.stringify(meta);
    expect(maskValue(meta)).toEqual({
      leadId: 'lead_243f1d1ee16d446f812ba2b9ad',
      call: { to: '+*********23', lead: { contact: { phones: ['***-***-**99', 'none'] } } },
      count: 3,
      at: new Date(0),
    });
    expect(JSON.stringify(meta)).toBe(copy);
  });

  it('survives cycles and very deep values', () => {
    const cyclic: Record<string, unknown> = { phone: '+13125550123' };
    cyclic.self = cyclic;
    expect(maskValue(cyclic)).toEqual({ phone: '+*********23', self: '[…]' });
    let deep: unknown = '+13125550123';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => maskValue(deep)).not.toThrow();
  });
});

describe('the logger', () => {
  it('writes nested numbers masked and ids intact', () => {
    const lines: Array<Record<string, unknown>> = [];
    class Capture extends Transport {
      override log(info: Record<string, unknown>, done: () => void) {
        lines.push(JSON.parse(String(info[Symbol.for('message') as unknown as string])));
        done();
      }
    }
    const capture = new Capture();
    rootLogger.add(capture);
    try {
      rootLogger.warn('dialing +13125550123', {
        leadId: 'lead_243f1d1ee16d446f812ba2b9ad',
        lead: { phone: '(312) 555-0123', notes: ['call 312-555-0199'] },
      });
    } finally {
      rootLogger.remove(capture);
    }
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'dialing +*********23',
        leadId: 'lead_243f1d1ee16d446f812ba2b9ad',
        lead: { phone: '(***) ***-**23', notes: ['call ***-***-**99'] },
      }),
    ]);
  });
});
