import { callRecord } from '../support/call-record';
import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import type { Harness } from '../support/harness';
import type { Call } from '../../src/domain/call';
import type { SimulatorProfile } from '../../src/simulator';

/** The error body every failing API call answers: `{ error: { code, message, field? }, requestId }`. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    details?: Array<{ field: string; reason: string }>;
  };
  requestId: string;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** fetch with a parsed body (JSON when the answer says so), for requests the api client cannot make. */
export async function request<T = unknown>(url: string, init: RequestInit = {}): Promise<HttpAnswer<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  const body = (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  return { status: res.status, body, headers: res.headers, text };
}

/** Asserts the common error shape, the status, the code and (when given) the field. */
export function expectError(
  res: { status: number; body: unknown },
  status: number,
  code: string,
  field?: string,
): ErrorBody {
  const body = res.body as ErrorBody;
  expect({ status: res.status, code: body?.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.error.field).toBe(field);
  return body;
}

/** Area codes of states with no stricter hours or caps (IL, NY, CO, GA, OH, MI, CA): every lead here uses them. */
const AREA_CODES = ['312', '212', '303', '404', '614', '313', '213'];

/** A distinct valid US number per (block, i): exchange 2xx–9xx never N11, the block keeps test files apart. */
export function phoneFor(block: number, i: number): string {
  const npa = AREA_CODES[i % AREA_CODES.length]!;
  let exchange = 200 + ((block * 97 + i * 13) % 800);
  if (exchange % 100 === 11) exchange += 1;
  const line = String((block * 1000 + i * 7) % 10000).padStart(4, '0');
  return `+1${npa}${exchange}${line}`;
}

/** Written, AI-covering consent captured 30 days before the harness clock (valid for every rule). */
export function consentFields(h: Harness) {
  return {
    consent_method: 'electronic_signature',
    consent_captured_at: new Date(h.clock.now().getTime() - 30 * 86_400_000).toISOString(),
    consent_seller: 'Lakeside Realty',
    consent_automated: 'yes',
    consent_form_url: 'https://lakeside.example/valuation',
    consent_ip: '203.0.113.7',
  };
}

/** A lead for a JSON upload, with consent unless `consent: false`. */
export function jsonLead(h: Harness, phone: string, firstName: string, opts: { consent?: boolean } = {}) {
  return {
    phone,
    first_name: firstName,
    last_name: 'Tester',
    property_address: '12 Oak St',
    ...(opts.consent === false ? {} : consentFields(h)),
  };
}

/**
 * The National DNC registry fails closed for an area code with no imported file: import one for every area code
 * used (a number nobody uses in each), downloaded a day before the harness clock.
 */
export async function importRegistry(h: Harness, extraNumbers: string[] = []): Promise<void> {
  const numbers = [...AREA_CODES.map((npa) => `+1${npa}5550199`), ...extraNumbers];
  await h.client.importRegistry(numbers, new Date(h.clock.now().getTime() - 86_400_000));
}

/** Campaign settings with fast retries and the given voicemail policy. */
export function campaignBody(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    limits: { maxConcurrentCalls: 2, callsPerSecond: 5, maxAttemptsPerLead: 3 },
    voicemail: { action: 'hangup' },
    ...overrides,
  };
}

/** Twilio's signature of `PUBLIC_BASE_URL + path` with these params, made with `token` (ours by default). */
export function twilioSignature(
  h: Harness,
  path: string,
  params: Record<string, string>,
  token = h.config.TWILIO_AUTH_TOKEN,
): string {
  return twilio.getExpectedTwilioSignature(token, `${h.config.PUBLIC_BASE_URL}${path}`, params);
}

/**
 * POSTs a Twilio webhook as form data. `signature`: undefined = the correct one, null = no header, a string = sent
 * as is.
 */
export function postTwilio(
  h: Harness,
  path: string,
  params: Record<string, string>,
  signature?: string | null,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const sig = signature === undefined ? twilioSignature(h, path, params) : signature;
  if (sig !== null) headers['x-twilio-signature'] = sig;
  return request(`${h.base}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  });
}

/** `ElevenLabs-Signature: t=<unix>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function elevenLabsSignature(
  secret: string,
  rawBody: string,
  t = Math.floor(Date.now() / 1000),
): string {
  return `t=${t},v0=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}

export function postElevenLabs(h: Harness, rawBody: string, signature: string | null): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['elevenlabs-signature'] = signature;
  return request(`${h.base}/webhooks/elevenlabs/conversation`, { method: 'POST', headers, body: rawBody });
}

/** A Call record as the dial processor leaves it once Twilio accepted the call (status queued). */
export function placedCall(
  lead: { id: string; campaignId: string; phone: string },
  attemptNumber: number,
  at: Date,
): Call {
  const attemptId = `${lead.id}-a${attemptNumber}`;
  return callRecord({ callId: `call-${attemptId}`, attemptId }, at, {
    attemptNumber,
    leadId: lead.id,
    campaignId: lead.campaignId,
    to: lead.phone,
    from: '+13125550100',
    status: 'queued',
    timeline: [
      { status: 'created', at, source: 'dial' },
      { status: 'queued', at, source: 'dial' },
    ],
    twilio: {
      callSid: `CA${attemptId
        .replace(/[^0-9a-f]/g, '')
        .padEnd(32, '0')
        .slice(0, 32)}`,
      answeredBy: null,
    },
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A carrier on which every call is answered by a person who is interested: no retries and no do-not-call requests,
 * so each lead is dialed exactly once, and a campaign that runs to the end has every lead `completed`.
 */
export function interestedPeople(
  ringMs: [number, number],
  talkMs: [number, number],
): Partial<SimulatorProfile> {
  return {
    ringMs,
    talkMs,
    answerRate: 1,
    busyRate: 0,
    noAnswerRate: 0,
    failedRate: 0,
    machineRate: 0,
    replies: { interested: 1 },
  };
}
