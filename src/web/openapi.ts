import { jsonSchemaOf, pathsFor } from './openapi-registry';
import { API_ROUTES } from './openapi-routes';
import {
  consentSchema,
  createCampaignSchema,
  dncAddSchema,
  initiateCallSchema,
  leadUploadJsonSchema,
  killSwitchSchema,
} from './schemas';

/**
 * OpenAPI 3.1 description of the HTTP API, served at GET /api/openapi.json (src/web/app.ts).
 *
 * Request bodies and the operations in API_ROUTES are generated from the zod schemas that validate them
 * (src/web/schemas.ts); the other operations and the answer shapes (from src/domain) are still written here by
 * hand. tests/web/openapi.test.ts walks the routes Express registers and fails when one is missing here, or when
 * a path here is not served.
 */

const E164_PATTERN = '^\\+1[2-9]\\d{2}[2-9]\\d{6}$';
const HHMM_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';

/** Every error answer has the same body (`Error`) and request-id header; only the description differs. */
function errorResponse(description: string) {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  } as const;
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Dialer API',
    version: '0.1.0',
    summary: 'Outbound AI phone campaigns for real-estate teams, TCPA-compliant.',
    description: [
      'Campaigns of leads are called by an ElevenLabs voice agent over Twilio. Every attempt goes through the compliance',
      'rules (consent, DNC lists, calling hours, frequency caps) twice: when it is queued and right before it is dialed;',
      'every decision is stored as a compliance record.',
      '',
      '**Authentication.** Every `/api/*` route except `/api/openapi.json` needs `Authorization: Bearer <API key>`.',
      'Routes marked *admin* (`x-admin-only: true`) need an admin API key (an admin key is also an API key); with a',
      'plain key they answer 403 `FORBIDDEN`. A missing or unknown key answers 401 `UNAUTHORIZED`, also for unknown',
      '`/api/*` paths (authentication runs before routing). `/health`, `/metrics` and the webhooks take no API key;',
      'the webhooks are authenticated by their provider signature; Bull Board (`/admin/queues`) uses HTTP Basic.',
      '',
      '**Errors.** Every error answer is `{ "error": { "code", "message", "field"?, "details"? }, "requestId" }`',
      '(schema `Error`). A 500 hides its cause and carries `error.errorId`, which is in our logs. A body that cannot be',
      'read (malformed JSON, too large, an unsupported charset or content encoding) answers `BAD_BODY` with the',
      'status the body parser gives it (400, 413 or 415), never 500.',
      '',
      '**Request ids.** A request may send `X-Request-Id` (1–128 letters, digits, `_`, `.`, `:`, `-`); otherwise, or',
      'when it is not of that form, one is generated. Every answer carries it in the',
      '`X-Request-Id` header, and errors repeat it as `requestId`.',
      '',
      '**Dates** are ISO 8601 strings in answers. Request dates are read with `new Date(value)`: an ISO 8601 string',
      '(or epoch milliseconds) is expected.',
    ].join('\n'),
  },
  servers: [{ url: '/', description: 'This server' }],
  security: [{ bearerAuth: [] }],
  tags: [
    {
      name: 'Campaigns',
      description: 'Campaigns, their leads and their lifecycle (start, pause, resume, cancel).',
    },
    { name: 'Calls', description: 'Call attempts, transcripts and their compliance evidence.' },
    { name: 'Compliance', description: 'Compliance checks, consents, leads and the Do-Not-Call lists.' },
    { name: 'Events', description: 'The event outbox.' },
    { name: 'Admin', description: 'Operator controls (admin API key or HTTP Basic).' },
    { name: 'Webhooks', description: 'Provider callbacks (Twilio, ElevenLabs), authenticated by signature.' },
    { name: 'Operations', description: 'Health, metrics and this document.' },
  ],
  // Every operation is generated from src/web/openapi-routes.ts; the answers' shapes are components below.
  paths: pathsFor(API_ROUTES),

  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description:
          '`Authorization: Bearer <API key>`. Admin API keys are API keys too and also unlock the admin-only routes.',
      },
      adminBasic: {
        type: 'http',
        scheme: 'basic',
        description: 'Admin user and password from the environment; only for Bull Board at `/admin/queues`.',
      },
    },

    parameters: {
      TwilioSignature: {
        name: 'X-Twilio-Signature',
        in: 'header',
        required: true,
        description:
          'Base64 HMAC-SHA1, keyed with the Twilio auth token, of the public URL Twilio called followed by every POST ' +
          'parameter (name then value) sorted by name.',
        schema: { type: 'string' },
      },
    },

    headers: {
      XRequestId: {
        description:
          'The request id: the one the client sent in `X-Request-Id` (if 1–128 of `[A-Za-z0-9_.:-]`), or a generated UUID.',
        schema: { type: 'string' },
      },
    },

    responses: {
      BadRequest: errorResponse(
        '`VALIDATION_FAILED`: the first problem is in `message` and `field` (dotted path), every problem in `details`; ' +
          'request bodies accept no unknown fields, nested ones included (`field` names the unknown key). ' +
          '`BAD_BODY`: the JSON body could not be parsed.',
      ),
      Unauthorized: errorResponse(
        '`UNAUTHORIZED`: no `Authorization: Bearer` header, or the key is not valid.',
      ),
      AdminOnly: errorResponse('`FORBIDDEN`: this action needs an admin API key.'),
      NotFound: errorResponse('`NOT_FOUND`: the resource does not exist.'),
      CampaignStateConflict: errorResponse(
        '`CONFLICT` (`field: "status"`): the campaign is not in a status this action starts from.',
      ),
      CampaignAfterAction: {
        description: 'The campaign after the transition.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Campaign' } } },
      },
      PayloadTooLarge: errorResponse(
        '`BAD_BODY`: the body is over the limit (JSON 100 kB; lead upload JSON 10 MB; ElevenLabs webhook 5 MB; Twilio ' +
          'forms 100 kB). `PAYLOAD_TOO_LARGE`: a CSV upload over `MAX_UPLOAD_BYTES` (`field: "body"`) or with a row over ' +
          '64 KiB (`field: "row"`); `details` names the limit and, once rows were read, the upload (`uploadId`, ' +
          '`accepted`: those rows are kept).',
      ),
      InvalidSignature: errorResponse(
        '`INVALID_SIGNATURE`: the webhook signature is missing or does not match.',
      ),
      InternalError: errorResponse('`INTERNAL`: an unexpected error; `error.errorId` finds it in our logs.'),
      CallList: {
        description:
          'A page of calls, oldest first. `count` is the number in this page; `nextCursor` (pass it as `after`) is ' +
          'null on the last page.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['calls', 'count', 'nextCursor'],
              properties: {
                leadId: { type: 'string', description: 'Only on `GET /api/calls/lead/{leadId}`.' },
                calls: { type: 'array', items: { $ref: '#/components/schemas/Call' } },
                count: { type: 'integer', minimum: 0 },
                nextCursor: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
      ComplianceRecordList: {
        description: 'The compliance records, oldest first.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['records'],
              properties: {
                records: { type: 'array', items: { $ref: '#/components/schemas/ComplianceRecord' } },
              },
            },
          },
        },
      },
    },

    schemas: {
      // Request bodies: generated from the zod schemas the routes validate with.
      CreateCampaignRequest: jsonSchemaOf(createCampaignSchema),
      InitiateCallRequest: jsonSchemaOf(initiateCallSchema),
      CreateConsentRequest: jsonSchemaOf(consentSchema),
      DncAddRequest: jsonSchemaOf(dncAddSchema),
      KillSwitch: jsonSchemaOf(killSwitchSchema),
      EventPage: {
        type: 'object',
        required: ['events', 'nextCursor'],
        properties: {
          events: { type: 'array', items: { $ref: '#/components/schemas/DomainEvent' } },
          nextCursor: {
            type: ['string', 'null'],
            description: 'The position after the last event of this page; null when the page is empty.',
          },
          uncollected: {
            type: 'boolean',
            description:
              'True when more events than one request moves into the list still wait on calls and leads (a ' +
              'backlog left while no worker ran the relay): ask again.',
          },
        },
      },
      // ------------------------------------------------------------ common
      E164: {
        type: 'string',
        pattern: E164_PATTERN,
        description: 'A US number in E.164 form.',
        examples: ['+13125550123'],
      },
      DateTime: { type: 'string', format: 'date-time' },
      FieldError: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: {
            type: 'string',
            description: 'Dotted path of the field, or our column name for a lead row.',
          },
          reason: { type: 'string' },
        },
      },
      Error: {
        type: 'object',
        required: ['error', 'requestId'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: {
                type: 'string',
                enum: [
                  'VALIDATION_FAILED',
                  'BAD_BODY',
                  'UNAUTHORIZED',
                  'FORBIDDEN',
                  'NOT_FOUND',
                  'CONFLICT',
                  'INVALID_SIGNATURE',
                  'INTERNAL',
                ],
              },
              message: { type: 'string' },
              field: {
                type: 'string',
                description: 'The field the error is about (dotted path), when there is one.',
              },
              details: {
                description: 'For `VALIDATION_FAILED` from schema validation: every problem found.',
                type: 'array',
                items: { $ref: '#/components/schemas/FieldError' },
              },
              errorId: { type: 'string', description: 'Only on 500 `INTERNAL`: the id of the logged error.' },
            },
          },
          requestId: { type: 'string', description: 'The request id (also in the `X-Request-Id` header).' },
        },
      },
      Health: {
        type: 'object',
        required: ['status', 'service', 'timestamp', 'mongodb', 'checks'],
        properties: {
          status: { type: 'string', enum: ['healthy', 'unhealthy'] },
          service: { type: 'string', examples: ['dialer'] },
          timestamp: { type: 'string', format: 'date-time' },
          mongodb: { type: 'string', enum: ['connected', 'disconnected'] },
          checks: {
            type: 'object',
            description: 'Each dependency (redis, mongodb, kafka): `up`, `down` or `not_configured`.',
            additionalProperties: {
              type: 'object',
              required: ['status'],
              properties: { status: { type: 'string', enum: ['up', 'down', 'not_configured'] } },
            },
          },
        },
      },

      // ------------------------------------------------------------ campaigns
      CampaignStatus: { type: 'string', enum: ['draft', 'running', 'paused', 'cancelled', 'done'] },
      RetryRule: {
        type: 'object',
        additionalProperties: false,
        required: ['delayMinutes', 'maxAttempts'],
        properties: {
          delayMinutes: {
            type: 'number',
            minimum: 0,
            maximum: 10080,
            description: 'Wait before the next attempt.',
          },
          maxAttempts: {
            type: 'integer',
            minimum: 1,
            maximum: 10,
            description: 'Attempts allowed in total for leads whose last outcome was this one.',
          },
        },
      },
      CallingWindow: {
        type: 'object',
        additionalProperties: false,
        required: ['start', 'end'],
        description:
          '"HH:mm" (24-hour) in the lead\'s local time, `start` before `end`. Narrows the legal calling hours, never widens them.',
        properties: {
          start: { type: 'string', pattern: HHMM_PATTERN, examples: ['09:30'] },
          end: { type: 'string', pattern: HHMM_PATTERN, examples: ['17:00'] },
        },
      },
      Campaign: {
        type: 'object',
        required: [
          'id',
          'name',
          'status',
          'agent',
          'script',
          'callerId',
          'limits',
          'retry',
          'voicemail',
          'callingWindow',
          'createdAt',
        ],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          status: { $ref: '#/components/schemas/CampaignStatus' },
          agent: {
            type: 'object',
            required: ['agentId', 'requiredVariables'],
            properties: {
              agentId: { type: 'string', description: 'ElevenLabs agent id.' },
              requiredVariables: { type: 'array', items: { $ref: '#/components/schemas/LeadVariable' } },
            },
          },
          script: { $ref: '#/components/schemas/CallScript' },
          callerId: { $ref: '#/components/schemas/E164' },
          limits: {
            type: 'object',
            required: ['maxConcurrentCalls', 'callsPerSecond', 'maxAttemptsPerLead'],
            properties: {
              maxConcurrentCalls: { type: 'integer' },
              callsPerSecond: { type: 'number' },
              maxAttemptsPerLead: { type: 'integer' },
            },
          },
          retry: {
            type: 'object',
            required: ['no-answer', 'busy', 'failed', 'voicemail'],
            properties: {
              'no-answer': { $ref: '#/components/schemas/RetryRule' },
              busy: { $ref: '#/components/schemas/RetryRule' },
              failed: { $ref: '#/components/schemas/RetryRule' },
              voicemail: { $ref: '#/components/schemas/RetryRule' },
            },
          },
          voicemail: {
            type: 'object',
            required: ['action', 'message'],
            properties: {
              action: { type: 'string', enum: ['hangup', 'leave_message'] },
              message: { type: ['string', 'null'] },
            },
          },
          callingWindow: {
            oneOf: [{ $ref: '#/components/schemas/CallingWindow' }, { type: 'null' }],
          },
          compliance: { $ref: '#/components/schemas/CampaignCompliance' },
          createdAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      LeadVariable: {
        type: 'string',
        enum: [
          'first_name',
          'last_name',
          'full_name',
          'email',
          'street',
          'city',
          'state',
          'zip',
          'property_address',
        ],
        description:
          'A dynamic variable that comes from a lead field (full_name from first_name and last_name).',
      },
      CallScript: {
        type: 'object',
        description: [
          "What the agent is told on every call (the seed's Context Builder). Sent when the call is answered as",
          'ElevenLabs dynamic variables `approach_strategy`, `talking_points` (numbered lines), `objection_handling`',
          '(one line per objection), beside the lead variables (`first_name`, `last_name`, `full_name`, `email`,',
          '`street`, `city`, `state`, `zip`, `property_address`, `lead_id`, `language`, `call_id`), every one a',
          "string of at most 2,000 characters, never missing. `firstMessage` and `language` (a lead's own `language`",
          'wins) go as conversation overrides, only when set: the agent must allow those overrides.',
        ].join(' '),
        additionalProperties: false,
        properties: {
          approachStrategy: { type: 'string', maxLength: 2000, default: '' },
          talkingPoints: {
            type: 'array',
            maxItems: 20,
            items: { type: 'string', minLength: 1, maxLength: 500 },
            default: [],
          },
          objectionHandling: {
            type: 'array',
            maxItems: 20,
            default: [],
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['objection', 'response'],
              properties: {
                objection: { type: 'string', minLength: 1, maxLength: 300 },
                response: { type: 'string', minLength: 1, maxLength: 1000 },
              },
            },
          },
          firstMessage: {
            type: ['string', 'null'],
            maxLength: 500,
            default: null,
            description: 'May reference `{{variables}}` above; each one is then required of every lead.',
          },
          language: {
            type: ['string', 'null'],
            pattern: '^[a-z]{2,3}(-[a-z]{2})?$',
            default: null,
            examples: ['en', 'es', 'pt-br'],
          },
        },
      },
      CampaignProgress: {
        type: 'object',
        required: ['total', 'byStatus', 'byOutcome', 'activeCalls', 'waitingForSlot', 'dialRate'],
        properties: {
          total: { type: 'integer', description: 'Leads in the campaign.' },
          byStatus: {
            type: 'object',
            description: 'Lead count by lead status (statuses with no lead may be absent).',
            propertyNames: { $ref: '#/components/schemas/LeadStatus' },
            additionalProperties: { type: 'integer' },
          },
          byOutcome: {
            type: 'object',
            description: 'Lead count by last outcome.',
            additionalProperties: { type: 'integer' },
          },
          activeCalls: {
            type: 'integer',
            description:
              'Call slots the campaign holds now: its calls out (their leads are `dialing`) and the dial jobs that ' +
              'took a slot and wait for their send turn (their leads are still `queued`).',
          },
          waitingForSlot: {
            type: 'integer',
            description:
              "Leads whose dial job waits for one of the campaign's call slots to be freed (their status is " +
              '`queued`); each is woken when its turn comes.',
          },
          dialRate: {
            type: 'object',
            description:
              'The pace the campaign may dial at now. `slowedByLoad`: back-pressure holds it below the configured ' +
              'rate because the system is not keeping up with its calls; `reasons` names the signals over their ' +
              'threshold (webhookAnswerMs, eventLoopLagMs, postCallBacklog, unsettledCalls); no reasons while the rate ' +
              'climbs back after a cut or, from 10 calls/s, after an idle second.',
            required: ['callsPerSecond', 'slowedByLoad', 'reasons'],
            properties: {
              callsPerSecond: { type: 'number' },
              slowedByLoad: { type: 'boolean' },
              reasons: {
                type: 'array',
                items: {
                  type: 'string',
                  enum: ['webhookAnswerMs', 'eventLoopLagMs', 'postCallBacklog', 'unsettledCalls'],
                },
              },
            },
          },
        },
      },
      CampaignWithProgress: {
        allOf: [
          { $ref: '#/components/schemas/Campaign' },
          {
            type: 'object',
            required: ['progress'],
            properties: { progress: { $ref: '#/components/schemas/CampaignProgress' } },
          },
        ],
      },

      CampaignCompliance: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowRegistryWithWrittenAgreement: {
            type: 'boolean',
            default: false,
            description:
              'Admin key only. Call numbers on the National DNC Registry when a signed written agreement with the seller is on record (47 CFR 64.1200(c)(2)(ii)); each such decision records the exemption. Off: a listed number is never called.',
          },
        },
      },

      // ------------------------------------------------------------ leads
      Qualification: {
        type: 'object',
        description:
          "What a conversation taught: ElevenLabs' data collection (through the campaign's `analysis` mapping), else the lead's own words.",
        required: [
          'timeline',
          'askingPrice',
          'condition',
          'motivation',
          'appointmentAt',
          'callbackAt',
          'summary',
        ],
        properties: {
          timeline: { type: ['string', 'null'], description: 'When the lead means to sell, in their words.' },
          askingPrice: { type: ['number', 'null'], description: 'US dollars.' },
          condition: { type: ['string', 'null'] },
          motivation: { type: ['string', 'null'] },
          appointmentAt: { oneOf: [{ $ref: '#/components/schemas/DateTime' }, { type: 'null' }] },
          callbackAt: {
            oneOf: [{ $ref: '#/components/schemas/DateTime' }, { type: 'null' }],
            description: "The time the lead asked to be called back, read in the lead's own zone.",
          },
          summary: { type: ['string', 'null'] },
        },
      },
      NextStep: {
        type: 'object',
        required: ['action', 'at', 'requestedAt', 'movedReason'],
        properties: {
          action: { type: 'string', enum: ['callback', 'appointment', 'stop', 'dnc', 'retry', 'follow_up'] },
          at: {
            oneOf: [{ $ref: '#/components/schemas/DateTime' }, { type: 'null' }],
            description: 'When the next attempt (still checked by compliance) or the appointment is due.',
          },
          requestedAt: {
            oneOf: [{ $ref: '#/components/schemas/DateTime' }, { type: 'null' }],
            description: 'The callback time the lead asked for.',
          },
          movedReason: {
            type: ['string', 'null'],
            description:
              'Why `at` differs from `requestedAt` (outside lawful calling hours in the lead’s zone).',
          },
        },
      },
      LeadDetail: {
        allOf: [
          { $ref: '#/components/schemas/Lead' },
          {
            type: 'object',
            required: ['qualification', 'nextStep'],
            properties: {
              qualification: { oneOf: [{ $ref: '#/components/schemas/Qualification' }, { type: 'null' }] },
              nextStep: { oneOf: [{ $ref: '#/components/schemas/NextStep' }, { type: 'null' }] },
            },
          },
        ],
      },
      LeadStatus: {
        type: 'string',
        enum: [
          'new',
          'queued',
          'waiting',
          'dialing',
          'retry_scheduled',
          'completed',
          'blocked',
          'exhausted',
          'cancelled',
        ],
        description:
          '`queued`: in the compliance or the dial queue, no call placed yet. `dialing`: a call was placed for the ' +
          'latest attempt. `waiting`: deferred by calling hours or a frequency cap. `blocked`: compliance said no ' +
          '(never called). ' +
          '`exhausted`: attempts used up without a conversation.',
      },
      Lead: {
        type: 'object',
        required: [
          'id',
          'campaignId',
          'phone',
          'firstName',
          'lastName',
          'email',
          'address',
          'timeZone',
          'propertyAddress',
          'consentId',
          'status',
          'attempts',
          'lastOutcome',
          'blockedReasons',
          'rowNumber',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: { type: 'string' },
          campaignId: { type: 'string' },
          phone: { $ref: '#/components/schemas/E164' },
          firstName: { type: 'string' },
          lastName: { type: 'string' },
          email: { type: ['string', 'null'] },
          address: {
            type: 'object',
            required: ['street', 'city', 'state', 'zip'],
            properties: {
              street: { type: ['string', 'null'] },
              city: { type: ['string', 'null'] },
              state: { type: ['string', 'null'] },
              zip: { type: ['string', 'null'] },
            },
          },
          timeZone: { type: ['string', 'null'], description: 'IANA zone given by the uploader.' },
          propertyAddress: { type: ['string', 'null'] },
          language: { type: ['string', 'null'], description: "The lead's language; null: the campaign's." },
          consentId: { type: ['string', 'null'] },
          status: { $ref: '#/components/schemas/LeadStatus' },
          attempts: { type: 'integer' },
          lastOutcome: { type: ['string', 'null'] },
          blockedReasons: { type: 'array', items: { type: 'string' } },
          rowNumber: { type: ['integer', 'null'], description: 'Row of the upload it came from.' },
          createdAt: { $ref: '#/components/schemas/DateTime' },
          updatedAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      ConsentMethod: { type: 'string', enum: ['written', 'electronic_signature', 'verbal', 'implied'] },
      LeadUploadJson: jsonSchemaOf(leadUploadJsonSchema),
      RejectedRow: {
        type: 'object',
        required: ['row', 'errors'],
        properties: {
          row: {
            type: 'integer',
            minimum: 1,
            description: 'CSV: the header is row 1. JSON: `leads[i]` is row i + 1.',
          },
          errors: {
            type: 'array',
            items: { $ref: '#/components/schemas/FieldError' },
            description:
              'Every problem, each naming its column (snake_case), or `row` for a row that cannot be read.',
          },
        },
      },
      UploadReport: {
        type: 'object',
        required: [
          'uploadId',
          'status',
          'accepted',
          'rejectedCount',
          'errorCounts',
          'errorsCsv',
          'rejected',
          'leadIds',
        ],
        properties: {
          uploadId: { type: 'string' },
          status: { type: 'string', enum: ['complete'] },
          accepted: { type: 'integer', minimum: 0 },
          rejectedCount: { type: 'integer', minimum: 0 },
          errorCounts: {
            type: 'object',
            additionalProperties: { type: 'integer' },
            description: 'Rejected rows per kind of reason ("phone: must be a valid US phone number").',
          },
          errorsCsv: { type: 'string', description: 'Path of the full error report (every rejected row).' },
          rejected: {
            type: 'array',
            maxItems: 1000,
            items: { $ref: '#/components/schemas/RejectedRow' },
            description: 'The first 1,000 rejected rows.',
          },
          leadIds: {
            type: 'array',
            maxItems: 1000,
            items: { type: 'string' },
            description: 'Ids of the first 1,000 saved leads, in row order (the leads listing has them all).',
          },
        },
      },
      Upload: {
        type: 'object',
        required: [
          'id',
          'campaignId',
          'status',
          'accepted',
          'rejected',
          'errorCounts',
          'startedAt',
          'finishedAt',
        ],
        properties: {
          id: { type: 'string' },
          campaignId: { type: 'string' },
          status: { type: 'string', enum: ['receiving', 'complete', 'aborted', 'too_large'] },
          accepted: { type: 'integer', minimum: 0, description: 'Leads stored from this upload.' },
          rejected: { type: 'integer', minimum: 0 },
          errorCounts: { type: 'object', additionalProperties: { type: 'integer' } },
          firstErrors: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/RejectedRow' } },
          errorsCsv: { type: 'string' },
          startedAt: { type: 'string', format: 'date-time' },
          finishedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      UploadFailure: {
        allOf: [
          { $ref: '#/components/schemas/UploadReport' },
          {
            type: 'object',
            required: ['error'],
            properties: {
              accepted: { const: 0 },
              error: {
                type: 'object',
                required: ['code', 'message', 'field'],
                properties: {
                  code: { type: 'string', const: 'NO_VALID_ROWS' },
                  message: { type: 'string' },
                  field: { type: 'string', const: 'leads' },
                },
              },
            },
          },
        ],
      },

      // ------------------------------------------------------------ calls
      CallStatus: {
        type: 'string',
        enum: [
          'created',
          'queued',
          'initiated',
          'ringing',
          'in-progress',
          'completed',
          'busy',
          'no-answer',
          'failed',
          'canceled',
        ],
        description: '`created`: stored, Twilio not yet asked. Moves forward only; the last five are final.',
      },
      CallOutcome: {
        type: 'string',
        enum: [
          'qualified',
          'appointment',
          'callback',
          'not_interested',
          'dnc_request',
          'wrong_number',
          'voicemail',
          'no-answer',
          'busy',
          'failed',
        ],
      },
      TranscriptSegment: {
        type: 'object',
        required: ['speaker', 'text', 'timestamp', 'confidence'],
        properties: {
          speaker: { type: 'string', enum: ['agent', 'customer'] },
          text: { type: 'string' },
          timestamp: { type: 'integer', description: 'Milliseconds from the start of the conversation.' },
          confidence: {
            type: ['number', 'null'],
            description:
              "1 for the agent's own words; null for the customer (ElevenLabs reports no recognition confidence).",
          },
          sentiment: {
            $ref: '#/components/schemas/CallSentiment',
            description: "The customer's turns only.",
          },
        },
      },
      Transcript: {
        type: 'object',
        required: ['segments', 'fullText', 'duration'],
        properties: {
          segments: { type: 'array', items: { $ref: '#/components/schemas/TranscriptSegment' } },
          fullText: { type: 'string', description: 'One line per turn, `Agent: …` / `Customer: …`.' },
          duration: { type: ['number', 'null'], description: 'Seconds of conversation.' },
        },
      },
      CallSentiment: {
        type: 'object',
        required: ['overall', 'confidence', 'score'],
        properties: {
          overall: { type: 'string', enum: ['positive', 'neutral', 'negative'] },
          confidence: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'How strongly the score supports the label: |score|, or 1 − |score| for neutral.',
          },
          score: { type: 'number', minimum: -1, maximum: 1 },
        },
      },
      CallIntent: {
        type: 'object',
        required: ['primary', 'confidence'],
        properties: {
          primary: { type: 'string', examples: ['selling_now'] },
          confidence: { type: ['number', 'null'], description: 'Null: phrase rules give no probability.' },
        },
      },
      CallOutcomeView: {
        type: 'object',
        required: ['result', 'appointmentScheduled'],
        properties: {
          result: { oneOf: [{ $ref: '#/components/schemas/CallOutcome' }, { type: 'null' }] },
          appointmentScheduled: { type: 'boolean' },
        },
      },
      Call: {
        type: 'object',
        required: [
          'callId',
          'attemptId',
          'attemptNumber',
          'leadId',
          'campaignId',
          'to',
          'from',
          'status',
          'timeline',
          'twilio',
          'elevenlabs',
          'duration',
          'recording',
          'transcript',
          'summary',
          'sentiment',
          'intent',
          'outcome',
          'complianceCheckId',
          'overrideReason',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          callId: { type: 'string', examples: ['call-ld_123-a1'] },
          attemptId: { type: 'string', examples: ['ld_123-a1'] },
          attemptNumber: { type: 'integer', minimum: 1 },
          leadId: { type: 'string' },
          campaignId: { type: 'string' },
          to: { $ref: '#/components/schemas/E164' },
          from: { $ref: '#/components/schemas/E164' },
          status: { $ref: '#/components/schemas/CallStatus' },
          timeline: {
            type: 'array',
            items: {
              type: 'object',
              required: ['status', 'at', 'source'],
              properties: {
                status: { $ref: '#/components/schemas/CallStatus' },
                at: { $ref: '#/components/schemas/DateTime' },
                source: { type: 'string', examples: ['twilio:status'] },
              },
            },
          },
          twilio: {
            type: 'object',
            required: ['callSid', 'answeredBy'],
            properties: { callSid: { type: ['string', 'null'] }, answeredBy: { type: ['string', 'null'] } },
          },
          elevenlabs: {
            type: 'object',
            required: ['conversationId'],
            properties: { conversationId: { type: ['string', 'null'] } },
          },
          duration: {
            type: ['number', 'null'],
            description: 'Seconds, from the carrier or the conversation.',
          },
          recording: {
            oneOf: [
              {
                type: 'object',
                required: ['sid', 'url', 'durationSec'],
                properties: {
                  sid: { type: 'string' },
                  url: { type: 'string' },
                  durationSec: { type: 'number' },
                },
              },
              { type: 'null' },
            ],
          },
          transcript: { oneOf: [{ $ref: '#/components/schemas/Transcript' }, { type: 'null' }] },
          summary: { type: ['string', 'null'] },
          sentiment: { oneOf: [{ $ref: '#/components/schemas/CallSentiment' }, { type: 'null' }] },
          intent: { oneOf: [{ $ref: '#/components/schemas/CallIntent' }, { type: 'null' }] },
          outcome: { $ref: '#/components/schemas/CallOutcomeView' },
          complianceCheckId: { type: ['string', 'null'], description: 'The dial-time compliance record.' },
          overrideReason: { type: ['string', 'null'] },
          createdAt: { $ref: '#/components/schemas/DateTime' },
          updatedAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      CallTranscript: {
        type: 'object',
        required: ['callId', 'transcript', 'summary', 'sentiment', 'intent', 'outcome'],
        properties: {
          callId: { type: 'string' },
          transcript: { $ref: '#/components/schemas/Transcript' },
          summary: { type: ['string', 'null'] },
          sentiment: { oneOf: [{ $ref: '#/components/schemas/CallSentiment' }, { type: 'null' }] },
          intent: { oneOf: [{ $ref: '#/components/schemas/CallIntent' }, { type: 'null' }] },
          outcome: { $ref: '#/components/schemas/CallOutcomeView' },
        },
      },
      InitiateCallAccepted: {
        type: 'object',
        description:
          "The seed's answer. It comes before any dial: the attempt is queued, so the Twilio sid and status and the " +
          'conversation id are null; `GET /api/calls/{callId}` shows them once the call is placed and answered.',
        required: ['callId', 'status', 'call', 'leadId', 'attemptId'],
        properties: {
          call: {
            type: 'object',
            required: ['callId', 'leadId', 'campaignId', 'attemptId', 'callType', 'twilio', 'elevenlabs'],
            properties: {
              callId: { type: 'string' },
              leadId: { type: 'string' },
              campaignId: { type: 'string' },
              attemptId: { type: 'string' },
              callType: { type: 'string', enum: ['agent'] },
              twilio: {
                type: 'object',
                required: ['callSid', 'status'],
                properties: { callSid: { type: 'null' }, status: { type: 'null' } },
              },
              elevenlabs: {
                type: 'object',
                required: ['conversationId'],
                properties: { conversationId: { type: 'null' } },
              },
            },
          },
          leadId: { type: 'string' },
          attemptId: { type: 'string', examples: ['ld_123-a2'] },
          callId: {
            type: 'string',
            description: 'The id the call will have once placed.',
            examples: ['call-ld_123-a2'],
          },
          status: { type: 'string', const: 'queued' },
        },
      },

      // ------------------------------------------------------------ compliance
      ViolationCode: {
        type: 'string',
        enum: [
          'NO_CONSENT',
          'EXPIRED_CONSENT',
          'WRONG_CONSENT_METHOD',
          'REVOKED_CONSENT',
          'ON_DNC_REGISTRY',
          'INTERNAL_DNC',
          'AUTOMATED_CALL_NOT_ALLOWED',
          'REGISTRY_STALE',
          'OUTSIDE_CALLING_HOURS',
          'FREQUENCY_CAP',
          'ATTEMPT_LIMIT',
          'INVALID_PHONE',
          'STATE_BAN',
        ],
      },
      Violation: {
        type: 'object',
        required: ['code', 'message', 'fineEstimateUsd'],
        properties: {
          code: { $ref: '#/components/schemas/ViolationCode' },
          message: { type: 'string', description: 'One sentence naming the facts.' },
          fineEstimateUsd: {
            type: 'object',
            required: ['min', 'max'],
            properties: { min: { type: 'number' }, max: { type: 'number' } },
          },
        },
      },
      ComplianceEvidence: {
        type: 'object',
        required: [
          'ruleSetVersion',
          'checkedAt',
          'consentId',
          'registryDownloadedAt',
          'zones',
          'localTimes',
          'states',
          'window',
          'override',
        ],
        properties: {
          ruleSetVersion: { type: 'string' },
          checkedAt: { $ref: '#/components/schemas/DateTime' },
          consentId: { type: ['string', 'null'] },
          registryDownloadedAt: { type: ['string', 'null'], format: 'date-time' },
          zones: {
            type: 'array',
            description: 'Time zones the called party may be in.',
            items: {
              type: 'object',
              required: ['zone', 'source'],
              properties: {
                zone: { type: 'string', examples: ['America/Chicago'] },
                source: { type: 'string', enum: ['given', 'zip', 'area_code', 'state', 'fallback'] },
              },
            },
          },
          localTimes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['zone', 'local'],
              properties: { zone: { type: 'string' }, local: { type: 'string' } },
            },
          },
          states: { type: 'array', items: { type: 'string' } },
          window: {
            type: 'object',
            required: ['start', 'end', 'sources'],
            properties: {
              start: { type: 'string' },
              end: { type: 'string' },
              sources: { type: 'array', items: { type: 'string' } },
            },
          },
          places: {
            type: 'array',
            description:
              'Each candidate zone with the states it is judged under and its calling-hours statutes.',
            items: {
              type: 'object',
              required: ['zone', 'states', 'statutes'],
              properties: {
                zone: { type: 'string' },
                states: { type: 'array', items: { type: 'string' } },
                statutes: { type: 'array', items: { type: 'string' } },
              },
            },
          },
          statutes: { type: 'array', description: 'Every statute applied.', items: { type: 'string' } },
          unverifiedStates: {
            type: 'array',
            description:
              'Candidate states not yet verified: judged under the strictest window of the verified ones.',
            items: { type: 'string' },
          },
          exemptions: {
            type: 'array',
            description: 'Lawful exemptions from our stricter default used by this decision.',
            items: { type: 'string' },
          },
          override: {
            oneOf: [
              {
                type: 'object',
                required: ['reason', 'by', 'overridden'],
                properties: {
                  reason: { type: 'string' },
                  by: { type: 'string' },
                  overridden: { type: 'array', items: { $ref: '#/components/schemas/ViolationCode' } },
                },
              },
              { type: 'null' },
            ],
          },
        },
      },
      ComplianceAllowed: {
        type: 'object',
        required: ['result', 'evidence'],
        properties: {
          result: { type: 'string', const: 'allowed' },
          evidence: { $ref: '#/components/schemas/ComplianceEvidence' },
        },
      },
      ComplianceBlocked: {
        type: 'object',
        required: ['result', 'violations', 'evidence'],
        properties: {
          result: { type: 'string', const: 'blocked' },
          violations: { type: 'array', items: { $ref: '#/components/schemas/Violation' } },
          evidence: { $ref: '#/components/schemas/ComplianceEvidence' },
        },
      },
      ComplianceDeferred: {
        type: 'object',
        required: ['result', 'notBefore', 'violations', 'evidence'],
        properties: {
          result: { type: 'string', const: 'deferred' },
          notBefore: { $ref: '#/components/schemas/DateTime' },
          violations: { type: 'array', items: { $ref: '#/components/schemas/Violation' } },
          evidence: { $ref: '#/components/schemas/ComplianceEvidence' },
        },
      },
      ComplianceDecision: {
        description:
          '`allowed`: may be dialed now. `blocked`: must not be dialed (`violations` says why). `deferred`: may be ' +
          'dialed from `notBefore` (calling hours, frequency cap).',
        oneOf: [
          { $ref: '#/components/schemas/ComplianceAllowed' },
          { $ref: '#/components/schemas/ComplianceBlocked' },
          { $ref: '#/components/schemas/ComplianceDeferred' },
        ],
        discriminator: {
          propertyName: 'result',
          mapping: {
            allowed: '#/components/schemas/ComplianceAllowed',
            blocked: '#/components/schemas/ComplianceBlocked',
            deferred: '#/components/schemas/ComplianceDeferred',
          },
        },
      },
      ComplianceCheckResult: {
        description: 'What the rules say now; a query is not a decision, so nothing is stored.',
        allOf: [{ $ref: '#/components/schemas/ComplianceDecision' }],
      },
      ComplianceRecord: {
        type: 'object',
        description:
          'One stored compliance decision: append-only evidence of why a lead was or was not called.',
        required: [
          'id',
          'leadId',
          'campaignId',
          'attemptId',
          'phone',
          'stage',
          'result',
          'notBefore',
          'violations',
          'evidence',
          'error',
          'checkedAt',
        ],
        properties: {
          id: { type: 'string' },
          leadId: { type: 'string', description: 'For a bare-number check, `phone-<number>`.' },
          campaignId: { type: ['string', 'null'] },
          attemptId: { type: ['string', 'null'] },
          phone: { type: 'string' },
          stage: { type: 'string', enum: ['queue', 'dial', 'query'] },
          result: {
            type: 'string',
            enum: ['allowed', 'blocked', 'deferred', 'error'],
            description: '`error`: the facts could not be gathered; the attempt was not dialed.',
          },
          notBefore: { type: ['string', 'null'], format: 'date-time' },
          violations: { type: 'array', items: { $ref: '#/components/schemas/Violation' } },
          evidence: { oneOf: [{ $ref: '#/components/schemas/ComplianceEvidence' }, { type: 'null' }] },
          error: { type: ['string', 'null'] },
          checkedAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      Consent: {
        type: 'object',
        required: [
          'id',
          'phone',
          'leadId',
          'method',
          'capturedAt',
          'expiresAt',
          'revokedAt',
          'sellerName',
          'coversAutomatedCalls',
          'source',
          'createdAt',
        ],
        properties: {
          id: { type: 'string' },
          phone: { $ref: '#/components/schemas/E164' },
          leadId: { type: ['string', 'null'] },
          method: { $ref: '#/components/schemas/ConsentMethod' },
          capturedAt: { $ref: '#/components/schemas/DateTime' },
          expiresAt: { type: ['string', 'null'], format: 'date-time' },
          revokedAt: { type: ['string', 'null'], format: 'date-time' },
          sellerName: { type: 'string' },
          coversAutomatedCalls: { type: 'boolean' },
          source: {
            type: 'object',
            required: ['formUrl', 'ip'],
            properties: { formUrl: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] } },
          },
          createdAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      DncEntry: {
        type: 'object',
        required: ['phone', 'reason', 'source', 'addedAt'],
        properties: {
          phone: { $ref: '#/components/schemas/E164' },
          reason: { type: 'string' },
          source: {
            type: 'string',
            description: 'Who added it, e.g. `api:admin`, `api:api`, or the call that asked.',
          },
          addedAt: { $ref: '#/components/schemas/DateTime' },
        },
      },
      DncAddResult: {
        type: 'object',
        required: ['phone', 'leadsStopped'],
        properties: {
          phone: { $ref: '#/components/schemas/E164' },
          leadsStopped: {
            type: 'integer',
            minimum: 0,
            description: 'Open leads with this number that were blocked.',
          },
        },
      },
      RegistryStatus: {
        type: 'object',
        required: ['downloadedAt', 'ageDays', 'stale'],
        properties: {
          downloadedAt: { type: ['string', 'null'], format: 'date-time' },
          ageDays: { type: ['number', 'null'] },
          stale: {
            type: 'boolean',
            description:
              'Never downloaded, or older than 31 days: every call is then blocked with `REGISTRY_STALE`.',
          },
        },
      },
      RegistryImportResult: {
        type: 'object',
        description: "The registry's report of the import (numbers read and stored).",
        additionalProperties: true,
      },

      // ------------------------------------------------------------ events and admin
      DomainEvent: {
        type: 'object',
        description:
          "An event as the outbox stores it. On Kafka it is flat, in the seed's shape: `eventType` and the " +
          "payload's fields beside eventId, occurredAt, callId, leadId and campaignId (CallInitiated: callSid, " +
          'conversationId; CallAnswered: timestamp; CallCompleted: status, duration, outcome; CallFailed: reason, ' +
          'violations; CallTranscriptReady: transcript, sentiment).',
        required: [
          'eventId',
          'type',
          'occurredAt',
          'callId',
          'leadId',
          'campaignId',
          'payload',
          'publishedAt',
        ],
        properties: {
          eventId: {
            type: 'string',
            description:
              'Deterministic (`<type>:<key>`): a re-sent event keeps its id, so consumers can de-duplicate.',
            examples: ['CallAnswered:call-ld_123-a1'],
          },
          type: {
            type: 'string',
            enum: ['CallInitiated', 'CallAnswered', 'CallCompleted', 'CallFailed', 'CallTranscriptReady'],
          },
          occurredAt: { $ref: '#/components/schemas/DateTime' },
          callId: { type: ['string', 'null'] },
          leadId: { type: 'string' },
          campaignId: { type: 'string' },
          payload: { type: 'object', additionalProperties: true },
          publishedAt: {
            type: ['string', 'null'],
            format: 'date-time',
            description: 'When it was published to Kafka; null while it waits in the outbox.',
          },
        },
      },

      // ------------------------------------------------------------ webhook bodies
      TwilioConnectForm: {
        type: 'object',
        description: 'Twilio voice request parameters (only those read are listed).',
        additionalProperties: { type: 'string' },
        properties: {
          CallSid: { type: 'string' },
          AnsweredBy: {
            type: 'string',
            description: 'Answering-machine detection result.',
            examples: [
              'human',
              'machine_start',
              'machine_end_beep',
              'machine_end_silence',
              'machine_end_other',
              'fax',
              'unknown',
            ],
          },
        },
      },
      TwilioStatusForm: {
        type: 'object',
        description: 'Twilio status callback parameters (only those read are listed).',
        additionalProperties: { type: 'string' },
        required: ['CallStatus'],
        properties: {
          CallStatus: { $ref: '#/components/schemas/CallStatus' },
          CallSid: { type: 'string' },
          CallDuration: { type: 'string', description: 'Seconds.' },
          AnsweredBy: { type: 'string' },
        },
      },
      TwilioRecordingForm: {
        type: 'object',
        description: 'Twilio recording status callback parameters (only those read are listed).',
        additionalProperties: { type: 'string' },
        properties: {
          RecordingStatus: { type: 'string', examples: ['completed', 'in-progress', 'absent'] },
          RecordingSid: { type: 'string' },
          RecordingUrl: { type: 'string' },
          RecordingDuration: { type: 'string', description: 'Seconds.' },
        },
      },
      ElevenLabsWebhook: {
        type: 'object',
        description: 'ElevenLabs webhook envelope (only the fields read are listed).',
        required: ['type'],
        properties: {
          type: { type: 'string', examples: ['post_call_transcription', 'call_initiation_failure'] },
          data: {
            type: 'object',
            properties: {
              conversation_id: { type: 'string' },
              status: { type: 'string', enum: ['initiated', 'in-progress', 'processing', 'done', 'failed'] },
              failure_reason: { type: 'string' },
              transcript: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    role: { type: 'string', enum: ['agent', 'user'] },
                    message: { type: ['string', 'null'] },
                    time_in_call_secs: { type: 'number' },
                  },
                },
              },
              analysis: {
                type: 'object',
                properties: { transcript_summary: { type: 'string' }, call_successful: { type: 'string' } },
              },
              metadata: {
                type: 'object',
                properties: {
                  call_duration_secs: { type: 'number' },
                  phone_call: { type: 'object', properties: { call_sid: { type: 'string' } } },
                },
              },
              conversation_initiation_client_data: {
                type: 'object',
                properties: {
                  dynamic_variables: {
                    type: 'object',
                    description: '`call_id` identifies our call.',
                    properties: { call_id: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
