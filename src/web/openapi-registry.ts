import { z } from 'zod';

/**
 * Operations of the OpenAPI document described as data: the zod schemas that validate a route's query and body
 * also describe them, so the document cannot drift from the validation. A new route is one entry in
 * `API_ROUTES` (src/web/openapi-routes.ts).
 */

/** Who may call: an API key, an admin key, anyone, HTTP Basic (Bull Board), or a provider's signature. */
export type RouteAuth = 'api' | 'admin' | 'none' | 'basic' | 'signature';

type Json = Record<string, unknown>;

/**
 * A schema: zod (turned into JSON Schema), the name of a component in components.schemas, or JSON Schema written
 * out (for answers only: what a client sends is always described by the zod schema that validates it).
 */
export type SchemaRef = z.ZodType | string | Json;

export interface RouteResponse {
  description: string;
  schema?: SchemaRef;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Json;
}

export interface RouteBody {
  schema: z.ZodType | string;
  /** Defaults to application/json. */
  contentType?: string;
  example?: unknown;
}

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /api/leads/{id}. Each {param} is declared as a required string unless `params` says more. */
  path: string;
  operationId: string;
  /** The first is the operation's home; more list it under other tags too. */
  tag: string | string[];
  summary: string;
  description?: string;
  auth: RouteAuth;
  params?: z.ZodObject;
  /** Each property is one query parameter. */
  query?: z.ZodObject;
  /** Several when the route reads several content types. */
  body?: RouteBody | RouteBody[];
  /** Header parameters, as OpenAPI parameter objects (e.g. a provider's signature). */
  headers?: Json[];
  /** By status; a string names a shared response in components.responses (e.g. 'NotFound'). */
  responses: Record<string, RouteResponse | string>;
}

/** JSON Schema of what a client sends (defaults shown, transforms as their input), without the $schema line. */
export function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  // zod leaves out the default of a field whose value is transformed (e.g. a date read from text): put it back.
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const properties = (json.properties ?? {}) as Record<string, Json>;
  for (const [name, field] of Object.entries(shape)) {
    if (field instanceof z.ZodDefault && properties[name] && !('default' in properties[name]))
      properties[name].default = field.def.defaultValue;
  }
  return json;
}

function schemaOf(ref: SchemaRef): Json {
  if (typeof ref === 'string') return { $ref: `#/components/schemas/${ref}` };
  return ref instanceof z.ZodType ? jsonSchemaOf(ref) : ref;
}

function contentOf(bodies: RouteBody[]): Json {
  return Object.fromEntries(
    bodies.map((b) => [
      b.contentType ?? 'application/json',
      { schema: schemaOf(b.schema), ...(b.example === undefined ? {} : { example: b.example }) },
    ]),
  );
}

function parametersOf(route: ApiRoute): Json[] {
  const pathSchema = route.params ? (jsonSchemaOf(route.params).properties as Record<string, Json>) : {};
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params: Json[] = inPath.map((name) => {
    const { description, ...schema } = pathSchema[name] ?? { type: 'string' };
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
  });
  params.push(...(route.headers ?? []));
  if (route.query) {
    const query = jsonSchemaOf(route.query);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = schema;
      params.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return params;
}

/** Responses every route of an auth kind has, added unless the route describes them itself. */
const AUTH_RESPONSES: Record<RouteAuth, Record<string, string>> = {
  api: { '401': 'Unauthorized' },
  admin: { '401': 'Unauthorized', '403': 'AdminOnly' },
  none: {},
  basic: { '401': 'Unauthorized' },
  signature: { '403': 'InvalidSignature' },
};

const SECURITY: Record<RouteAuth, Json[] | undefined> = {
  api: undefined, // the document's default: bearerAuth
  admin: undefined,
  none: [],
  basic: [{ adminBasic: [] }],
  signature: [],
};

export function operationFor(route: ApiRoute): Json {
  const responses: Record<string, Json> = {};
  const all: Record<string, RouteResponse | string> = {
    ...AUTH_RESPONSES[route.auth],
    '500': 'InternalError',
    ...route.responses,
  };
  for (const status of Object.keys(all).sort()) {
    const r = all[status]!;
    responses[status] =
      typeof r === 'string'
        ? { $ref: `#/components/responses/${r}` }
        : {
            description: r.description,
            ...(r.headers ? { headers: r.headers } : {}),
            ...(r.schema
              ? { content: { [r.contentType ?? 'application/json']: { schema: schemaOf(r.schema) } } }
              : {}),
          };
  }
  const parameters = parametersOf(route);
  const security = SECURITY[route.auth];
  return {
    tags: [route.tag].flat(),
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(security ? { security } : {}),
    ...(route.auth === 'admin' ? { 'x-admin-only': true } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: contentOf(Array.isArray(route.body) ? route.body : [route.body]),
          },
        }
      : {}),
    responses,
  };
}

/** The paths object of these routes; a path may already hold hand-written operations, which are kept. */
export function pathsFor(
  routes: readonly ApiRoute[],
  existing: Record<string, Json> = {},
): Record<string, Json> {
  const paths: Record<string, Json> = { ...existing };
  for (const route of routes) {
    const item = { ...(paths[route.path] ?? {}) };
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice`);
    item[route.method] = operationFor(route);
    paths[route.path] = item;
  }
  return paths;
}
