/**
 * Lead intake at scale: BENCH_SIZES (default 100000,1000000) leads uploaded as one CSV and then started, each
 * size against a fresh API process (bench/support/ingest-api-process.ts, built as `npm run dev` builds its code: the API as it runs it, the
 * MongoDB stand-in on a thread of that process, or MONGODB_URI when set; no workers). Per size it prints: upload time and leads/s,
 * the start's answer time and the time until the last lead was queued, the API process's peak RSS (and its peak
 * once booted and after the upload), its p99 event-loop lag and /health p99 (polled every 100 ms) during each
 * phase, and its CPU per lead.
 * Targets on 2 cores: 100k uploaded in ≤ 10 s and queued in ≤ 10 s more; peak RSS ≤ 400 MB; /health p99 ≤ 200 ms.
 * It ends with one SUMMARY line. Run: npm run bench:ingest (BENCH_NODE_ARGS: extra node flags for the API process,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). The bench stops its process and deletes its Redis keys.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simulatorEnvironment } from '../src/demo/demo-environment';
import { apiClient } from '../src/demo/api-client';
import { freePort } from '../tests/support/processes';
import { deleteKeys } from '../tests/support/redis';
import { streamCsv } from '../tests/web/upload-stream';
import { referenceCpuMs } from './support/reference-cpu';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ROOT = path.join(__dirname, '..');
/**
 * The node flags `npm run dev` starts its built entry point with (package.json: `node scripts/build-dev.mjs &&
 * node <flags> <entry> --serve`), so the API process here runs built and flagged the same.
 */
const DEV_NODE_FLAGS = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts
  .dev!.split(' && ')
  .at(-1)!
  .split(' ')
  .slice(1)
  .filter((arg, i, args) => arg.startsWith('--') && args.slice(0, i).every((a) => a.startsWith('--')));
const AREA_CODES = ['312', '212', '303', '404', '614', '313', '213'];

interface ProcessStats {
  maxRssMb: number;
  cpuMs: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/** A distinct valid US number for each i < 7,000,000 (exchanges 234–333, never N11). */
function phone(i: number): string {
  const block = Math.floor(i / 10_000);
  const exchange = 234 + Math.floor(block / AREA_CODES.length);
  return `+1${AREA_CODES[block % AREA_CODES.length]}${exchange}${String(i % 10_000).padStart(4, '0')}`;
}

function* csv(rows: number) {
  yield 'phone,first_name,last_name,city,state\n';
  for (let start = 0; start < rows; start += 2000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 2000); i++)
      chunk += `${phone(i)},Lead${i},Bench,Chicago,IL\n`;
    yield chunk;
  }
}

/** API processes the bench itself is stopping. */
const stopping = new WeakSet<ChildProcess>();

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startApi(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(ROOT, '.dev-build', 'bench', 'support', 'ingest-api-process.js'), [], {
    env,
    execArgv: [...DEV_NODE_FLAGS, ...NODE_ARGS],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /READY (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`api exited with ${code}`)));
  });
  // A process that dies mid-run says how, instead of surfacing only as a refused /health poll.
  child.once('exit', (code, signal) => {
    if (!stopping.has(child))
      console.error(`the API process exited on its own: code ${code}, signal ${signal}`);
  });
  return { child, port };
}

function statsOf(child: ChildProcess, reset = false): Promise<ProcessStats> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as ProcessStats));
    child.send('stats');
    if (reset) child.send('reset');
  });
}

