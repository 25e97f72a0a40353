import { Router, type Express, type RequestHandler } from 'express';
import type { z } from 'zod';
import { createApp, type WebOptions } from '../../src/web/app';
import { requireAdmin } from '../../src/web/auth';
import { openApiDocument } from '../../src/web/openapi';
import { campaignsRouter } from '../../src/web/routes/campaigns.routes';
import { callsRouter } from '../../src/web/routes/calls.routes';
import { leadsRouter } from '../../src/web/routes/leads.routes';
import { complianceRouter } from '../../src/web/routes/compliance.routes';
import { eventsRouter } from '../../src/web/routes/events.routes';
import { callerIdsRouter } from '../../src/web/routes/caller-ids.routes';
import { twilioWebhooksRouter } from '../../src/web/webhooks/twilio.webhooks';
import { elevenLabsWebhooksRouter } from '../../src/web/webhooks/elevenlabs.webhooks';
import {
  consentSchema,
  createCampaignSchema,
  dncAddSchema,
  initiateCallSchema,
  killSwitchSchema,
} from '../../src/web/schemas';

/*
 * The document is generated from a route registry written by hand; these tests keep it honest against the code. Routes are read from what Express
 * actually registers: the router factories and the whole app are built with placeholder deps (building them does no
 * I/O and does not touch deps; only handlers do), and their layer stacks are walked.
 */

type Json = unknown;
type JsonObject = Record<string, unknown>;

const doc = openApiDocument as unknown as JsonObject;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Follows a `$ref` chain to the object it names. */
function deref(node: unknown): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error(`$ref loop at ${current.$ref}`);
    current = pointer(current.$ref);
  }
  if (!isObject(current)) throw new Error(`not an object: ${JSON.stringify(node)}`);
  return current;
}

function allRefs(
  node: Json,
  at = '#',
  out: Array<{ ref: string; at: string }> = [],
): Array<{ ref: string; at: string }> {
  if (Array.isArray(node)) node.forEach((item, i) => allRefs(item, `${at}/${i}`, out));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push({ ref: value, at });
      else allRefs(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
}

interface DocumentedOperation {
  method: string;
  path: string;
  pathItem: JsonObject;
  operation: JsonObject;
}

function documentedOperations(): DocumentedOperation[] {
  const paths = doc.paths as JsonObject;
  return Object.entries(paths).flatMap(([path, item]) => {
    const pathItem = item as JsonObject;
    return HTTP_METHODS.filter((m) => isObject(pathItem[m])).map((method) => ({
      method,
      path,
      pathItem,
      operation: pathItem[method] as JsonObject,
    }));
  });
}

// ------------------------------------------------------------------------------------------------ route walking

/** Express 5 (router 2.x) layer, as far as the walk needs it. */
interface LayerLike {
  handle: unknown;
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: LayerLike[] };
}

interface RegisteredRoute {
  method: string;
  /** OpenAPI form: `{param}`, no trailing slash. */
  path: string;
  /** True when a route's handlers include requireAdmin. */
  admin: boolean;
  /** A mounted Express sub-app (Bull Board): its inner routes are its own and are documented as one path. */
  opaque: boolean;
}

