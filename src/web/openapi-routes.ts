import type { ApiRoute } from './openapi-registry';
import { z } from 'zod';
import {
  callerIdAddSchema,
  complianceCheckQuery,
  consentSchema,
  dncAddSchema,
  e164,
  eventsQuery,
  killSwitchSchema,
  registryImportQuery,
} from './schemas';

const callerIdView = z.object({
  phone: e164,
  source: z.enum(['env', 'admin']).meta({ description: '`env`: TWILIO_PHONE_NUMBER or CALLER_IDS.' }),
  note: z.string().nullable().optional(),
  addedBy: z.string().optional().meta({ description: 'Who added it (admin numbers only).' }),
  addedAt: z.iso.datetime().optional(),
});

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
  {
    method: 'post',
    path: '/api/consents',
    operationId: 'createConsent',
    tag: 'Compliance',
    summary: 'Record consent evidence',
    description:
      'Stores a consent record, by the same rules as the consent columns of an upload (an http(s) form URL, an IP ' +
      'address, an ISO 8601 `capturedAt` not in the future, `expiresAt` after it). Without `leadId` it is not ' +
      "attached to any lead; with `leadId` it becomes that lead's consent for every later check, and its `phone` " +
      "must be the lead's number.",
    auth: 'api',
    body: { schema: consentSchema },
    responses: {
      '201': { description: 'The consent.', schema: 'Consent' },
      '400': 'BadRequest',
      '404': 'NotFound',
      '413': 'PayloadTooLarge',
    },
  },
  {
    method: 'get',
    path: '/api/consents/{id}',
    operationId: 'getConsent',
    tag: 'Compliance',
    summary: 'A consent',
    auth: 'api',
    responses: { '200': { description: 'The consent.', schema: 'Consent' }, '404': 'NotFound' },
  },
  {
    method: 'post',
    path: '/api/consents/{id}/revoke',
    operationId: 'revokeConsent',
    tag: 'Compliance',
    summary: 'Revoke a consent',
    description:
      'Takes effect at once (both the queue-time and the dial-time checks read it). Revoking twice keeps the first ' +
      '`revokedAt`. No request body.',
    auth: 'api',
    responses: { '200': { description: 'The revoked consent.', schema: 'Consent' }, '404': 'NotFound' },
  },
  {
    method: 'get',
    path: '/api/dnc',
    operationId: 'listInternalDnc',
    tag: 'Compliance',
    summary: 'The internal Do-Not-Call list, newest first',
    auth: 'api',
    responses: { '200': { description: 'Every entry.', schema: 'DncEntryList' } },
  },
  {
    method: 'post',
    path: '/api/dnc',
    operationId: 'addInternalDnc',
    tag: 'Compliance',
    summary: 'Put a number on the internal Do-Not-Call list',
    description: [
      'Takes effect at once everywhere: the entry is stored (adding a number twice keeps the first entry), every',
      'consent for the number is revoked, and every open lead with the number has its queued jobs removed and is',
      'blocked (`INTERNAL_DNC`).',
    ].join(' '),
    auth: 'api',
    body: { schema: dncAddSchema },
    responses: {
      '201': { description: 'The number and how many open leads were stopped.', schema: 'DncAddResult' },
      '400': 'BadRequest',
      '413': 'PayloadTooLarge',
    },
  },
  {
    method: 'delete',
    path: '/api/dnc/{phone}',
    operationId: 'removeInternalDnc',
    tag: 'Compliance',
    summary: 'Take a number off the internal Do-Not-Call list (admin)',
    description:
      'Needs an admin API key. Consents revoked when the number was added stay revoked. Encode the `+` as `%2B`.',
    auth: 'admin',
    params: z.object({ phone: e164 }),
    responses: { '204': { description: 'Removed.' }, '400': 'BadRequest', '404': 'NotFound' },
  },
  {
    method: 'get',
    path: '/api/dnc/registry',
    operationId: 'getRegistryStatus',
    tag: 'Compliance',
    summary: 'Age of our National DNC Registry copy',
    auth: 'api',
    responses: {
      '200': {
        description: 'When the copy was downloaded from the FTC, and whether it is older than 31 days.',
        schema: 'RegistryStatus',
      },
    },
  },
  {
    method: 'post',
    path: '/api/dnc/registry',
    operationId: 'importRegistryFile',
    tag: 'Compliance',
    summary: 'Import one FTC area-code file (admin)',
    description:
      'Needs an admin API key. The body is one FTC National DNC Registry area-code file, one 10-digit number a ' +
      'line, streamed as `text/plain`. A `downloadedAt` missing, not a date or in the future, or a body that is ' +
      'not `text/plain` (`field: "content-type"`), is a 400.',
    auth: 'admin',
    query: registryImportQuery,
    body: {
      schema: z.string().meta({ description: 'One 10-digit number a line.' }),
      contentType: 'text/plain',
    },
    responses: {
      '201': { description: 'The import report of the registry.', schema: 'RegistryImportResult' },
      '400': 'BadRequest',
    },
  },
  {
    method: 'get',
    path: '/api/admin/caller-ids',
    operationId: 'listCallerIds',
    tag: 'Admin',
    summary: 'The numbers a campaign may call from',
    description:
      'The env numbers (TWILIO_PHONE_NUMBER, CALLER_IDS) first, then those an admin added, in phone order. Any ' +
      'other `callerId` given to a new campaign is a 400.',
    auth: 'api',
    responses: {
      '200': {
        description: 'Every allowed caller id.',
        schema: z.object({ callerIds: z.array(callerIdView) }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/admin/caller-ids',
    operationId: 'addCallerId',
    tag: 'Admin',
    summary: 'Allow one more caller id (admin)',
    description:
      'Needs an admin API key. The number must be one of the account (owned or verified in Twilio): calling from ' +
      "someone else's is spoofing. Adding a number twice keeps the first entry.",
    auth: 'admin',
    body: { schema: callerIdAddSchema },
    responses: {
      '201': { description: 'The stored caller id.', schema: callerIdView },
      '400': 'BadRequest',
      '413': 'PayloadTooLarge',
    },
  },
  {
    method: 'delete',
    path: '/api/admin/caller-ids/{phone}',
    operationId: 'removeCallerId',
    tag: 'Admin',
    summary: 'Stop allowing a caller id an admin added (admin)',
    description:
      'Needs an admin API key. Campaigns already calling from it keep it. An env number is a 409 (`field: ' +
      '"phone"`): change it in the env. Encode the `+` as `%2B`.',
    auth: 'admin',
    params: z.object({ phone: e164 }),
    responses: {
      '204': { description: 'Removed.' },
      '400': 'BadRequest',
      '404': 'NotFound',
      '409': { description: '`CONFLICT` (`field: "phone"`): the number is an env number.', schema: 'Error' },
    },
  },
];
