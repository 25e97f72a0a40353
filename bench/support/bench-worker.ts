/**
 * Bench-only worker entry: the same start-up as tests/support/e2e-process.ts (worker role), with timing probes
 * around the ports the dial processor calls. Nothing here changes what the processor does; every probe takes a
 * Date.now() (or a performance.now() difference) and the records are written to Redis after the call returns,
 * never on the measured path:
 *   - `${prefix}:bench:placed`  hash callId -> "grantAt,sentAt,limitWaitMs": when Redis granted the permit to
 *     this process, when telephony.placeCall was entered (i.e. just before the SDK builds the calls.create
 *     request), and how long the job waited for the limits (in permits.acquire when the slot was not free at the
 *     first ask, and in permits.awaitSendTurn);
 *   - `${prefix}:bench:ops`     hash "<port>.<method>" -> JSON of that method's latencies (ms) in this process,
 *     written at shutdown.
 * The job start is BullMQ's own processedOn of the dial job, read by the bench from Redis.
 */
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { offsetClock } from '../../src/ports/clock.port';
import { startWorkers } from '../../src/main/start-workers';
import { onShutdown } from '../../src/main/shutdown';

const PROBED_PORTS = [
  'campaigns',
  'leads',
  'consents',
  'internalDnc',
  'calls',
  'complianceRecords',
  'registry',
  'permits',
  'killSwitch',
  'telephony',
] as const;

async function main(): Promise<void> {
  const config = loadConfig();
  const clock = offsetClock(Number(process.env.E2E_CLOCK_OFFSET_MS ?? 0));
  const c = await buildContainer(config, 'worker', clock);
  const prefix = config.QUEUE_PREFIX;
  const latencies = new Map<string, number[]>();
  const grants = new Map<string, number>();
  const limitWaits = new Map<string, number>();
  const pending: Array<Promise<unknown>> = [];

  // Latency of every method of every port the processors use (in this process, under the bench's load).
  for (const name of PROBED_PORTS) {
    const port = c.deps[name] as unknown as Record<string, unknown>;
    let proto: object | null = Object.getPrototypeOf(port);
    const methods = new Set<string>(Object.keys(port).filter((k) => typeof port[k] === 'function'));
    while (proto && proto !== Object.prototype) {
      for (const k of Object.getOwnPropertyNames(proto))
        if (k !== 'constructor' && typeof port[k] === 'function') methods.add(k);
      proto = Object.getPrototypeOf(proto);
    }
    for (const method of methods) {
      const original = (port[method] as (...args: unknown[]) => unknown).bind(port);
      const key = `${name}.${method}`;
      const samples: number[] = [];
      latencies.set(key, samples);
      port[method] = (...args: unknown[]) => {
        const t0 = performance.now();
        const result = original(...args);
        if (result instanceof Promise) return result.finally(() => samples.push(performance.now() - t0));
        samples.push(performance.now() - t0);
        return result;
      };
    }
  }

  // When this process was granted each call's permit, how long it waited for the limits (a slot that was not
  // free at the first ask, the send turn), and when it entered placeCall.
  const permits = c.deps.permits;
  const acquire = permits.acquire.bind(permits);
  permits.acquire = async (callId, campaignId, limits, waitUpToMs) => {
    const t0 = performance.now();
    const answer = await acquire(callId, campaignId, limits, waitUpToMs);
    if (answer.granted) {
      grants.set(callId, Date.now());
      limitWaits.set(callId, answer.waited ? performance.now() - t0 : 0);
    }
    return answer;
  };
  const awaitSendTurn = permits.awaitSendTurn.bind(permits);
  permits.awaitSendTurn = async (callId, campaignId, limits, reservation) => {
    const t0 = performance.now();
    const turn = await awaitSendTurn(callId, campaignId, limits, reservation);
    limitWaits.set(callId, (limitWaits.get(callId) ?? 0) + performance.now() - t0);
    return turn;
  };
  const telephony = c.deps.telephony;
  const placeCall = telephony.placeCall.bind(telephony);
  telephony.placeCall = (req) => {
    const sentAt = Date.now();
    const callId = req.statusCallbackUrl.slice(req.statusCallbackUrl.lastIndexOf('/') + 1);
    const result = placeCall(req);
    const waited = (limitWaits.get(callId) ?? 0).toFixed(1);
    pending.push(
      c.redis
        .hset(`${prefix}:bench:placed`, callId, `${grants.get(callId) ?? ''},${sentAt},${waited}`)
        .catch(() => undefined),
    );
    if (pending.length > 1000) pending.splice(0, pending.length - 1000);
    return result;
  };

  const workers = startWorkers(c);
  const flush = async () => {
    await Promise.all(pending);
    const out: Record<string, string> = {};
    for (const [key, samples] of latencies)
      if (samples.length) out[`${process.pid}:${key}`] = JSON.stringify(samples.map((s) => +s.toFixed(2)));
    if (Object.keys(out).length) await c.redis.hset(`${prefix}:bench:ops`, out);
  };
  onShutdown(workers.close, flush, c.close);
  process.stdout.write('READY worker\n');
}

main().catch((err) => {
  process.stderr.write(`bench worker failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
