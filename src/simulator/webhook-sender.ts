import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { sleep } from './sleep';
import type { StatsRecorder } from './stats';

/** Real Twilio and ElevenLabs do not retry by default; the simulator is kinder so one hiccup does not lose an event. */
const RETRY_DELAYS_MS = [50, 250];
const ATTEMPT_TIMEOUT_MS = 5000;

type Outcome = { ok: true; body: string } | { ok: false; error: string };

/** Signs and POSTs the webhooks of both services, counting deliveries and failures. */
export class WebhookSender {
  constructor(
    private readonly stats: StatsRecorder,
    private readonly closing: AbortSignal,
  ) {}

  /** Status and recording callbacks: retried; never rejects. */
  async postTwilio(url: string, params: Record<string, string>, authToken: string): Promise<void> {
    await this.deliver(url, twilioRequest(url, params, authToken), RETRY_DELAYS_MS);
  }

  /** The call's Url: one attempt, as Twilio does, because a retry could make our side register a call twice. */
  async fetchTwiml(
    url: string,
    params: Record<string, string>,
    authToken: string,
  ): Promise<string | undefined> {
    const outcome = await this.deliver(url, twilioRequest(url, params, authToken), []);
    return outcome.ok ? outcome.body : undefined;
  }

  /** Post-call webhook: retried; never rejects. */
  async postElevenLabs(url: string, payload: unknown, secret: string): Promise<void> {
    const body = JSON.stringify(payload);
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    await this.deliver(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elevenlabs-signature': `t=${t},v0=${signature}` },
        body,
      },
      RETRY_DELAYS_MS,
    );
  }

  private async deliver(url: string, init: RequestInit, retryDelays: number[]): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(url, init);
      if (this.closing.aborted) return outcome;
      if (outcome.ok) {
        this.stats.webhookDelivered();
        return outcome;
      }
      this.stats.webhookFailed(`${init.method} ${url}: ${outcome.error}`);
      const delay = retryDelays[attempt];
      if (delay === undefined) {
        this.stats.webhookGaveUp();
        return outcome;
      }
      await sleep(delay, this.closing);
    }
  }

  private async attempt(url: string, init: RequestInit): Promise<Outcome> {
    try {
      const signal = AbortSignal.any([this.closing, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]);
      const response = await fetch(url, { ...init, signal });
      const body = await response.text();
      return response.ok ? { ok: true, body } : { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        error: error instanceof Error ? (errorCause(error) ?? error.message) : String(error),
      };
    }
  }
}

function twilioRequest(url: string, params: Record<string, string>, authToken: string): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** fetch wraps connection errors as "fetch failed"; the cause (ECONNREFUSED …) is what a human needs. */
function errorCause(error: Error): string | undefined {
  const cause: unknown = error.cause;
  return cause instanceof Error ? cause.message : undefined;
}
