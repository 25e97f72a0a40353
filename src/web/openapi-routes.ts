import type { ApiRoute } from './openapi-registry';
import { complianceCheckQuery, eventsQuery, killSwitchSchema } from './schemas';

/**
 * Operations described from their zod schemas (src/web/openapi-registry.ts). Add a route here: method, path,
 * summary, auth, the schemas its handler parses, and its answers; 401/403/500 follow from `auth`.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/api/compliance/check',
    operationId: 'checkCompliance',
    tag: 'Compliance',
    summary: 'What the rules say now, without dialing',
    description: [
      "For a lead (its consent, its campaign's attempt limit and calling window) or a bare number (no consent is",
      'looked up, so a bare number is always blocked with `NO_CONSENT`; attempt limit 1). Give `leadId` or `phone`.',
      'A query is not a decision: nothing is stored, and the campaign’s compliance export does not show it.',
    ].join(' '),
    auth: 'api',
    query: complianceCheckQuery,
    responses: {
      '200': { description: 'The decision.', schema: 'ComplianceCheckResult' },
      '400': 'BadRequest',
      '404': 'NotFound',
    },
  },
  {
    method: 'get',
    path: '/api/events',
    operationId: 'listEvents',
    tag: 'Events',
    summary: 'Events in the outbox, oldest first, a page at a time',
    description:
      'Domain events recorded with calls and leads. With no Kafka configured this is where they wait; ' +
      '`publishedAt` is set once they are sent. Events come in (occurredAt, eventId) order, `limit` at a ' +
      'time; pass `nextCursor` as `after` for the next page. An empty page (`nextCursor: null`) means no ' +
      'later event yet: ask again later with the same cursor. Events reach this list within a relay pass ' +
      '(250 ms) of the change that caused them; one that a lagging relay stores after you have read past ' +
      'its time is not shown behind your cursor, so a consumer that needs every event takes them from Kafka.',
    auth: 'api',
    query: eventsQuery,
    responses: {
      '200': { description: 'A page of events.', schema: 'EventPage' },
      '400': 'BadRequest',
    },
  },
  {
    method: 'get',
    path: '/api/admin/kill-switch',
    operationId: 'getKillSwitch',
    tag: 'Admin',
    summary: 'Whether the global kill switch is engaged (admin)',
    description: 'Needs an admin API key.',
    auth: 'admin',
    responses: { '200': { description: 'The switch.', schema: killSwitchSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/kill-switch',
    operationId: 'setKillSwitch',
    tag: 'Admin',
    summary: 'Engage or release the global kill switch (admin)',
    description:
      'Needs an admin API key. While engaged, no replica places a new call; calls in progress finish.',
    auth: 'admin',
    body: { schema: 'KillSwitch' },
    responses: {
      '200': { description: 'The switch as set.', schema: 'KillSwitch' },
      '400': 'BadRequest',
      '413': 'PayloadTooLarge',
    },
  },
];
