import { randomBytes } from 'node:crypto';
import type { SimulatorProfile, SimulatorStats } from '../../src/simulator';
import {
  businessHoursOffsetMs,
  simulatorEnvironment,
  simulatorOptions,
} from '../../src/demo/demo-environment';
import { apiClient, type ApiClient } from '../../src/demo/api-client';
import { sampleCampaignSettings } from '../../src/demo/sample-campaign';
import path from 'node:path';
import { freePort, spawnEntry, spawnRole, withDatabase, type Spawned } from './processes';
import { deleteKeys } from './redis';

/**
 * The dialer as separate processes (one api, N workers) on the simulator, each stack with its own queue prefix
 * and MongoDB database, on a clock shifted into calling hours. Used by the limit tests and the dial bench.
 * The simulator runs in a process of its own at a higher priority (simulator-process.ts): it timestamps every
 * create, and those timestamps are the carrier's measurement of our limits. By default the MongoDB stand-in
 * runs in its own process too (mongo-process.ts); with `mongo: 'env'` the stack uses MONGODB_URI instead (a
 * real server, or the suite's stand-in).
 */
export interface DialStack {
  prefix: string;
  base: string;
  env: NodeJS.ProcessEnv;
  sim: RemoteSimulator;
  client: ApiClient;
  api: Spawned;
  workers: Spawned[];
  /** The MongoDB stand-in's process, when the stack runs its own. */
  mongo: Spawned | null;
  simulator: Spawned;
  offsetMs: number;
  /** Starts one more worker process (same environment plus `env`); it joins `workers`. */
  addWorker(env?: Record<string, string>): Promise<Spawned>;
  /** The last `chars` characters of every process's output, for a failure message. */
  outputs(chars?: number): string;
  close(): Promise<void>;
}

export async function startDialStack(opts: {
  workers: number;
  profile: Partial<SimulatorProfile>;
  env?: Record<string, string>;
  seed?: number;
  /** A different worker entry point (e.g. the bench's instrumented one); default tests/support/e2e-process.ts. */
  workerEntry?: string;
  prefix?: string;
  mongo?: 'own' | 'env';
  /** How long each process may take to start (default 120 s: tsx compiles each entry on a loaded machine). */
  startTimeoutMs?: number;
}): Promise<DialStack> {
  const startTimeoutMs = opts.startTimeoutMs ?? 120_000;
  const prefix = opts.prefix ?? `lim-${randomBytes(4).toString('hex')}`;
  const started: Spawned[] = [];
  const mongo =
    opts.mongo === 'env'
      ? null
      : await spawnEntry(path.join(__dirname, 'mongo-process.ts'), 'mongo', process.env, startTimeoutMs);
  if (mongo) started.push(mongo);
  const mongoUri = mongo ? /READY (\S+)/.exec(mongo.output())![1]! : process.env.MONGODB_URI!;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const offsetMs = businessHoursOffsetMs();
  const env = simulatorEnvironment(process.env, {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    QUEUE_PREFIX: prefix,
    MONGODB_URI: withDatabase(mongoUri, prefix),
    KAFKA_BROKERS: '',
    LOG_LEVEL: 'warn',
    E2E_CLOCK_OFFSET_MS: String(offsetMs),
    ...opts.env,
  });
  const simOptions = simulatorOptions(env, base, opts.profile, opts.seed ?? 3);
  const simProcess = await spawnEntry(
    path.join(__dirname, 'simulator-process.ts'),
    'simulator',
    { ...process.env, SIMULATOR_OPTIONS: JSON.stringify(simOptions) },
    startTimeoutMs,
  ).catch(async (err: unknown) => {
    await mongo?.stop();
    throw err;
  });
  started.push(simProcess);
  const sim = remoteSimulator(/READY (\S+)/.exec(simProcess.output())![1]!);
  const full = { ...env, SIMULATOR_URL: sim.url };
  const track = (p: Promise<Spawned>) => p.then((s) => (started.push(s), s));
  try {
    const worker = (extra: Record<string, string> = {}) => {
      const env = { ...full, ...extra };
      return track(
        opts.workerEntry
          ? spawnEntry(opts.workerEntry, 'worker', env, startTimeoutMs)
          : spawnRole('worker', env, startTimeoutMs),
      );
    };
    const [api, ...workers] = await Promise.all([
      track(spawnRole('api', full, startTimeoutMs)),
      ...Array.from({ length: opts.workers }, () => worker()),
    ]);
    return {
      prefix,
      base,
      env: full,
      sim,
      client: apiClient(base, env.API_KEYS!, env.ADMIN_API_KEYS!),
      api: api!,
      workers,
      mongo,
      simulator: simProcess,
      offsetMs,
      addWorker: async (extra) => {
        const spawned = await worker(extra);
        workers.push(spawned);
        return spawned;
      },
      outputs: (chars = 3000) =>
        started
          .map((p, i) => `--- process ${i} (pid ${p.child.pid})\n${p.output().slice(-chars)}`)
          .join('\n'),
      async close() {
        // spawnRole's stop() waits for an 'exit' that a signal-killed child has already emitted: skip those.
        const alive = (p: Spawned) => p.child.exitCode === null && p.child.signalCode === null;
        const infra = [mongo, simProcess];
        await Promise.all(started.filter((p) => alive(p) && !infra.includes(p)).map((p) => p.stop()));
        await Promise.all(infra.filter((p) => p && alive(p)).map((p) => p!.stop()));
        await deleteKeys(prefix);
      },
    };
  } catch (err) {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    await deleteKeys(prefix);
    throw err;
  }
}

