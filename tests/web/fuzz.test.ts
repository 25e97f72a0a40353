import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import mongoose from 'mongoose';
import twilio from 'twilio';
import { startHarness, type Harness } from '../support/harness';
import { openApiDocument } from '../../src/web/openapi';
import { elevenLabsSignature, importRegistry, jsonLead, phoneFor, placedCall } from './web-support';

/**
 * Every documented route and webhook, with malformed, mistyped, huge, deeply nested, repeated and oddly encoded
 * input (issue 11): never a 5xx, nothing written by a request that was refused, and the process keeps answering.
 * Bounded: a fixed number of runs with a fixed seed, so a failure can be replayed.
 */

/**
 * What a refused request must not have changed: every MongoDB document (read whole: the fuzz database stays
 * small), and, for the ports kept in Redis, any call of a method that writes.
 */
const REDIS_WRITES = /^(enqueue|remove|import|release|acquire|set)/;
const REDIS_PORTS = ['scheduler', 'registry', 'permits', 'killSwitch'] as const;

interface Route {
  method: string;
  path: string;
}

const ROUTES: Route[] = Object.entries(openApiDocument.paths as Record<string, Record<string, unknown>>)
  .flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), path })),
  )
  .filter((r) => !r.path.startsWith('/admin/'));

/** Text that is hard to read: control characters, lone surrogates, RTL marks, long runs, formula starts. */
const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\u202e+13125550123',
    '=cmd|/c calc',
    '../../etc/passwd',
    '%00',
  ),
  fc.constantFrom('x'.repeat(100_000), '9'.repeat(5000), '+1'.repeat(3000)),
  fc.constantFrom('NaN', '-1', '1e309', '0x10', 'true', 'null', '[]', '{}', '__proto__', 'constructor'),
);

/** encodeURIComponent, with lone surrogates (which it refuses) replaced first. */
const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));

const nested = (depth: number, open: string, close: string, inner = '"x"') =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

/** A JSON-ish body: valid JSON of any shape, JSON with our field names and bad values, broken or hostile text. */
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        name: fc.oneof(oddText, fc.jsonValue()),
        phone: fc.oneof(oddText, fc.jsonValue()),
        leadId: fc.oneof(oddText, fc.jsonValue()),
        leads: fc.oneof(
          fc.array(fc.dictionary(oddText, fc.oneof(oddText, fc.jsonValue())), { maxLength: 3 }),
          fc.jsonValue(),
        ),
        callerId: oddText,
        reason: oddText,
        engaged: fc.jsonValue(),
        method: oddText,
        capturedAt: fc.oneof(oddText, fc.jsonValue()),
        sellerName: oddText,
        coversAutomatedCalls: fc.jsonValue(),
        source: fc.jsonValue(),
        limits: fc.jsonValue(),
        callingWindow: fc.jsonValue(),
        overrideTCPA: fc.jsonValue(),
        overrideReason: oddText,
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{',
    '{"a":',
    'null',
    '[null]',
    '"\\ud800"',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    nested(50_000, '[', ']'),
    nested(50_000, '{"a":', '}'),
    `{"leads":[{"phone":"+13125550123","first_name":${nested(50_000, '[', ']')}}]}`,
    `{"name":"${'n'.repeat(90_000)}"}`,
  ),
);

type Body = { type: string | null; text: string | Buffer; encoding?: string };

