import { CARRIER_CHECK, planCarrierCheck } from '../../src/scheduling/stale-calls';
import type { Call, CallStatus } from '../../src/domain/call';
import { callRecord } from '../support/call-record';

const now = new Date('2026-11-25T18:00:00Z');
const ago = (sec: number) => new Date(now.getTime() - sec * 1000);

/** A call placed `ageSec` ago whose latest status (`status`) came `silentSec` ago. */
function call(ageSec: number, silentSec: number | null, status: CallStatus = 'ringing', sid = true): Call {
  return callRecord({ callId: 'call_1', attemptId: 'att_1' }, ago(ageSec), {
    status,
    twilio: { callSid: sid ? 'CA1' : null, answeredBy: null },
    timeline:
      silentSec === null
        ? []
        : [
            { status: 'created', at: ago(ageSec), source: 'dial' },
            { status, at: ago(silentSec), source: 'twilio:status' },
          ],
  });
}

describe('planCarrierCheck', () => {
  const { quietSec, minIntervalSec, maxIntervalSec } = CARRIER_CHECK;
  it.each([
    [
      'a status 30 s ago: callbacks may still come, look again when it turns quiet',
      call(40, 30),
      false,
      quietSec - 30,
    ],
    [
      'quiet for exactly quietSec: ask, then wait the shortest interval',
      call(95, quietSec),
      true,
      minIntervalSec,
    ],
    [
      'a young call asked again no sooner than the shortest interval',
      call(100, 100, 'queued'),
      true,
      minIntervalSec,
    ],
    ['an older live call: the wait is half its age', call(400, 200, 'in-progress'), true, 200],
    ['the wait never exceeds the longest interval', call(3600, 3600, 'in-progress'), true, maxIntervalSec],
    ['no timeline: silence counts from creation', call(100, null), true, minIntervalSec],
    [
      'no sid (the dial job owns it): not asked, looked at again later',
      call(600, 600, 'created', false),
      false,
      maxIntervalSec,
    ],
    [
      'no sid, young: looked at again after the shortest interval',
      call(5, 5, 'created', false),
      false,
      minIntervalSec,
    ],
  ])('%s', (_name, c, ask, nextInSec) => {
    expect(planCarrierCheck(c, now)).toEqual({ ask, nextAt: new Date(now.getTime() + nextInSec * 1000) });
  });

  it('uses the pacing it is given', () => {
    const pacing = { quietSec: 10, minIntervalSec: 5, maxIntervalSec: 7 };
    expect(planCarrierCheck(call(40, 9), now, pacing)).toEqual({
      ask: false,
      nextAt: new Date(now.getTime() + 1000),
    });
    expect(planCarrierCheck(call(40, 10), now, pacing)).toEqual({
      ask: true,
      nextAt: new Date(now.getTime() + 7000),
    });
  });
});
