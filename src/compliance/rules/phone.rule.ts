import { violation } from '../fines';
import type { PhoneCheck } from '../phone';
import type { Violation } from '../types';

export function checkPhone(phone: PhoneCheck): Violation[] {
  return phone.valid ? [] : [violation('INVALID_PHONE', `${phone.reason}.`)];
}
