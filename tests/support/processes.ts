import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ENTRY = path.join(__dirname, 'e2e-process.ts');

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts one api or worker process (through tsx) and resolves once it prints READY. */
export function spawnRole(
  role: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
): Promise<Spawned> {
  return spawnEntry(ENTRY, role, env, timeoutMs);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Like spawnRole, for another entry point with the same READY protocol (e.g. the dial bench's instrumented worker). */
export function spawnEntry(
  entry: string,
  role: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
): Promise<Spawned> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, role], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const spawned: Spawned = {
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} ${role} did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (out.includes('READY')) {
        clearTimeout(timer);
        resolve(spawned);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} ${role} exited with ${code}:\n${out}`));
    });
  });
}
