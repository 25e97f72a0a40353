import { maskPhone } from '../../src/logger';

describe('maskPhone', () => {
  it.each([
    ['+13125550123', '+*********23'],
    ['calling +13125550123 now', 'calling +*********23 now'],
    ['3125550123', '********23'],
    ['attempt 3 of 5', 'attempt 3 of 5'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});
