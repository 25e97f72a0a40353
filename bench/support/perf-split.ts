/**
 * Where the CPU of the dialing phase goes, sampled by Linux `perf` on CPU time (`cpu-clock`): a process is
 * sampled only while it runs on a core. V8's own profiler (BENCH_CPU_PROFILE_DIR) samples wall time, so on a
 * loaded machine it credits the time a process waited for a core to the function it was preempted in, which is
 * mostly a socket write that woke another process: its "native" socket-write share overstates what writes cost.
 *
 * The processes run with `--perf-basic-prof`, so JIT-compiled JavaScript is named from /tmp/perf-<pid>.map. V8 may
 * move or reuse code, so a few samples carry a stale name; a share by package is reliable to a percent or two.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { area } from './profile-top';

/** Fails at once, with what is missing, when `perf` cannot record here. */
export function assertPerfAvailable(): void {
  const probe = spawnSync('perf', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error('BENCH_PERF needs Linux perf on the PATH (Debian: apt-get install -y linux-perf)');
}

/** Starts sampling `pids` (every thread) at 499 Hz with call stacks; stop() writes `file`. */
export function startPerfRecord(file: string, pids: number[]): { stop(): Promise<void> } {
  const perf: ChildProcess = spawn(
    'perf',
    ['record', '-e', 'cpu-clock', '-F', '499', '-g', '-o', file, '-p', pids.join(',')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  perf.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => perf.once('exit', resolve));
  return {
    async stop() {
      perf.kill('SIGINT');
      const code = await exited;
      if (code !== 0 && code !== null) throw new Error(`perf record failed (${code}): ${stderr.trim()}`);
    },
  };
}

/** V8 compiling or collecting garbage, else null: work that belongs to the whole process, not to a caller. */
function v8Work(stack: string): string | null {
  if (/OptimizingCompileDispatcher|maglev::|internal::Compiler::|CompileLazy|internal::Parser::/.test(stack))
    return '(V8 compiling)';
  if (/Heap::|Scavenger|MarkCompact|ConcurrentMarking|Sweeper|MinorMarkSweep|GCTracer/.test(stack))
    return '(garbage collector)';
  return null;
}

/** The area of a frame's JavaScript (`JS:<tier><name> <url>:<line>:<column> (<map file>)`, as --perf-basic-prof names a function). */
function jsArea(frame: string): string | null {
  if (!frame.includes(' JS:')) return null;
  const url = / JS:.*?(\S+):\d+:\d+ \(/.exec(frame)?.[1];
  return url ? area(url, '') : '(other JavaScript)';
}

/** What a sample was doing: V8 compiling or collecting garbage, the kernel, or the JavaScript area it ran. */
export function sampleArea(frames: string[]): string {
  const v8 = v8Work(frames.join('\n'));
  if (v8) return v8;
  if (frames[0]?.includes('[kernel')) return '(kernel)';
  const js = frames.find((f) => f.includes(' JS:'));
  return js ? jsArea(js)! : '(native, no JavaScript on the stack)';
}

/**
 * Who a sample worked for: the innermost package or file of ours on its stack, so that node's internals, the
 * kernel and native code are charged to the library that called them (a MongoDB socket write to mongodb, an
 * outgoing fetch to the SDK that made it). V8's compiling and garbage collection stay apart, as in sampleArea.
 */
export function sampleOwner(frames: string[]): string {
  const v8 = v8Work(frames.join('\n'));
  if (v8) return v8;
  for (const frame of frames) {
    const owner = jsArea(frame);
    if (owner && owner !== 'node internals') return owner;
  }
  return sampleArea(frames);
}

/** Each sample's role (by pid) and class: counts by classification, then role, then class. */
export type PerfSplit = Record<string, Map<string, Map<string, number>>>;

/**
 * Samples by role and class, from `perf script` over `file`, for each of `classifiers` in one pass; `roleOf`
 * names each sampled pid (else skipped).
 */
export async function perfSplit(
  file: string,
  roleOf: Map<number, string>,
  classifiers: Record<string, (frames: string[]) => string>,
): Promise<PerfSplit> {
  const script = spawn('perf', ['script', '-i', file, '-F', 'pid,ip,sym,dso'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const split: PerfSplit = Object.fromEntries(Object.keys(classifiers).map((name) => [name, new Map()]));
  let role: string | undefined;
  let frames: string[] = [];
  const flush = () => {
    if (role && frames.length)
      for (const [name, classify] of Object.entries(classifiers)) {
        const byRole = split[name]!;
        const classes = byRole.get(role) ?? new Map<string, number>();
        const key = classify(frames);
        classes.set(key, (classes.get(key) ?? 0) + 1);
        byRole.set(role, classes);
      }
    role = undefined;
    frames = [];
  };
  for await (const line of createInterface({ input: script.stdout })) {
    if (!line.trim()) flush();
    else if (/^\s*\d+\s*$/.test(line)) role = roleOf.get(Number(line.trim()));
    else frames.push(line);
  }
  flush();
  return split;
}

/** The JIT symbol maps `--perf-basic-prof` wrote for `pids` (several MB each). */
export function removePerfMaps(pids: number[]): void {
  for (const pid of pids) rmSync(`/tmp/perf-${pid}.map`, { force: true });
}
