import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { CreateFaults } from './faults';
import { twilioSid } from './ids';
import { drawPlan } from './profile';
import type { CallRecord, SimState } from './records';
import type { StatsRecorder } from './stats';
import {
  callResource,
  callsPage,
  twilioError,
  twilioErrorForStatus,
  type TwilioErrorBody,
} from './twilio-resource';
import type { SimulatorProfile } from './types';

export interface TwilioApiDeps {
  accountSid: string;
  authToken: string;
  seed: number;
  state: SimState;
  stats: StatsRecorder;
  faults: CreateFaults;
  profile(): SimulatorProfile;
  startCall(call: CallRecord): void;
  hangUp(callSid: string, requested: 'completed' | 'canceled'): void;
}

const ACCOUNT = '/2010-04-01/Accounts/:accountSid';
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** The slice of Twilio's 2010-04-01 REST API the dialer uses: create, list, fetch and hang up calls. */
export function twilioApi(deps: TwilioApiDeps): Router {
  const router = express.Router();
  router.use(ACCOUNT, authenticate(deps), express.urlencoded({ extended: false }));

  router.post(`${ACCOUNT}/Calls.json`, (req, res) => {
    const form = formOf(req);
    const invalid = validateCreate(form);
    if (invalid) return sendError(res, invalid);
    const injected = deps.faults.takeFailure();
    if (injected !== undefined) {
      deps.stats.createFailureInjected();
      return sendError(res, twilioErrorForStatus(injected));
    }
    const call = createCall(deps, form);
    if (deps.faults.takeDrop()) {
      // Twilio accepted the call but our process never hears about it: only the calls list can tell.
      call.responseDropped = true;
      deps.stats.createResponseDropped();
      req.socket.destroy();
      return;
    }
    res.status(201).json(callResource(call));
  });

  router.get(`${ACCOUNT}/Calls.json`, (req, res) => {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const pageSize = Math.min(
      Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE,
      MAX_PAGE_SIZE,
    );
    const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
    ['PageSize', 'Page', 'PageToken'].forEach((key) => query.delete(key));
    const matching = [...deps.state.calls.values()].filter(callFilter(query)).reverse();
    res.json(callsPage(deps.accountSid, matching, query, page, pageSize));
  });

  router.get(`${ACCOUNT}/Calls/:callSid.json`, (req, res) => {
    const call = deps.state.calls.get(String(req.params['callSid']));
    if (!call) return sendError(res, notFound(req));
    res.json(callResource(call));
  });

  router.post(`${ACCOUNT}/Calls/:callSid.json`, (req, res) => {
    const call = deps.state.calls.get(String(req.params['callSid']));
    if (!call) return sendError(res, notFound(req));
    const form = formOf(req);
    const status = first(form['Status']);
    const otherChanges = Object.keys(form).filter((key) => key !== 'Status');
    if ((status !== 'completed' && status !== 'canceled') || otherChanges.length > 0) {
      return sendError(
        res,
        twilioError(400, 20001, 'The simulator only supports updating Status to completed or canceled'),
      );
    }
    deps.hangUp(call.sid, status);
    res.json(callResource(call));
  });

  return router;
}

type Form = Record<string, string | string[] | undefined>;

function formOf(req: Request): Form {
  return (req.body ?? {}) as Form;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function authenticate(deps: TwilioApiDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
    const credentials = Buffer.from(encoded ?? '', 'base64').toString();
    if (scheme !== 'Basic' || credentials !== `${deps.accountSid}:${deps.authToken}`) {
      res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
      return sendError(res, twilioError(401, 20003, 'Authenticate'));
    }
    if (req.params['accountSid'] !== deps.accountSid) return sendError(res, notFound(req));
    next();
  };
}

function validateCreate(form: Form): TwilioErrorBody | undefined {
  if (!first(form['To'])) return twilioError(400, 21201, "A 'To' phone number is required.");
  if (!first(form['From'])) return twilioError(400, 21213, "A 'From' phone number is required.");
  const url = first(form['Url']);
  if (!url && !first(form['Twiml'])) return twilioError(400, 21205, 'Url parameter is required.');
  if (url && !/^https?:\/\/[^/]+/.test(url)) return twilioError(400, 21205, `Url is not a valid URL: ${url}`);
  return undefined;
}

function createCall(deps: TwilioApiDeps, form: Form): CallRecord {
  const to = first(form['To']) ?? '';
  const createdAt = Date.now();
  const plan = drawPlan(deps.profile(), deps.seed, to, deps.stats.callsTo(to));
  const timeLimit = Number(first(form['TimeLimit']));
  const call: CallRecord = {
    sid: twilioSid('CA'),
    accountSid: deps.accountSid,
    to,
    from: first(form['From']) ?? '',
    url: first(form['Url']),
    twiml: first(form['Twiml']),
    statusCallback: first(form['StatusCallback']),
    // Accepts both the repeated parameter the SDK sends and a space-separated list.
    events: new Set(
      [form['StatusCallbackEvent'] ?? []]
        .flat()
        .flatMap((e) => e.split(/\s+/))
        .filter(Boolean),
    ),
    machineDetection: first(form['MachineDetection']),
    record: first(form['Record']) === 'true',
    recordingStatusCallback: first(form['RecordingStatusCallback']),
    timeLimitSecs: timeLimit > 0 ? timeLimit : undefined,
    plan,
    status: 'queued',
    createdAt,
    responseDropped: false,
    finalCallbackLost: deps.faults.takeFinalCallbackLoss(),
  };
  deps.state.calls.set(call.sid, call);
  deps.stats.createAccepted(to, createdAt);
  deps.startCall(call);
  return call;
}

/**
 * To, From, Status and the StartTime family. A StartTime value covers its whole second (the SDK sends
 * seconds) or its whole UTC day (a bare date); `>`/`>=` mean "on or after", `<`/`<=` "on or before".
 */
function callFilter(query: URLSearchParams): (call: CallRecord) => boolean {
  const tests: Array<(call: CallRecord) => boolean> = [];
  for (const [key, value] of query) {
    if (key === 'To') tests.push((c) => c.to === value);
    else if (key === 'From') tests.push((c) => c.from === value);
    else if (key === 'Status') tests.push((c) => c.status === value);
    else if (key.startsWith('StartTime')) {
      const [start, end] = instantRange(value);
      const op = key.slice('StartTime'.length);
      if (op.startsWith('>')) tests.push((c) => c.createdAt >= start);
      else if (op.startsWith('<')) tests.push((c) => c.createdAt < end);
      else tests.push((c) => c.createdAt >= start && c.createdAt < end);
    }
  }
  return (call) => tests.every((test) => test(call));
}

function instantRange(value: string): [number, number] {
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const span = bareDate ? 86_400_000 : 1000;
  const start = Math.floor(Date.parse(bareDate ? `${value}T00:00:00Z` : value) / span) * span;
  return [start, start + span];
}

function notFound(req: Request): TwilioErrorBody {
  return twilioError(404, 20404, `The requested resource ${req.originalUrl.split('?')[0]} was not found`);
}

function sendError(res: Response, error: TwilioErrorBody): void {
  res.status(error.status).json(error);
}