async function run(size: number) {
  const prefix = `bench-ingest-${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = simulatorEnvironment(process.env, {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: '',
    SIMULATOR_URL: 'http://127.0.0.1:9',
  });
  const { child } = await startApi(env);
  try {
    const client = apiClient(base, env.API_KEYS!, env.ADMIN_API_KEYS!);
    const campaign = await client.createCampaign({ name: `bench ${size}` });
    const idle = await statsOf(child, true);

    // /health is polled through the upload and the queueing, each answer time filed under its phase. A poll
    // that fails (a connection reset under load) is counted and the polling goes on: it is a finding, not a crash.
    const healthMs = { upload: [] as number[], queueing: [] as number[] };
    let healthFailures = 0;
    let phase: keyof typeof healthMs | null = 'upload';
    const poller = (async () => {
      while (phase) {
        const samples = healthMs[phase];
        const t0 = performance.now();
        await fetch(`${base}/health`)
          .then((r) => r.arrayBuffer())
          .then(
            () => samples.push(performance.now() - t0),
            () => (healthFailures += 1),
          );
        await sleep(100);
      }
    })();
    const t0 = performance.now();
    const upload = await streamCsv({ base, apiKey: env.API_KEYS! }, campaign.id, csv(size));
    const uploadMs = performance.now() - t0;
    phase = 'queueing';
    const afterUpload = await statsOf(child, true);
    const accepted = (JSON.parse(upload.text) as { accepted: number }).accepted;
    if (upload.status !== 201 || accepted !== size)
      throw new Error(`upload answered ${upload.status}: ${upload.text.slice(0, 300)}`);

    const t1 = performance.now();
    await client.control(campaign.id, 'start');
    const startAnswerMs = performance.now() - t1;
    // Each poll counts the campaign's leads by status: not too often, or the poll is what gets measured.
    const queueing = await client.queueingDone(campaign.id, 1000);
    const queuedMs = performance.now() - t1;
    phase = null;
    await poller;
    const afterStart = await statsOf(child);
    if (!queueing?.done) throw new Error(`queueing did not finish: ${JSON.stringify(queueing)}`);

    const uploadCpu = afterUpload.cpuMs - idle.cpuMs;
    const startCpu = afterStart.cpuMs - afterUpload.cpuMs;
    return {
      size,
      uploadS: uploadMs / 1000,
      leadsPerS: size / (uploadMs / 1000),
      startAnswerMs,
      queuedS: queuedMs / 1000,
      bootRssMb: idle.maxRssMb,
      uploadRssMb: afterUpload.maxRssMb,
      peakRssMb: afterStart.maxRssMb,
      uploadLagP99: afterUpload.lagP99Ms,
      startLagP99: afterStart.lagP99Ms,
      healthP99: p99([...healthMs.upload, ...healthMs.queueing]),
      healthUploadP99: p99(healthMs.upload),
      healthQueueingP99: p99(healthMs.queueing),
      healthSamples: healthMs.upload.length + healthMs.queueing.length,
      healthFailures,
      cpuMsPerLead: { upload: uploadCpu / size, start: startCpu / size },
    };
  } finally {
    stopping.add(child);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await deleteKeys(prefix);
  }
}

async function main() {
  const mongo = process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded stand-in';
  console.log(`bench:ingest on ${mongo}, sizes ${SIZES.join(', ')} (API process only, no workers)`);
  // As `npm run dev` does: the API process runs built (scripts/build-dev.mjs), with this bench's entry point.
  execFileSync(process.execPath, ['scripts/build-dev.mjs', 'bench/support/ingest-api-process.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const reference = referenceCpuMs();
  console.log(
    `reference workload (bench/support/reference-cpu.ts): ${reference.toFixed(1)} CPU-ms on this machine now`,
  );
  const results = [];
  for (const size of SIZES) {
    const r = await run(size);
    results.push(r);
    const f = (n: number, d = 1) => n.toFixed(d);
    console.log(
      [
        `${size} leads:`,
        `upload ${f(r.uploadS)} s (${f(r.leadsPerS, 0)} leads/s, ${f(r.cpuMsPerLead.upload, 3)} CPU-ms/lead),`,
        `start answered in ${f(r.startAnswerMs, 0)} ms, last lead queued after ${f(r.queuedS)} s`,
        `(${f(r.cpuMsPerLead.start, 3)} CPU-ms/lead),`,
        `peak RSS ${f(r.peakRssMb, 0)} MB (${f(r.bootRssMb, 0)} MB booted, ${f(r.uploadRssMb, 0)} MB after the upload),`,
        `event-loop lag p99 ${f(r.uploadLagP99, 0)} ms (upload) / ${f(r.startLagP99, 0)} ms (queueing),`,
        `/health p99 ${f(r.healthUploadP99, 0)} ms (upload) / ${f(r.healthQueueingP99, 0)} ms (queueing)`,
        `over ${r.healthSamples} polls (${r.healthFailures} failed)`,
      ].join(' '),
    );
  }
  // The targets are set for 100k leads; other sizes are reported without a verdict.
  const target = results.find((r) => r.size === 100_000);
  const verdict = !target
    ? 'not run'
    : target.uploadS <= 10 && target.queuedS <= 10 && target.peakRssMb <= 400 && target.healthP99 <= 200
      ? 'met'
      : 'MISSED';
  console.log(
    `SUMMARY ingest ${results
      .map(
        (r) =>
          `${r.size}: ${r.leadsPerS.toFixed(0)} leads/s, upload ${r.uploadS.toFixed(1)}s queued +${r.queuedS.toFixed(1)}s ` +
          `peak rss api ${r.peakRssMb.toFixed(0)}MB lag p99 ${Math.max(r.uploadLagP99, r.startLagP99).toFixed(0)}ms ` +
          `health p99 ${r.healthP99.toFixed(0)}ms cpu ${(r.cpuMsPerLead.upload + r.cpuMsPerLead.start).toFixed(3)}ms/lead ` +
          `(${((1000 * (r.cpuMsPerLead.upload + r.cpuMsPerLead.start)) / reference).toFixed(2)}x the reference workload per 1000 leads)`,
      )
      .join('; ')} | 100k targets ${verdict}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
