import { CARRIER_CHECK, planCarrierCheck, silentSince } from '../../src/scheduling/stale-calls';
import type { Call } from '../../src/domain/call';
import { callRecord } from '../support/call-record';

const now = new Date('2026-11-25T18:00:00Z');
const ago = (sec: number) => new Date(now.getTime() - sec * 1000);
const inSec = (sec: number) => new Date(now.getTime() + sec * 1000);

/** A call placed `ageSec` ago, with or without the carrier's sid. */
function call(ageSec: number, sid = true): Call {
  return callRecord({ callId: 'call_1', attemptId: 'att_1' }, ago(ageSec), {
    status: sid ? 'in-progress' : 'created',
    twilio: { callSid: sid ? 'CA1' : null, answeredBy: null },
  });
}

describe('silentSince', () => {
  it('is one quiet period back', () => {
    expect(silentSince(now)).toEqual(ago(CARRIER_CHECK.quietSec));
    expect(silentSince(now, { ...CARRIER_CHECK, quietSec: 10 })).toEqual(ago(10));
  });
});

describe('planCarrierCheck', () => {
  const { quietSec, minIntervalSec, maxIntervalSec } = CARRIER_CHECK;
  it.each([
    ['a young call: asked, then again after the shortest interval', call(quietSec), true, minIntervalSec],
    ['exactly twice the shortest interval old: the same', call(2 * minIntervalSec), true, minIntervalSec],
    ['an older call: again after half its age', call(400), true, 200],
    ['a long one: never more than the longest interval', call(3600), true, maxIntervalSec],
    [
      'no sid (the dial job owns it): not asked, looked at again later',
      call(600, false),
      false,
      maxIntervalSec,
    ],
    ['no sid, young: looked at again after the shortest interval', call(5, false), false, minIntervalSec],
  ])('%s', (_name, c, ask, nextInSec) => {
    expect(planCarrierCheck(c, now)).toEqual({ ask, nextAt: inSec(nextInSec) });
  });

  it('uses the pacing it is given', () => {
    const pacing = { quietSec: 10, minIntervalSec: 5, maxIntervalSec: 7 };
    expect(planCarrierCheck(call(8), now, pacing)).toEqual({ ask: true, nextAt: inSec(5) });
    expect(planCarrierCheck(call(12), now, pacing)).toEqual({ ask: true, nextAt: inSec(6) });
    expect(planCarrierCheck(call(40), now, pacing)).toEqual({ ask: true, nextAt: inSec(7) });
  });
});
