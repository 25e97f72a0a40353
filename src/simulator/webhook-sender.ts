import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Agent as TlsAgent, request as tlsRequest } from 'node:https';
import twilio from 'twilio';
import { sleep } from './sleep';
import type { StatsRecorder } from './stats';
import type { WebhookKind } from './types';

/** Real Twilio and ElevenLabs do not retry by default; the simulator is kinder so one hiccup does not lose an event. */
const RETRY_DELAYS_MS = [50, 250];
/**
 * Twilio waits 15 s for an answer to any of its requests (error 11205 after that), the call's Url included; the
 * simulator waits as long (for ElevenLabs too, which documents no limit), so a test or bench loses a webhook
 * when Twilio would.
 */
const ATTEMPT_TIMEOUT_MS = 15_000;
const IDLE_SOCKET_MS = 30_000;

type Outcome = { ok: true; body: string } | { ok: false; error: string };

interface WebhookRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/**
 * Signs and POSTs the webhooks of both services, counting deliveries and failures. Plain node:http over kept-alive
 * connections: the simulator sends several webhooks per call, and fetch's per-request setup (and an abort signal
 * per request tied to the closing one) cost it more CPU than the dialer it is measuring.
 */
export class WebhookSender {
  // An idle connection is closed by this side after IDLE_SOCKET_MS, as a well-behaved client does before the
  // server's own keep-alive timeout (65 s for our API): else a webhook can be sent just as the server closes it.
  private readonly agent = new Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  private readonly tlsAgent = new TlsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

  constructor(
    private readonly stats: StatsRecorder,
    private readonly closing: AbortSignal,
  ) {
    closing.addEventListener(
      'abort',
      () => {
        this.agent.destroy();
        this.tlsAgent.destroy();
      },
      { once: true },
    );
  }

  /** Status and recording callbacks: retried; never rejects. */
  async postTwilio(
    kind: 'status' | 'recording',
    url: string,
    params: Record<string, string>,
    authToken: string,
  ): Promise<void> {
    await this.deliver(kind, url, twilioRequest(url, params, authToken), RETRY_DELAYS_MS);
  }

  /** The call's Url: one attempt, as Twilio does, because a retry could make our side register a call twice. */
  async fetchTwiml(
    url: string,
    params: Record<string, string>,
    authToken: string,
  ): Promise<string | undefined> {
    const outcome = await this.deliver('twiml', url, twilioRequest(url, params, authToken), []);
    return outcome.ok ? outcome.body : undefined;
  }

  /** Post-call webhook: retried; never rejects. */
  async postElevenLabs(url: string, payload: unknown, secret: string): Promise<void> {
    const body = JSON.stringify(payload);
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    await this.deliver(
      'post-call',
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elevenlabs-signature': `t=${t},v0=${signature}` },
        body,
      },
      RETRY_DELAYS_MS,
    );
  }

  private async deliver(
    kind: WebhookKind,
    url: string,
    init: WebhookRequest,
    retryDelays: number[],
  ): Promise<Outcome> {
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
        this.stats.webhookGaveUp(kind);
        return outcome;
      }
      await sleep(delay, this.closing);
    }
  }

  private attempt(url: string, init: WebhookRequest): Promise<Outcome> {
    if (this.closing.aborted) return Promise.resolve({ ok: false, error: 'simulator closing' });
    return new Promise((resolve) => {
      const tls = url.startsWith('https:');
      const req = (tls ? tlsRequest : request)(url, {
        method: init.method,
        headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        agent: tls ? this.tlsAgent : this.agent,
        timeout: ATTEMPT_TIMEOUT_MS,
      });
      const finish = (outcome: Outcome) => {
        this.closing.removeEventListener('abort', onClosing);
        resolve(outcome);
      };
      const onClosing = () => req.destroy(new Error('simulator closing'));
      this.closing.addEventListener('abort', onClosing, { once: true });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)));
      req.on('error', (err) => finish({ ok: false, error: err.message }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => finish({ ok: false, error: err.message }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          finish(status >= 200 && status < 300 ? { ok: true, body } : { ok: false, error: `HTTP ${status}` });
        });
      });
      req.end(init.body);
    });
  }
}

function twilioRequest(url: string, params: Record<string, string>, authToken: string): WebhookRequest {
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
