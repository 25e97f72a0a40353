import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { conversationDetails } from './conversation-details';
import { conversationId } from './ids';
import type { ConversationRecord, SimState } from './records';
import type { StatsRecorder } from './stats';
import type { RegisterCallStalls } from './faults';
import { connectStreamTwiml } from './twiml';

export interface ElevenLabsApiDeps {
  /** Absent: any non-empty key is accepted. */
  apiKey: string | undefined;
  state: SimState;
  stats: StatsRecorder;
  stalls: RegisterCallStalls;
  /** Variables every agent's prompt references. */
  agentVariables(): readonly string[];
  /** ws:// base URL of the simulator, for the Stream URL in the TwiML. */
  wsBaseUrl(): string;
}

const DIRECTIONS = ['inbound', 'outbound'];

/** The ElevenLabs Agents endpoints of a register-call integration: register a call, read a conversation. */
export function elevenLabsApi(deps: ElevenLabsApiDeps): Router {
  const router = express.Router();
  router.use('/v1/convai', checkApiKey(deps.apiKey), express.json());

  router.post('/v1/convai/twilio/register-call', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const missing = ['agent_id', 'from_number', 'to_number'].filter(
      (field) => typeof body[field] !== 'string',
    );
    const direction = body['direction'] ?? 'inbound';
    if (missing.length > 0 || typeof direction !== 'string' || !DIRECTIONS.includes(direction)) {
      return unprocessable(res, missing, direction);
    }
    const clientData = body['conversation_initiation_client_data'];
    const absent = missingVariables(deps.agentVariables(), clientData);
    if (absent.length) {
      deps.stats.conversationRefused();
      return detailError(
        res,
        400,
        'missing_dynamic_variables',
        `Missing required dynamic variables: ${absent.join(', ')}`,
      );
    }
    const conversation: ConversationRecord = {
      id: conversationId(),
      agentId: String(body['agent_id']),
      fromNumber: String(body['from_number']),
      toNumber: String(body['to_number']),
      direction,
      clientData:
        typeof clientData === 'object' && clientData !== null ? (clientData as Record<string, unknown>) : {},
      status: 'initiated',
      createdAt: Date.now(),
      durationSecs: 0,
    };
    deps.state.conversations.set(conversation.id, conversation);
    const answer = () =>
      res.type('application/xml').send(connectStreamTwiml(deps.wsBaseUrl(), conversation.id));
    const stall = deps.stalls.take();
    if (stall === undefined) answer();
    // A client that gave up meanwhile has closed the request: the late answer goes nowhere.
    else setTimeout(answer, stall).unref();
  });

  router.get('/v1/convai/conversations/:conversationId', (req, res) => {
    const conversation = deps.state.conversations.get(String(req.params['conversationId']));
    if (!conversation) {
      return detailError(res, 404, 'conversation_not_found', 'Conversation not found');
    }
    res.json(conversationDetails(conversation));
  });

  return router;
}

/** Variables the prompt references that are absent or not a string, number or boolean. */
function missingVariables(required: readonly string[], clientData: unknown): string[] {
  const given =
    typeof clientData === 'object' && clientData !== null
      ? (clientData as Record<string, unknown>)['dynamic_variables']
      : undefined;
  const vars = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  return required.filter((name) => !['string', 'number', 'boolean'].includes(typeof vars[name]));
}

function checkApiKey(apiKey: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get('xi-api-key');
    if (!given || (apiKey !== undefined && given !== apiKey)) {
      return detailError(res, 401, 'invalid_api_key', 'Invalid API key');
    }
    next();
  };
}

function detailError(res: Response, httpStatus: number, status: string, message: string): void {
  res.status(httpStatus).json({ detail: { status, message } });
}

/** FastAPI's validation error shape, which is what ElevenLabs answers. */
function unprocessable(res: Response, missing: string[], direction: unknown): void {
  const detail = [
    ...missing.map((field) => ({ type: 'missing', loc: ['body', field], msg: 'Field required' })),
    ...(typeof direction === 'string' && DIRECTIONS.includes(direction)
      ? []
      : [
          {
            type: 'enum',
            loc: ['body', 'direction'],
            msg: "Input should be 'inbound' or 'outbound'",
            input: direction,
          },
        ]),
  ];
  res.status(422).json({ detail });
}
