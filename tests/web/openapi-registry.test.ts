import { z } from 'zod';
import { jsonSchemaOf, operationFor, pathsFor, type ApiRoute } from '../../src/web/openapi-registry';
import { API_ROUTES } from '../../src/web/openapi-routes';
import { openApiDocument } from '../../src/web/openapi';
import {
  callsPageQuery,
  campaignsPageQuery,
  dncPageQuery,
  leadsPageQuery,
  uploadsPageQuery,
} from '../../src/web/schemas';

const route = (over: Partial<ApiRoute>): ApiRoute => ({
  method: 'get',
  path: '/api/things/{thingId}',
  operationId: 'getThing',
  tag: 'Things',
  summary: 'A thing',
  auth: 'api',
  responses: { '200': { description: 'The thing.', schema: 'Thing' } },
  ...over,
});

describe('OpenAPI route registry', () => {
  it('declares path parameters from the template and query parameters from the zod object', () => {
    const op = operationFor(
      route({
        query: z.object({ limit: z.coerce.number().int().max(5).default(2), q: z.string().max(9) }),
      }),
    );
    expect(op.parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: -9007199254740991, maximum: 5, default: 2 },
      },
      { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 9 } },
    ]);
  });

  it.each([
    ['api', undefined, undefined, ['200', '401', '500']],
    ['admin', undefined, true, ['200', '401', '403', '500']],
    ['none', [], undefined, ['200', '500']],
    ['basic', [{ adminBasic: [] }], undefined, ['200', '401', '500']],
    ['signature', [], undefined, ['200', '403', '500']],
  ] as const)('auth %s: security %j, admin-only %j, answers %j', (auth, security, admin, statuses) => {
    const op = operationFor(route({ auth }));
    expect(op.security).toEqual(security);
    expect(op['x-admin-only']).toBe(admin);
    expect(Object.keys(op.responses as object)).toEqual(statuses);
  });

  it('describes a zod body as JSON Schema of its input, defaults included', () => {
    const body = z.strictObject({
      n: z.string().max(3),
      at: z.string().transform(Number).nullable().default(null),
    });
    const op = operationFor(route({ method: 'post', body: { schema: body } }));
    expect(op.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: jsonSchemaOf(body) } },
    });
    expect(jsonSchemaOf(body)).toMatchObject({
      type: 'object',
      required: ['n'],
      additionalProperties: false,
      properties: { n: { type: 'string', maxLength: 3 }, at: { default: null } },
    });
  });

  it('refuses to describe one operation twice, and keeps hand-written operations of the same path', () => {
    expect(() => pathsFor([route({}), route({})])).toThrow('GET /api/things/{thingId} is described twice');
    const paths = pathsFor([route({ method: 'post', operationId: 'postThing' })], {
      '/api/things/{thingId}': { get: { operationId: 'handWritten' } },
    });
    expect(Object.keys(paths['/api/things/{thingId}']!)).toEqual(['get', 'post']);
  });

  it('every registry route is in the served document, and the document has no other operation', () => {
    const paths = openApiDocument.paths as Record<string, Record<string, { operationId: string }>>;
    for (const r of API_ROUTES) expect(paths[r.path]?.[r.method]?.operationId).toBe(r.operationId);
    const documented = Object.values(paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => r.operationId).sort());
  });

  it("a listing's query parameters are those of the zod schema its route parses", () => {
    const op = (path: string) =>
      (openApiDocument.paths as Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>)[
        path
      ]!.get;
    for (const [path, query] of [
      ['/api/campaigns', campaignsPageQuery],
      ['/api/campaigns/{id}/leads', leadsPageQuery],
      ['/api/campaigns/{id}/uploads', uploadsPageQuery],
      ['/api/calls/lead/{leadId}', callsPageQuery],
      ['/api/dnc', dncPageQuery],
    ] as const) {
      const names = op(path)
        .parameters.filter((p) => p.in === 'query')
        .map((p) => p.name);
      expect([path, names]).toEqual([path, Object.keys(query.shape)]);
    }
  });
});