function joinPath(...parts: string[]): string {
  const joined = parts.join('/').replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function toOpenApiPath(expressPath: string): string {
  if (/[*?()]|\{/.test(expressPath)) {
    throw new Error(
      `route path ${expressPath} uses Express syntax this test does not translate; extend toOpenApiPath`,
    );
  }
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function stringPath(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new Error(`${what} has a non-string path (${String(value)}); extend the walk`);
  return value;
}

function stackOf(handle: unknown): LayerLike[] | null {
  const stack = (handle as { stack?: unknown } | null)?.stack;
  return Array.isArray(stack) ? (stack as LayerLike[]) : null;
}

function walk(stack: LayerLike[], prefix: string, out: RegisteredRoute[] = []): RegisteredRoute[] {
  for (const layer of stack) {
    if (layer.route) {
      const path = toOpenApiPath(joinPath(prefix, stringPath(layer.route.path, 'a route')));
      const admin = layer.route.stack.some((l) => l.handle === requireAdmin);
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) out.push({ method: method === '_all' ? '*' : method, path, admin, opaque: false });
      }
      continue;
    }
    // app.use(path, subApp) registers a wrapper named mounted_app (express/lib/application.js).
    if ((layer.handle as { name?: unknown }).name === 'mounted_app') {
      out.push({
        method: '*',
        path: joinPath(prefix, stringPath(layer.rawPath, 'a mounted app')),
        admin: false,
        opaque: true,
      });
      continue;
    }
    const inner = stackOf(layer.handle);
    if (!inner) continue; // plain middleware: auth, body parsers, request ids, 404 and error handlers
    walk(inner, joinPath(prefix, stringPath(layer.rawPath, 'a mounted router')), out);
  }
  return out;
}

const placeholderDeps = {} as never;

const passThrough: RequestHandler = (_req, _res, next) => next();

function buildApp(): Express {
  const opts: WebOptions = {
    apiKeys: ['test-key'],
    adminApiKeys: ['test-admin-key'],
    adminUser: 'admin',
    adminPassword: 'secret',
    queues: [],
    trustProxy: [],
    rateLimits: { requests: passThrough, authFailures: () => passThrough },
    health: async () => ({}),
  };
  return createApp(placeholderDeps, opts);
}

/** Every route the app serves: app-level routes plus every mounted router, with its real mount prefix. */
function appRoutes(): RegisteredRoute[] {
  return walk(buildApp().router.stack as unknown as LayerLike[], '/');
}

/** The router factories with the mount prefixes app.ts gives them (checked against the app below). */
const FACTORIES: Array<{ name: string; prefix: string; build: () => Router }> = [
  {
    name: 'campaignsRouter',
    prefix: '/api/campaigns',
    build: () => campaignsRouter(placeholderDeps, placeholderDeps, placeholderDeps),
  },
  { name: 'callsRouter', prefix: '/api/calls', build: () => callsRouter(placeholderDeps) },
  { name: 'leadsRouter', prefix: '/api/leads', build: () => leadsRouter(placeholderDeps) },
  {
    name: 'complianceRouter',
    prefix: '/api',
    build: () => complianceRouter(placeholderDeps, placeholderDeps, placeholderDeps),
  },
  { name: 'eventsRouter', prefix: '/api', build: () => eventsRouter(placeholderDeps) },
  { name: 'callerIdsRouter', prefix: '/api', build: () => callerIdsRouter(placeholderDeps) },
  {
    name: 'twilioWebhooksRouter',
    prefix: '/webhooks/twilio',
    build: () => twilioWebhooksRouter(placeholderDeps),
  },
  {
    name: 'elevenLabsWebhooksRouter',
    prefix: '/webhooks/elevenlabs',
    build: () => elevenLabsWebhooksRouter(placeholderDeps),
  },
];

function factoryRoutes(): RegisteredRoute[] {
  return FACTORIES.flatMap((f) => walk(f.build().stack as unknown as LayerLike[], f.prefix));
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Registered routes with no documentation, and documented operations no route serves. */
function coverage(routes: RegisteredRoute[]): { undocumented: string[]; unserved: string[] } {
  const ops = documentedOperations();
  const documented = new Set(ops.map((o) => key(o.method, o.path)));
  const undocumented = routes
    .filter((r) => (r.opaque ? !ops.some((o) => o.path === r.path) : !documented.has(key(r.method, r.path))))
    .map((r) => key(r.method, r.path));
  const unserved = ops
    .filter(
      (o) => !routes.some((r) => (r.opaque ? r.path === o.path : r.path === o.path && r.method === o.method)),
    )
    .map((o) => key(o.method, o.path));
  return { undocumented: [...new Set(undocumented)].sort(), unserved: unserved.sort() };
}

// ------------------------------------------------------------------------------------------------ tests

describe('OpenAPI document: shape', () => {
  it('is an OpenAPI 3.1 document with info and paths, and plain JSON', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const info = doc.info as JsonObject;
    expect(typeof info.title).toBe('string');
    expect(typeof info.version).toBe('string');
    expect(isObject(doc.paths)).toBe(true);
    expect(Object.keys(doc.paths as JsonObject).length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('resolves every $ref to a component', () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(0);
    const broken = refs.filter(({ ref }) => !ref.startsWith('#/components/') || pointer(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('uses every component: each is reached from an operation, through $refs, or names a security scheme in use', () => {
    const components = doc.components as Record<string, JsonObject>;
    const reached = new Set<string>();
    const queue = allRefs(doc.paths).map(({ ref }) => ref);
    for (let ref = queue.pop(); ref !== undefined; ref = queue.pop()) {
      if (reached.has(ref)) continue;
      reached.add(ref);
      queue.push(...allRefs(pointer(ref)).map((r) => r.ref));
    }
    const requirements = [
      ...(doc.security as JsonObject[]),
      ...documentedOperations().flatMap(({ operation }) => (operation.security as JsonObject[]) ?? []),
    ];
    for (const name of requirements.flatMap((r) => Object.keys(r)))
      reached.add(`#/components/securitySchemes/${name}`);

    const unused = Object.entries(components)
      .flatMap(([kind, entries]) => Object.keys(entries).map((name) => `#/components/${kind}/${name}`))
      .filter((ref) => !reached.has(ref));
    expect(unused).toEqual([]);
  });

  it('has the component schemas the API is described with', () => {
    const schemas = (doc.components as JsonObject).schemas as JsonObject;
    for (const name of [
      'Campaign',
      'CampaignWithProgress',
      'Lead',
      'Call',
      'TranscriptSegment',
      'ComplianceDecision',
      'ComplianceRecord',
      'DomainEvent',
      'UploadReport',
      'Error',
    ]) {
      expect(isObject(schemas[name])).toBe(true);
    }
    const securitySchemes = (doc.components as JsonObject).securitySchemes as JsonObject;
    expect(securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(securitySchemes.adminBasic).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('gives every operation a summary, a unique operationId and described responses', () => {
    const ids = new Set<string>();
    for (const { method, path, operation } of documentedOperations()) {
      const where = key(method, path);
      expect([where, typeof operation.summary]).toEqual([where, 'string']);
      expect([where, typeof operation.operationId]).toEqual([where, 'string']);
      expect(ids.has(operation.operationId as string)).toBe(false);
      ids.add(operation.operationId as string);
      const responses = operation.responses as JsonObject;
      expect([where, isObject(responses) && Object.keys(responses).length > 0]).toEqual([where, true]);
      for (const [status, response] of Object.entries(responses)) {
        expect([where, status]).toEqual([where, expect.stringMatching(/^([1-5]\d\d|default)$/)]);
        expect([where, status, typeof deref(response).description]).toEqual([where, status, 'string']);
      }
    }
  });

  it('declares each path template parameter, and no path parameter that is not in the path', () => {
    for (const { method, path, pathItem, operation } of documentedOperations()) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const params = [
        ...((pathItem.parameters as Json[]) ?? []),
        ...((operation.parameters as Json[]) ?? []),
      ].map(deref);
      const declared = params.filter((p) => p.in === 'path').map((p) => p.name as string);
      expect([key(method, path), [...new Set(declared)].sort()]).toEqual([key(method, path), templated]);
      for (const p of params.filter((p) => p.in === 'path')) expect(p.required).toBe(true);
    }
  });

  it('uses only declared security schemes; webhooks and operational routes opt out of the API key', () => {
    const schemes = Object.keys((doc.components as JsonObject).securitySchemes as JsonObject);
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    for (const { method, path, operation } of documentedOperations()) {
      const security = operation.security as Array<Record<string, unknown>> | undefined;
      for (const requirement of security ?? []) {
        for (const name of Object.keys(requirement))
          expect([key(method, path), schemes.includes(name)]).toEqual([key(method, path), true]);
      }
      if (path.startsWith('/webhooks/')) {
        expect([key(method, path), security]).toEqual([key(method, path), []]);
        expect(operation.description).toMatch(/signature/i);
        expect(Object.keys(operation.responses as JsonObject)).toContain('403');
      } else if (path.startsWith('/health') || path === '/metrics' || path === '/api/openapi.json') {
        expect([key(method, path), security]).toEqual([key(method, path), []]);
      } else if (path === '/admin' || path.startsWith('/admin/')) {
        expect([key(method, path), security]).toEqual([key(method, path), [{ adminBasic: [] }]]);
      } else {
        expect([key(method, path), security]).toEqual([key(method, path), undefined]);
        expect([key(method, path), Object.keys(operation.responses as JsonObject)]).toEqual([
          key(method, path),
          expect.arrayContaining(['401']),
        ]);
      }
    }
  });

  it('describes the request bodies with the properties, required fields and defaults of the zod schemas', () => {
    const schemas = (doc.components as JsonObject).schemas as Record<string, JsonObject>;
    const pairs: Array<[string, z.ZodObject]> = [
      ['CreateCampaignRequest', createCampaignSchema],
      ['InitiateCallRequest', initiateCallSchema],
      ['CreateConsentRequest', consentSchema],
      ['DncAddRequest', dncAddSchema],
      ['KillSwitch', killSwitchSchema],
    ];
    for (const [name, zod] of pairs) {
      const schema = schemas[name]!;
      const shape = zod.shape as Record<string, z.ZodType>;
      expect([name, Object.keys(schema.properties as JsonObject).sort()]).toEqual([
        name,
        Object.keys(shape).sort(),
      ]);
      const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
      expect([name, [...((schema.required as string[]) ?? [])].sort()]).toEqual([name, required.sort()]);
      expect(schema.additionalProperties).toBe(false); // every body schema is .strict()
    }

    // Defaults: what zod fills in for a minimal body is what the document says.
    const campaign = createCampaignSchema.parse({ name: 'x' });
    const c = schemas.CreateCampaignRequest!.properties as Record<string, JsonObject>;
    const limits = c.limits!.properties as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(campaign.limits)) expect([k, limits[k]!.default]).toEqual([k, v]);
    const retry = c.retry!.properties as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(campaign.retry)) expect([k, retry[k]!.default]).toEqual([k, v]);
    const voicemail = c.voicemail!.properties as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(campaign.voicemail))
      expect([k, voicemail[k]!.default]).toEqual([k, v]);
    expect(c.callingWindow!.default).toBe(campaign.callingWindow);

    const initiate = initiateCallSchema.parse({ leadId: 'l' });
    expect(
      (schemas.InitiateCallRequest!.properties as Record<string, JsonObject>).overrideTCPA!.default,
    ).toBe(initiate.overrideTCPA);

    const consent = consentSchema.parse({
      phone: '+13125550123',
      method: 'written',
      capturedAt: '2025-01-01T00:00:00Z',
      sellerName: 'Acme',
      coversAutomatedCalls: true,
    });
    const cs = schemas.CreateConsentRequest!.properties as Record<string, JsonObject>;
    expect(cs.leadId!.default).toBe(consent.leadId);
    expect(cs.expiresAt!.default).toBe(consent.expiresAt);
    const source = cs.source!.properties as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(consent.source)) expect([k, source[k]!.default]).toEqual([k, v]);
  });
});

describe('OpenAPI document: route coverage', () => {
  it('finds the routes Express registers (the walk works)', () => {
    const routes = appRoutes();
    const keys = routes.map((r) => key(r.method, r.path));
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /api/openapi.json',
        'POST /api/campaigns',
        'GET /api/campaigns/{id}',
        'POST /api/campaigns/{id}/cancel',
        'GET /api/calls/{callId}/transcript',
        'DELETE /api/dnc/{phone}',
        'POST /webhooks/twilio/status/{callId}',
        'POST /webhooks/elevenlabs/conversation',
        '* /admin/queues',
      ]),
    );
    expect(
      routes
        .filter((r) => r.admin)
        .map((r) => key(r.method, r.path))
        .sort(),
    ).toEqual(
      [
        'DELETE /api/admin/caller-ids/{phone}',
        'DELETE /api/dnc/{phone}',
        'GET /api/admin/kill-switch',
        'POST /api/admin/caller-ids',
        'POST /api/admin/kill-switch',
        'POST /api/dnc/registry',
      ].sort(),
    );
  });

  it('builds each router factory with placeholder deps, mounted where app.ts mounts it', () => {
    const fromApp = new Set(appRoutes().map((r) => key(r.method, r.path)));
    for (const f of FACTORIES) {
      const routes = walk(f.build().stack as unknown as LayerLike[], f.prefix);
      expect([f.name, routes.length > 0]).toEqual([f.name, true]);
      const notInApp = routes.map((r) => key(r.method, r.path)).filter((k) => !fromApp.has(k));
      expect([f.name, notInApp]).toEqual([f.name, []]);
    }
  });

  it('documents every registered route, and serves every documented one', () => {
    const routes = [...appRoutes(), ...factoryRoutes()];
    expect(coverage(routes)).toEqual({ undocumented: [], unserved: [] });
  });

  it('marks exactly the routes guarded by requireAdmin as admin-only, with a 403', () => {
    const ops = documentedOperations();
    for (const route of appRoutes().filter((r) => !r.opaque)) {
      const op = ops.find((o) => o.path === route.path && o.method === route.method)!;
      const where = key(route.method, route.path);
      expect([where, op.operation['x-admin-only'] === true]).toEqual([where, route.admin]);
      if (route.admin)
        expect([where, Object.keys(op.operation.responses as JsonObject)]).toEqual([
          where,
          expect.arrayContaining(['403']),
        ]);
    }
  });

  it('would catch a route added without documentation', () => {
    const router = campaignsRouter(placeholderDeps, placeholderDeps, placeholderDeps);
    router.get('/:id/undocumented', () => undefined);
    const routes = walk(router.stack as unknown as LayerLike[], '/api/campaigns');
    expect(coverage(routes).undocumented).toEqual(['GET /api/campaigns/{id}/undocumented']);
  });
});
