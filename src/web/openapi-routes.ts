import type { ApiRoute } from './openapi-registry';
import { z } from 'zod';
import {
  callerIdAddSchema,
  callsPageQuery,
  campaignsPageQuery,
  complianceCheckQuery,
  dncPageQuery,
  leadsPageQuery,
  uploadsPageQuery,
  e164,
  eventsQuery,
  killSwitchSchema,
  registryImportQuery,
} from './schemas';
import type { RouteBody, RouteResponse } from './openapi-registry';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-cursor';

const campaignParams = z.object({ id: z.string().meta({ description: 'Campaign id.' }) });
const uploadParams = z.object({ uploadId: z.string() });
const leadParams = z.object({ id: z.string().meta({ description: 'Lead id.' }) });
const leadIdParams = z.object({ leadId: z.string().meta({ description: 'Lead id.' }) });
const callParams = z.object({
  callId: z.string().meta({ description: 'Call id (`call-<leadId>-a<attemptNumber>`).' }),
});

/** A CSV upload is streamed and read row by row (src/leads/lead-rows.ts); a JSON one is parsed whole. */
const leadUploadBodies: RouteBody[] = [
  {
    contentType: 'text/csv',
    schema: z.string().meta({ description: 'CSV with a header row; see the columns above.' }),
    example:
      'phone,first_name,last_name,city,state,zip,property_address,consent_method,consent_captured_at,consent_seller,consent_automated\n' +
      '+13125550123,Ada,Lovelace,Chicago,IL,60601,12 Main St,written,2025-01-10T15:00:00Z,Acme Realty,true\n',
  },
  { schema: 'LeadUploadJson' },
];

const PAGED_BY_CURSOR = `Pages by cursor: \`limit\` (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}), \`after\` = the previous page's \`nextCursor\`.`;

/**
 * The query and answers of a listing paged by cursor (src/web/page-cursor.ts): `page` is its 200, and an `after` or
 * `limit` it did not make is a 400 naming the parameter.
 */
function pagedListing(
  query: z.ZodObject,
  page: RouteResponse | string,
  more: Record<string, RouteResponse | string> = {},
): Pick<ApiRoute, 'query' | 'responses'> {
  return { query, responses: { '200': page, '400': 'BadRequest', ...more } };
}