const body: fc.Arbitrary<Body> = fc.oneof(
  jsonBody.map((text) => ({ type: 'application/json', text })),
  jsonBody.map((text) => ({ type: 'application/json; charset=utf-16', text })),
  jsonBody.map((text) => ({ type: 'application/json; charset=koi8-r', text })),
  jsonBody.map((text) => ({ type: 'application/json', text: Buffer.from(text), encoding: 'gzip' })),
  jsonBody.map((text) => ({ type: 'application/json', text: gzipSync(text), encoding: 'gzip' })),
  jsonBody.map((text) => ({ type: 'application/json', text, encoding: 'br' })),
  fc.array(oddText, { maxLength: 5 }).map((cells) => ({
    type: 'text/csv',
    text: `phone,first_name\n${cells.join(',')}\n"unclosed,${cells.join('\n')}`,
  })),
  fc.array(fc.tuple(oddText, oddText), { maxLength: 6 }).map((pairs) => ({
    type: 'application/x-www-form-urlencoded',
    text: pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&') + '&a=1&a=2',
  })),
  oddText.map((text) => ({ type: 'text/plain', text })),
  oddText.map((text) => ({ type: null, text })),
  oddText.map((text) => ({ type: 'multipart/form-data; boundary=x', text })),
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('phone', 'leadId', 'published', 'limit', 'after', 'downloadedAt', 'callId', 'x'),
        oddText,
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`),
  fc.constantFrom(
    '?phone=%E0%A4%A',
    '?leadId[$ne]=x',
    '?limit=1&limit=2',
    '?published=true&published=false',
    '?%',
  ),
);

describe('fuzz: every route and webhook', () => {
  let h: Harness;
  let ids: { campaign: string; lead: string; call: string; consent: string };
  let writes = 0;

  beforeAll(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '1000000', AUTH_FAILURE_LIMIT: '1000000' } });
    await importRegistry(h);
    const campaign = await h.client.createCampaign({ name: 'fuzz', voicemail: { action: 'hangup' } });
    const up = await h.client.call<{ leadIds: string[] }>('POST', `/api/campaigns/${campaign.id}/leads`, {
      body: { leads: [jsonLead(h, phoneFor(81, 1), 'Fuzz')] },
    });
    const lead = { id: up.body.leadIds[0]!, campaignId: campaign.id, phone: phoneFor(81, 1) };
    const { call } = await h.api.deps.calls.createForAttempt(placedCall(lead, 1, h.clock.now()));
    const consent = await h.api.deps.consents.create({
      phone: lead.phone,
      leadId: null,
      method: 'written',
      capturedAt: new Date(h.clock.now().getTime() - 86_400_000),
      expiresAt: null,
      sellerName: 'Fuzz Realty',
      coversAutomatedCalls: true,
      source: { formUrl: null, ip: null },
    });
    ids = { campaign: campaign.id, lead: lead.id, call: call.callId, consent: consent.id };
    // Count every Redis write the API makes from here on.
    const deps = h.api.deps as unknown as Record<string, Record<string, unknown>>;
    for (const name of REDIS_PORTS) {
      const port = deps[name]!;
      for (const method of methodsOf(port)) {
        if (!REDIS_WRITES.test(method)) continue;
        const original = (port[method] as (...args: unknown[]) => unknown).bind(port);
        port[method] = (...args: unknown[]) => {
          writes++;
          return original(...args);
        };
      }
    }
  }, 60_000);
  afterAll(() => h.close());

  /** The stand-in database of this harness: MONGODB_URI's path names it. */
  function database() {
    const name = new URL(h.config.MONGODB_URI).pathname.slice(1);
    const conn = mongoose.connections.find((c) => c.name === name);
    if (!conn?.db) throw new Error(`no connection to ${name}`);
    return conn.db;
  }

  async function snapshot(): Promise<string> {
    const db = database();
    const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
    const docs = await Promise.all(collections.map((c) => db.collection(c).find({}).toArray()));
    return `${writes}|${JSON.stringify(docs)}`;
  }

  function methodsOf(obj: object): string[] {
    const names = new Set<string>();
    for (
      let o: object | null = obj;
      o && o !== Object.prototype;
      o = Object.getPrototypeOf(o) as object | null
    )
      for (const n of Object.getOwnPropertyNames(o))
        if (n !== 'constructor' && typeof (obj as Record<string, unknown>)[n] === 'function') names.add(n);
    return [...names];
  }

  const param = fc.oneof(
    fc.constantFrom('campaign', 'lead', 'call', 'consent').map((k) => () => ids[k as keyof typeof ids]),
    oddText.map((t) => () => t),
  );

  function fill(path: string, values: Array<() => string>): string {
    let i = 0;
    return path.replace(/\{\w+\}/g, () => encode(values[i++ % values.length]!()) || 'x');
  }

  async function send(method: string, url: string, b: Body, headers: Record<string, string>) {
    const h2: Record<string, string> = { ...headers };
    if (b.type) h2['content-type'] = b.type;
    if (b.encoding) h2['content-encoding'] = b.encoding;
    const res = await fetch(url, {
      method,
      headers: h2,
      body: method === 'GET' || method === 'DELETE' ? undefined : b.text,
    });
    const text = await res.text();
    return { status: res.status, text };
  }

  async function alive() {
    const res = await fetch(`${h.base}/health`);
    expect(res.status).toBe(200);
  }

  it('API routes: any input → never 5xx; a refused request writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES.filter((r) => !r.path.startsWith('/webhooks/'))),
        fc.array(param, { minLength: 1, maxLength: 2 }),
        query,
        body,
        fc.boolean(),
        async (route, params, q, b, admin) => {
          const key = admin ? h.config.ADMIN_API_KEYS[0]! : h.config.API_KEYS[0]!;
          const before = await snapshot();
          const res = await send(route.method, `${h.base}${fill(route.path, params)}${q}`, b, {
            authorization: `Bearer ${key}`,
          });
          const where = `${route.method} ${route.path} → ${res.status}: ${res.text.slice(0, 200)}`;
          expect([where, res.status < 500]).toEqual([where, true]);
          if (res.status >= 400) expect([where, await snapshot()]).toEqual([where, before]);
        },
      ),
      { numRuns: 250, seed: 11 },
    );
    await alive();
  }, 300_000);

  it('Twilio webhooks, signed: any parameters (repeated, huge, odd) → never 5xx; refused ones write nothing', async () => {
    const signed = (path: string, params: Record<string, string | string[]>) =>
      twilio.getExpectedTwilioSignature(
        h.config.TWILIO_AUTH_TOKEN,
        `${h.config.PUBLIC_BASE_URL}${path}`,
        params as Record<string, string>,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('connect', 'status', 'recording'),
        param,
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              'CallSid',
              'CallStatus',
              'AnsweredBy',
              'CallDuration',
              'RecordingStatus',
              'RecordingSid',
              'RecordingUrl',
            ),
            oddText,
          ),
          fc.oneof(
            oddText,
            fc.constantFrom('completed', 'in-progress', 'busy', 'human', 'machine_end_beep'),
            fc.array(fc.constantFrom('human', 'completed', ''), { minLength: 2, maxLength: 3 }),
          ),
          { maxKeys: 6 },
        ),
        fc.boolean(),
        async (hook, id, params, sign) => {
          const path = `/webhooks/twilio/${hook}/${encode(id()) || 'x'}`;
          const form = new URLSearchParams();
          for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) form.append(k, one);
          const before = await snapshot();
          const res = await send(
            'POST',
            `${h.base}${path}`,
            {
              type: 'application/x-www-form-urlencoded',
              text: form.toString(),
            },
            sign ? { 'x-twilio-signature': signed(path, params) } : {},
          );
          const where = `${hook} ${JSON.stringify(params).slice(0, 200)} → ${res.status}: ${res.text.slice(0, 200)}`;
          expect([where, res.status < 500]).toEqual([where, true]);
          if (res.status >= 400) expect([where, await snapshot()]).toEqual([where, before]);
          // Unsigned: refused, by the signature check (403), or before it for a body or path too big to read.
          if (!sign) expect([where, [403, 413, 431].includes(res.status)]).toEqual([where, true]);
        },
      ),
      { numRuns: 150, seed: 12 },
    );
    await alive();
  }, 300_000);

  it('ElevenLabs webhook, signed: any body → never 5xx; refused ones write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonBody,
          fc
            .record({
              type: fc.constantFrom('post_call_transcription', 'call_initiation_failure', 'post_call_audio'),
              data: fc.oneof(
                fc.jsonValue({ maxDepth: 3 }),
                fc.record(
                  {
                    conversation_id: fc.oneof(oddText, fc.jsonValue()),
                    transcript: fc.jsonValue({ maxDepth: 3 }),
                    metadata: fc.jsonValue({ maxDepth: 3 }),
                    analysis: fc.jsonValue({ maxDepth: 2 }),
                    conversation_initiation_client_data: fc.constantFrom(
                      { dynamic_variables: { call_id: 'CALL' } },
                      { dynamic_variables: null },
                      [],
                    ),
                  },
                  { requiredKeys: [] },
                ),
              ),
            })
            .map((v) => JSON.stringify(v).replace('"CALL"', JSON.stringify(ids.call))),
        ),
        async (raw) => {
          const before = await snapshot();
          const res = await send(
            'POST',
            `${h.base}/webhooks/elevenlabs/conversation`,
            { type: 'application/json', text: raw },
            { 'elevenlabs-signature': elevenLabsSignature(h.config.ELEVENLABS_WEBHOOK_SECRET, raw) },
          );
          const where = `${raw.slice(0, 200)} → ${res.status}: ${res.text.slice(0, 200)}`;
          expect([where, res.status < 500]).toEqual([where, true]);
          if (res.status >= 400) expect([where, await snapshot()]).toEqual([where, before]);
        },
      ),
      { numRuns: 150, seed: 13 },
    );
    await alive();
  }, 300_000);
});