/** The simulator of another process, through its `/_sim` endpoints. */
export interface RemoteSimulator {
  url: string;
  stats(): Promise<SimulatorStats>;
  /** Resolves when no call is playing and no webhook is in flight. */
  idle(): Promise<void>;
}

function remoteSimulator(url: string): RemoteSimulator {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    if (!res.ok) throw new Error(`simulator ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    url,
    stats: () => get<SimulatorStats>('/_sim/stats'),
    idle: async () => {
      await get('/_sim/idle');
    },
  };
}

/** Area codes of states without a calls-per-24h cap or stricter hours (no FL, OK, MD, CT). */
const AREA_CODES = ['312', '212', '303', '602', '404', '614', '313', '213', '206', '617'];
const COLUMNS = [
  'phone',
  'first_name',
  'last_name',
  'property_address',
  'consent_method',
  'consent_captured_at',
  'consent_seller',
  'consent_automated',
  'consent_form_url',
  'consent_ip',
];

export interface LawfulLeads {
  csv: string;
  phones: string[];
  /** A registry file line per area code used: the registry fails closed for an area code without a file. */
  registryNumbers: string[];
}

/**
 * `count` leads that compliance must let through: written consent for automated calls, valid NANP numbers
 * (distinct for distinct `offset`s), none on a registry. `offset` keeps two campaigns' numbers apart.
 */
export function lawfulLeads(count: number, now: Date, offset = 0): LawfulLeads {
  if (offset + count > 9000) throw new RangeError('lawfulLeads: at most 9000 numbers');
  const captured = new Date(now.getTime() - 20 * 86_400_000).toISOString();
  const phones: string[] = [];
  const rows: string[] = [COLUMNS.join(',')];
  for (let k = 0; k < count; k++) {
    const i = k + offset;
    const npa = AREA_CODES[i % AREA_CODES.length]!;
    // Exchange 2xx–9xx without N11; subscriber 1000 + i keeps every number distinct and off x555-0199.
    let nxx = 200 + (Math.floor(i / AREA_CODES.length) % 780);
    if (nxx % 100 === 11) nxx += 1;
    const phone = `+1${npa}${nxx}${String(1000 + i).padStart(4, '0')}`;
    phones.push(phone);
    rows.push(
      [
        phone,
        `Lead${i}`,
        'Tester',
        `${100 + i} Oak St`,
        'electronic_signature',
        captured,
        'Lakeside Realty',
        'yes',
        'https://lakeside.example/valuation',
        `203.0.113.${(i % 250) + 1}`,
      ].join(','),
    );
  }
  return { csv: `${rows.join('\n')}\n`, phones, registryNumbers: AREA_CODES.map((npa) => `+1${npa}5550199`) };
}

/** Campaign settings for the limit tests: the sample campaign's short retry rules, voicemail hung up on. */
export function limitCampaignSettings(
  name: string,
  limits: { maxConcurrentCalls: number; callsPerSecond: number },
  retryDelayMinutes: number,
) {
  return { ...sampleCampaignSettings(name, limits, retryDelayMinutes), voicemail: { action: 'hangup' } };
}

/** Most timestamps inside any window of `windowMs` (half-open (t - windowMs, t], as the simulator counts). */
export function maxInWindow(timestamps: number[], windowMs = 1000): number {
  const ts = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < ts.length; end++) {
    while (ts[start]! <= ts[end]! - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Creates per second over the steady part of a run: the middle 80% of the creates, first to last. */
export function steadyRate(
  timestamps: number[],
  trim = 0.1,
): { perSecond: number; calls: number; seconds: number } {
  const ts = [...timestamps].sort((a, b) => a - b);
  const from = Math.floor(ts.length * trim);
  const to = Math.max(from, Math.ceil(ts.length * (1 - trim)) - 1);
  const calls = to - from;
  const seconds = (ts[to]! - ts[from]!) / 1000;
  return { perSecond: seconds > 0 ? calls / seconds : 0, calls, seconds };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** The timestamps of the densest `windowMs` window, for a failure message: when they came, how far apart. */
export function densestWindow(
  timestamps: number[],
  windowMs = 1000,
): { count: number; first: number; gapsMs: number[] } {
  const ts = [...timestamps].sort((a, b) => a - b);
  let best = { count: 0, from: 0, to: -1 };
  let start = 0;
  for (let end = 0; end < ts.length; end++) {
    while (ts[start]! <= ts[end]! - windowMs) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, from: start, to: end };
  }
  const inWindow = ts.slice(best.from, best.to + 1);
  return {
    count: best.count,
    first: inWindow[0] ?? 0,
    gapsMs: inWindow.slice(1).map((t, i) => t - inWindow[i]!),
  };
}