/** A page `{ <items>: [<component>], nextCursor }` as nextCursor() (src/web/page-cursor.ts) answers it. */
function pageOf(items: string, component: string, what: string): RouteResponse {
  return {
    description: `${what}; \`nextCursor\` is null on the last page.`,
    schema: {
      type: 'object',
      required: [items, 'nextCursor'],
      properties: {
        [items]: { type: 'array', items: { $ref: `#/components/schemas/${component}` } },
        nextCursor: { type: ['string', 'null'] },
      },
    },
  };
}

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
    path: '/health',
    operationId: 'getHealth',
    tag: 'Operations',
    summary: 'Health of the API and its dependencies',
    description:
      "The seed's shape (`status`, `service`, `timestamp`, `mongodb`) plus `checks` for Redis, MongoDB " +
      'and Kafka. Healthy while Redis and MongoDB are reachable (Kafka down only delays events). No ' +
      'authentication.',
    auth: 'none',
    responses: {
      '200': {
        description: 'Every dependency is reachable.',
        schema: 'Health',
      },
      '503': {
        description: 'Redis or MongoDB is unreachable (`status: "unhealthy"`).',
        schema: 'Health',
      },
    },
  },
  {
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    description: 'Always 200 while the process can answer; checks no dependency. No authentication.',
    auth: 'none',
    responses: {
      '200': {
        description: '`{ "status": "alive" }`',
        schema: {
          type: 'object',
        },
      },
    },
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    tag: 'Operations',
    summary: 'Readiness: Redis and MongoDB reachable',
    description: '503 while Redis or MongoDB is down (`failing` names them). No authentication.',
    auth: 'none',
    responses: {
      '200': {
        description: '`{ "status": "ready" }`',
        schema: {
          type: 'object',
        },
      },
      '503': {
        description: '`{ "status": "not_ready", "failing": ["redis"|"mongodb", ...] }`',
        schema: {
          type: 'object',
        },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Process metrics; `dialer_http_responses_total{method,route,status}` and ' +
      '`dialer_webhook_answer_seconds{route}` with `route` one of the documented path patterns, ' +
      '`<mount>/*` for Bull Board and the dashboard, or `unmatched`; read on scrape from Redis and ' +
      'MongoDB: `dialer_queue_jobs{queue,state}`, `dialer_queue_job_seconds{queue,measure,quantile}`, ' +
      '`dialer_calls{status,outcome}`, `dialer_compliance_decisions{result,code}`, ' +
      '`dialer_calls_per_second`, `dialer_call_slots_in_use`, `dialer_limits{limit}`. No authentication.',
    auth: 'none',
    responses: {
      '200': {
        description: 'Prometheus text exposition format.',
        schema: {
          type: 'string',
        },
        contentType: 'text/plain',
      },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Operations',
    summary: 'This OpenAPI document',
    description: 'Registered before the API-key check: no authentication.',
    auth: 'none',
    responses: {
      '200': {
        description: 'The OpenAPI 3.1 document.',
        schema: {
          type: 'object',
        },
      },
    },
  },
  {
    method: 'get',
    path: '/admin',
    operationId: 'getCampaignDashboard',
    tag: 'Admin',
    summary: 'Campaign dashboard',
    description:
      'Server-rendered pages under this prefix (`/admin/*`): campaigns with live counts, a campaign page, ' +
      'lead and call pages, the compliance export, CSV upload and, for an `admin`, pause/resume/cancel ' +
      "and the kill switch (POST with the page's CSRF token). HTTP Basic with a dashboard user, as for " +
      'Bull Board.',
    auth: 'basic',
    responses: {
      '200': {
        description: 'A page (HTML).',
        schema: {
          type: 'string',
        },
        contentType: 'text/html',
      },
      '401': {
        description: 'Missing or wrong credentials (`WWW-Authenticate: Basic`).',
      },
      '403': {
        description: 'A change asked by a viewer, or without the CSRF token.',
      },
    },
  },
  {
    method: 'get',
    path: '/admin/queues',
    operationId: 'getQueueDashboard',
    tag: 'Admin',
    summary: 'Bull Board queue dashboard',
    description:
      'The Bull Board UI for the BullMQ queues. Bull Board serves its pages, assets and JSON API under ' +
      'this prefix (`/admin/queues/*`, every method); all of it needs HTTP Basic with a dashboard user ' +
      '(ADMIN_USER/ADMIN_PASSWORD or DASHBOARD_USERS). A `viewer` gets the board read-only (every change ' +
      '403/405); an `admin` the full board.',
    auth: 'basic',
    responses: {
      '200': {
        description: 'The dashboard (HTML).',
        schema: {
          type: 'string',
        },
        contentType: 'text/html',
      },
      '401': {
        description:
          'Missing or wrong credentials. Answers `WWW-Authenticate: Basic realm="dialer admin"`; the body ' +
          'has no `requestId`.',
        headers: {
          'WWW-Authenticate': {
            schema: {
              type: 'string',
              const: 'Basic realm="dialer admin"',
            },
          },
        },
        schema: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  const: 'UNAUTHORIZED',
                },
                message: {
                  type: 'string',
                  examples: ['Admin credentials required'],
                },
              },
            },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/api/campaigns',
    operationId: 'listCampaigns',
    tag: 'Campaigns',
    summary: 'List the campaigns, newest first',
    description: PAGED_BY_CURSOR,
    auth: 'api',
    ...pagedListing(campaignsPageQuery, pageOf('campaigns', 'Campaign', 'A page of campaigns'), {
      '401': 'Unauthorized',
      '500': 'InternalError',
    }),
  },
  {
    method: 'post',
    path: '/api/campaigns',
    operationId: 'createCampaign',
    tag: 'Campaigns',
    summary: 'Create a campaign',
    description: 'The campaign starts as `draft`; upload leads, then `POST /api/campaigns/{id}/start`.',
    auth: 'api',
    body: {
      schema: 'CreateCampaignRequest',
    },
    responses: {
      '201': {
        description: 'The campaign, with every default filled in.',
        schema: 'Campaign',
      },
      '400': 'BadRequest',
      '401': 'Unauthorized',
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}',
    operationId: 'getCampaign',
    tag: 'Campaigns',
    summary: 'A campaign with its progress',
    auth: 'api',
    params: campaignParams,
    responses: {
      '200': {
        description: 'The campaign and lead counts by status and outcome, and its calls in progress.',
        schema: 'CampaignWithProgress',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/leads',
    operationId: 'listCampaignLeads',
    tag: 'Campaigns',
    summary: "A campaign's leads, in upload order",
    description: PAGED_BY_CURSOR,
    auth: 'api',
    params: campaignParams,
    ...pagedListing(leadsPageQuery, pageOf('leads', 'Lead', "A page of the campaign's leads"), {
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    }),
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/leads',
    operationId: 'uploadLeads',
    tag: 'Campaigns',
    summary: 'Upload leads (CSV or JSON)',
    description:
      'Each row is validated on its own: valid rows are saved (their consent evidence first, then the ' +
      'lead), bad rows\nare listed in `rejected` with the row number and every problem, each naming its ' +
      'column (snake_case). A number\nalready a lead of this campaign is rejected (`field: "phone"`). ' +
      'When the campaign is `running`, each new lead\nis queued for its compliance check at ' +
      'once.\n\n**CSV** (`text/csv`, streamed): a header row, then one lead a row. Columns (names are ' +
      'matched loosely:\n"First Name", "firstName" and "FIRST_NAME" all mean `first_name`; common CRM ' +
      'aliases such as `phone_number`,\n`zip_code`, `timezone` are understood; other columns are ' +
      'ignored): `phone`, `first_name`, `last_name`,\n`email`, `street`, `city`, `state`, `zip`, ' +
      "`time_zone`, `property_address`, `language` (e.g. `es`: the\ncampaign script's language for this " +
      'lead), `consent_method`\n(`written` | `electronic_signature` | `verbal` | `implied`), ' +
      '`consent_captured_at`, `consent_expires_at`,\n`consent_seller`, `consent_automated`, ' +
      '`consent_form_url`, `consent_ip`. The header must have `phone` and\n`first_name`; a missing or ' +
      'repeated column rejects the whole file (one error on row 1). Row numbers are as a\nspreadsheet ' +
      'shows them: the header is row 1, the first lead row 2. Blank rows are skipped; a row with more ' +
      'or\nfewer cells than the header is rejected.\n\n**JSON** (`application/json`, up to 10 MB): `{ ' +
      '"leads": [ ... ] }`, 1 to 10,000 objects with the same fields\nin snake_case or camelCase ' +
      '(`firstName`, `consentCapturedAt`, ...); one level of nesting is flattened\n(`{ "address": { ' +
      '"city": … } }` reads as `address_city` = `city`). `leads[i]` is row i + 1.\n\nBlank values count ' +
      'as absent. When any `consent_*` column is filled in, `consent_method`, `consent_captured_at`\nand ' +
      '`consent_seller` are required; without consent columns the lead is saved without consent (and will ' +
      'be\nblocked with `NO_CONSENT` until it has some).',
    auth: 'api',
    params: campaignParams,
    body: leadUploadBodies,
    responses: {
      '201': {
        description: 'At least one row was accepted.',
        schema: 'UploadReport',
      },
      '400': {
        description:
          '`VALIDATION_FAILED`: the content type is neither text/csv nor application/json (`field: ' +
          '"content-type"`); or the JSON body is not `{ leads: [1..10000 objects] }`. `BAD_BODY`: the ' +
          'JSON could not be parsed.',
        schema: 'Error',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '409': {
        description:
          '`CONFLICT` (`field: "status"`): the campaign is `cancelled` or `done`; leads can no longer be ' +
          'added.',
        schema: 'Error',
      },
      '413': 'PayloadTooLarge',
      '422': {
        description:
          'No row was valid: the report, plus `error.code: "NO_VALID_ROWS"` (this body has no `requestId`).',
        schema: 'UploadFailure',
      },
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/uploads',
    operationId: 'listUploads',
    tag: 'Campaigns',
    summary: "A campaign's uploads, newest first (paged by cursor)",
    auth: 'api',
    params: campaignParams,
    ...pagedListing(
      uploadsPageQuery,
      pageOf('uploads', 'Upload', 'A page of uploads (without `firstErrors`)'),
      { '401': 'Unauthorized', '404': 'NotFound', '500': 'InternalError' },
    ),
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/uploads/{uploadId}',
    operationId: 'getUpload',
    tag: 'Campaigns',
    summary: 'One upload: how it ended and the rows it stored',
    description:
      'An upload cut short (client gone: `aborted`; a limit: `too_large`) keeps exactly the rows counted ' +
      'in `accepted`; `receiving` while it is read (or if the API died reading it).',
    auth: 'api',
    params: campaignParams.extend(uploadParams.shape),
    responses: {
      '200': {
        description: 'The upload.',
        schema: 'Upload',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/uploads/{uploadId}/errors.csv',
    operationId: 'getUploadErrors',
    tag: 'Campaigns',
    summary: 'Every rejected row of an upload, as CSV (`row,field,reason`, one field error a line)',
    auth: 'api',
    params: campaignParams.extend(uploadParams.shape),
    responses: {
      '200': {
        description: 'The CSV file.',
        schema: {
          type: 'string',
        },
        contentType: 'text/csv',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/start',
    operationId: 'startCampaign',
    tag: 'Campaigns',
    summary: 'Start a draft campaign',
    description:
      '`draft` → `running`, answered at once (202); every `new` lead is then queued for its compliance ' +
      "check in the background, progress in the campaign's `queueing` ({ total, queued, done, failed }). " +
      'A campaign with no open lead becomes `done` once queueing ends. No request body.',
    auth: 'api',
    params: campaignParams,
    responses: {
      '202': 'CampaignAfterAction',
      '401': 'Unauthorized',
      '404': 'NotFound',
      '409': 'CampaignStateConflict',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/pause',
    operationId: 'pauseCampaign',
    tag: 'Campaigns',
    summary: 'Pause a running campaign',
    description:
      '`running` → `paused`. Workers read the status before each job; calls in progress finish. No ' +
      'request body.',
    auth: 'api',
    params: campaignParams,
    responses: {
      '200': 'CampaignAfterAction',
      '401': 'Unauthorized',
      '404': 'NotFound',
      '409': 'CampaignStateConflict',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/resume',
    operationId: 'resumeCampaign',
    tag: 'Campaigns',
    summary: 'Resume a paused campaign',
    description: '`paused` → `running`. No request body.',
    auth: 'api',
    params: campaignParams,
    responses: {
      '200': 'CampaignAfterAction',
      '401': 'Unauthorized',
      '404': 'NotFound',
      '409': 'CampaignStateConflict',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/cancel',
    operationId: 'cancelCampaign',
    tag: 'Campaigns',
    summary: 'Cancel a campaign',
    description:
      '`draft`, `running` or `paused` → `cancelled`: queued jobs are removed and every open lead becomes ' +
      '`cancelled`. Calls in progress finish. No request body.',
    auth: 'api',
    params: campaignParams,
    responses: {
      '200': 'CampaignAfterAction',
      '401': 'Unauthorized',
      '404': 'NotFound',
      '409': 'CampaignStateConflict',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/compliance.csv',
    operationId: 'exportCampaignCompliance',
    tag: ['Campaigns', 'Compliance'],
    summary: "Export a campaign's compliance records as CSV",
    description:
      'One compliance decision a line, streamed, as an attachment `compliance-<campaignId>.csv`. Full ' +
      'phone numbers: this is the legal record. Columns: `checkedAt`, `leadId`, `attemptId`, `phone`, ' +
      '`stage`, `result`, `violations` (codes, space-separated), `fineEstimateMaxUsd` (sum of the ' +
      "violations' maximum fines), `notBefore`, `zones` (`zone(source)`, space-separated), `consentId`, " +
      '`registryDownloadedAt`, `ruleSetVersion`, `override` (`by: reason`), `error`.',
    auth: 'api',
    params: campaignParams,
    responses: {
      '200': {
        description: 'The CSV file.',
        headers: {
          'Content-Disposition': {
            schema: {
              type: 'string',
              examples: ['attachment; filename="compliance-cmp_123.csv"'],
            },
          },
        },
        schema: {
          type: 'string',
        },
        contentType: 'text/csv',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/api/calls/initiate',
    operationId: 'initiateCall',
    tag: 'Calls',
    summary: 'Queue one call attempt for a lead',
    description:
      "The lead's campaign must be `running` and the lead `new`, `completed` or `exhausted`; it becomes " +
      "`queued` and the attempt goes through the same compliance check as a campaign's (it may be blocked " +
      'or deferred; follow it with `GET /api/leads/{id}/compliance` or `GET /api/calls/{callId}`, which ' +
      'is 404 until the call is placed). `overrideTCPA` waives the consent rules for this attempt only ' +
      '(never DNC, revocation or calling hours) and needs an admin API key and an `overrideReason`.',
    auth: 'api',
    body: {
      schema: 'InitiateCallRequest',
    },
    responses: {
      '202': {
        description: 'The attempt is queued.',
        schema: 'InitiateCallAccepted',
      },
      '400': 'BadRequest',
      '401': 'Unauthorized',
      '403': {
        description: '`FORBIDDEN`: `overrideTCPA` with a non-admin API key.',
        schema: 'Error',
      },
      '404': 'NotFound',
      '409': {
        description:
          '`CONFLICT` (`field: "leadId"`): the lead\'s campaign is not `running`, or the lead already has ' +
          'an attempt in progress or is blocked or cancelled.',
        schema: 'Error',
      },
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/calls/active/all',
    operationId: 'listActiveCalls',
    tag: 'Calls',
    summary: 'Calls not yet finished',
    description:
      'Calls whose status is `created`, `queued`, `initiated`, `ringing` or `in-progress`, oldest first.',
    auth: 'api',
    ...pagedListing(callsPageQuery, 'CallList', { '401': 'Unauthorized', '500': 'InternalError' }),
  },
  {
    method: 'get',
    path: '/api/calls/lead/{leadId}',
    operationId: 'listCallsOfLead',
    tag: 'Calls',
    summary: "A lead's calls, oldest first",
    description: 'An unknown lead answers an empty list, not 404.',
    auth: 'api',
    params: leadIdParams,
    ...pagedListing(callsPageQuery, 'CallList', { '401': 'Unauthorized', '500': 'InternalError' }),
  },
  {
    method: 'get',
    path: '/api/calls/{callId}',
    operationId: 'getCall',
    tag: 'Calls',
    summary: 'A call',
    auth: 'api',
    params: callParams,
    responses: {
      '200': {
        description: 'The call.',
        schema: 'Call',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/leads/{id}',
    operationId: 'getLead',
    tag: 'Compliance',
    summary: 'A lead, with what its calls taught and its next step',
    description:
      'The phone number is shown in full. `qualification` and `nextStep` are null until a conversation.',
    auth: 'api',
    params: leadParams,
    responses: {
      '200': {
        description: 'The lead.',
        schema: 'LeadDetail',
      },
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/calls/{callId}/transcript',
    operationId: 'getCallTranscript',
    tag: 'Calls',
    summary: "A call's transcript and analysis",
    auth: 'api',
    params: callParams,
    responses: {
      '200': {
        description: 'The transcript with the summary, sentiment, intent and outcome.',
        schema: 'CallTranscript',
      },
      '401': 'Unauthorized',
      '404': {
        description: 'The call does not exist, or has no transcript (yet).',
        schema: 'Error',
      },
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/calls/{callId}/compliance',
    operationId: 'getCallCompliance',
    tag: ['Calls', 'Compliance'],
    summary: "The compliance records of a call's attempt",
    description: 'The queue-time and dial-time decisions for this attempt, oldest first.',
    auth: 'api',
    params: callParams,
    responses: {
      '200': 'ComplianceRecordList',
      '401': 'Unauthorized',
      '404': 'NotFound',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/leads/{id}/compliance',
    operationId: 'getLeadCompliance',
    tag: 'Compliance',
    summary: "A lead's compliance records, oldest first",
    description: 'An unknown lead answers an empty list, not 404.',
    auth: 'api',
    params: leadParams,
    responses: {
      '200': 'ComplianceRecordList',
      '401': 'Unauthorized',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/webhooks/twilio/connect/{callId}',
    operationId: 'twilioConnect',
    tag: 'Webhooks',
    summary: 'Twilio: the call was answered (TwiML)',
    description:
      'Twilio asks what to do with the answered call. The call moves to `in-progress` (a `CallAnswered` ' +
      "event).\nA person is joined to the campaign's ElevenLabs agent; an answering machine or fax " +
      "(`AnsweredBy`\n`machine_*` / `fax`) gets the campaign's voicemail policy (its message, with " +
      '`{{first_name}}` style\nvariables filled in, or a hang-up). If the lead, the campaign or the agent ' +
      'is unavailable the call is ended\npolitely.\n\n**Signature:** `X-Twilio-Signature` must be ' +
      "Twilio's signature (base64 HMAC-SHA1 with our auth token) of\n`PUBLIC_BASE_URL` + the request path " +
      'and query, followed by the form parameters sorted by name; a missing or\nforged signature answers ' +
      '403 `INVALID_SIGNATURE`.',
    auth: 'signature',
    params: callParams,
    headers: [
      {
        $ref: '#/components/parameters/TwilioSignature',
      },
    ],
    body: {
      schema: 'TwilioConnectForm',
      contentType: 'application/x-www-form-urlencoded',
    },
    responses: {
      '200': {
        description: 'TwiML.',
        schema: {
          type: 'string',
        },
        contentType: 'text/xml',
      },
      '403': 'InvalidSignature',
      '404': 'NotFound',
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/webhooks/twilio/status/{callId}',
    operationId: 'twilioStatus',
    tag: 'Webhooks',
    summary: 'Twilio: call status callback',
    description:
      'Moves the call forward only: duplicate and late callbacks change nothing and still answer 204. A ' +
      'final\nstatus (`completed`, `busy`, `no-answer`, `failed`, `canceled`) frees the call slot and ' +
      'queues the post-call\nwork.\n\n**Signature:** as for `/webhooks/twilio/connect/{callId}` ' +
      '(`X-Twilio-Signature`, 403 when missing or forged).',
    auth: 'signature',
    params: callParams,
    headers: [
      {
        $ref: '#/components/parameters/TwilioSignature',
      },
    ],
    body: {
      schema: 'TwilioStatusForm',
      contentType: 'application/x-www-form-urlencoded',
    },
    responses: {
      '204': {
        description: 'Received.',
      },
      '400': {
        description: '`VALIDATION_FAILED` (`field: "CallStatus"`): an unknown `CallStatus`.',
        schema: 'Error',
      },
      '403': 'InvalidSignature',
      '404': 'NotFound',
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/webhooks/twilio/recording/{callId}',
    operationId: 'twilioRecording',
    tag: 'Webhooks',
    summary: 'Twilio: recording status callback',
    description:
      'When `RecordingStatus` is `completed` the recording is attached to the call; other statuses are ' +
      'ignored.\nAn unknown call answers 404 `NOT_FOUND` (after the signature check).\n\n**Signature:** ' +
      'as for `/webhooks/twilio/connect/{callId}` (`X-Twilio-Signature`, 403 when missing or forged).',
    auth: 'signature',
    params: callParams,
    headers: [
      {
        $ref: '#/components/parameters/TwilioSignature',
      },
    ],
    body: {
      schema: 'TwilioRecordingForm',
      contentType: 'application/x-www-form-urlencoded',
    },
    responses: {
      '204': {
        description: 'Received.',
      },
      '403': 'InvalidSignature',
      '404': 'NotFound',
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'post',
    path: '/webhooks/elevenlabs/conversation',
    operationId: 'elevenLabsConversation',
    tag: 'Webhooks',
    summary: 'ElevenLabs: post-call webhook',
    description:
      'A `post_call_transcription` event for a known call (`call_id` dynamic variable) links the ' +
      'conversation to\nthe call and queues the post-call work (transcript, analysis, outcome); one for ' +
      'an unknown call is logged and\nacknowledged. `call_initiation_failure` is logged. Other types are ' +
      'ignored. The body (up to 5 MB) is read\nraw, whatever its content type, because the signature ' +
      'covers the exact bytes.\n\n**Signature:** `ElevenLabs-Signature: t=<unix seconds>,v0=<hex ' +
      'HMAC-SHA256 of "<t>.<raw body>" with the\nwebhook secret>`; a timestamp older than 30 minutes is ' +
      'refused. A missing, malformed or forged signature (or\na body that is not JSON) answers 403 ' +
      '`INVALID_SIGNATURE`.',
    auth: 'signature',
    headers: [
      {
        name: 'ElevenLabs-Signature',
        in: 'header',
        required: true,
        description: '`t=<unix seconds>,v0=<hex HMAC-SHA256("<t>.<raw body>")>`.',
        schema: {
          type: 'string',
          pattern: '^t=\\d+,v0=[0-9a-f]+$',
          examples: ['t=1735689600,v0=5f2b…'],
        },
      },
    ],
    body: {
      schema: 'ElevenLabsWebhook',
    },
    responses: {
      '200': {
        description: 'Acknowledged (the work happens in the post-call queue).',
        schema: {
          type: 'object',
          required: ['received'],
          properties: {
            received: {
              type: 'boolean',
              const: true,
            },
          },
        },
      },
      '403': 'InvalidSignature',
      '413': 'PayloadTooLarge',
      '500': 'InternalError',
    },
  },
  {
    method: 'get',
    path: '/api/compliance/check',
    operationId: 'checkCompliance',
    tag: 'Compliance',
    summary: 'What the rules say now, without dialing',
    description: [
      "For a lead (its consent, its campaign's attempt limit and calling window) or a bare number (no " +
        'consent is',
      'looked up, so a bare number is always blocked with `NO_CONSENT`; attempt limit 1). Give `leadId` ' +
        'or `phone`.',
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
      '(about 1 s; 250 ms while events keep coming) of the change that caused them, and unless ' +
      '`published=true` is asked for, the request itself first moves in the events still held on calls and ' +
      'leads (from up to 1,000 calls and 1,000 leads; `uncollected: true` when more wait), so they show ' +
      'even while no worker runs the relay. An event stored after you have read past its time is not shown ' +
      'behind your cursor, so a consumer that needs every event takes them from Kafka.',
    auth: 'api',
    ...pagedListing(eventsQuery, { description: 'A page of events.', schema: 'EventPage' }),
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
    body: { schema: 'CreateConsentRequest' },
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
    summary: 'The internal Do-Not-Call list, in phone order',
    description: PAGED_BY_CURSOR,
    auth: 'api',
    ...pagedListing(dncPageQuery, pageOf('entries', 'DncEntry', 'A page of the list')),
  },
  {
    method: 'post',
    path: '/api/dnc',
    operationId: 'addInternalDnc',
    tag: 'Compliance',
    summary: 'Put a number on the internal Do-Not-Call list',
    description: [
      'Takes effect at once everywhere: the entry is stored (adding a number twice keeps the first ' +
        'entry), every',
      'consent for the number is revoked, and every open lead with the number has its queued jobs removed ' +
        'and is',
      'blocked (`INTERNAL_DNC`).',
    ].join(' '),
    auth: 'api',
    body: { schema: 'DncAddRequest' },
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
      'Needs an admin API key. Consents revoked when the number was added stay revoked. Encode the `+` as ' +
      '`%2B`.',
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
