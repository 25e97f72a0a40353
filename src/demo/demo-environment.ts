import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { STRICTEST_WINDOW } from '../compliance';
import { civilDateOf, epochDayOf } from '../compliance/civil-date';
import { isHoliday } from '../compliance/holidays';
import { CONTEXT_VARIABLES } from '../domain/call-context';
import type { SimulatorOptions, SimulatorProfile } from '../simulator';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * A complete environment for running on the simulator: fresh random secrets each run (nothing to leak), the
 * simulator as Twilio and ElevenLabs. Values already in `base` win, so a developer can pin any of them.
 */
export function simulatorEnvironment(
  base: NodeJS.ProcessEnv,
  fixed: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    TELEPHONY: 'simulator',
    TWILIO_ACCOUNT_SID: `AC${hex(16)}`,
    TWILIO_AUTH_TOKEN: hex(16),
    TWILIO_PHONE_NUMBER: '+13125550100',
    ELEVENLABS_API_KEY: `sk_${hex(16)}`,
    ELEVENLABS_AGENT_ID: 'agent_demo_listing_assistant',
    ELEVENLABS_WEBHOOK_SECRET: `wsec_${hex(16)}`,
    API_KEYS: `key_${hex(16)}`,
    ADMIN_API_KEYS: `admin_${hex(16)}`,
    ADMIN_USER: 'admin',
    ADMIN_PASSWORD: hex(12),
    // Several workers on one host: each takes a free port for its /metrics.
    WORKER_METRICS_PORT: '0',
    ...base,
    ...fixed,
  };
}

/** The simulator that plays Twilio and ElevenLabs for an environment made by simulatorEnvironment. */
export function simulatorOptions(
  env: NodeJS.ProcessEnv,
  apiBaseUrl: string,
  profile: Partial<SimulatorProfile>,
  seed: number,
): SimulatorOptions {
  return {
    twilio: { accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN! },
    elevenLabs: {
      apiKey: env.ELEVENLABS_API_KEY,
      webhookSecret: env.ELEVENLABS_WEBHOOK_SECRET!,
      webhookUrl: `${apiBaseUrl}/webhooks/elevenlabs/conversation`,
      // The simulated agent's prompt uses the context every call must carry: a call without it is refused.
      agentVariables: [...CONTEXT_VARIABLES, 'call_id'],
    },
    profile,
    seed,
  };
}

/** A day some state's calendar bans calls on: unverified states keep every such day (the strictest window). */
function isAnyStatesHoliday(day: DateTime): boolean {
  const date = civilDateOf(epochDayOf(day.year, day.month, day.day));
  return (STRICTEST_WINDOW.holidays ?? []).some((calendar) => isHoliday(calendar, date));
}

/**
 * Milliseconds from now to the next Wednesday 14:00 in New York that is no state's holiday, when every US zone
 * (Hawaii at 09:00 included) is inside calling hours, the strictest window of unverified states included. The
 * demo and the end-to-end test run on a clock shifted by this much, so they behave the same at any hour.
 */
export function businessHoursOffsetMs(now: Date = new Date()): number {
  let target = DateTime.fromJSDate(now, { zone: 'America/New_York' }).set({
    hour: 14,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
  while (target.weekday !== 3 || target.toMillis() <= now.getTime() || isAnyStatesHoliday(target)) {
    target = target.plus({ days: 1 });
  }
  return target.toMillis() - now.getTime();
}
