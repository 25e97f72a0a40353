import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MongoStandin } from './mongo-standin';
import './heap-growth';

export interface StandinThreadOptions {
  port?: number;
  host?: string;
}

/** What the thread posts once: its address, or why it could not listen (a clone keeps no `code` of its own). */
export type StandinThreadReport = { ready: { uri: string; port: number } } | { failed: Error; code?: string };

/**
 * Where the thread starts. Under tsx (benches, tests' child processes) and ts-jest this module is a .ts file,
 * which a worker thread cannot load by itself: the thread then registers tsx's require hook first. A built tree
 * (`npm run dev`'s .dev-build/, the image's dist/) loads its .js twin directly.
 */
function threadSource(): string {
  const entry = path.join(__dirname, 'standin-thread-entry' + path.extname(__filename));
  const hook = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : '';
  return `${hook}require(${JSON.stringify(entry)});`;
}

/**
 * The MongoDB stand-in on a worker thread of this process: its command work (BSON, scans, index upkeep) and its
 * garbage collection no longer hold up this thread's event loop, while its memory still counts in this
 * process's RSS. Rejects with the thread's error when it cannot listen (a taken port). A thread that fails
 * later takes the process down with its error, as the stand-in on this thread would.
 */
export function startMongoStandinThread(opts: StandinThreadOptions = {}): Promise<MongoStandin> {
  const worker = new Worker(threadSource(), { eval: true, workerData: opts });
  return new Promise<MongoStandin>((resolve, reject) => {
    const failed = (err: Error) => {
      void worker.terminate();
      reject(err);
    };
    worker.once('error', failed);
    worker.once('exit', (code) => reject(new Error(`the MongoDB stand-in thread exited with code ${code}`)));
    worker.once('message', (report: StandinThreadReport) => {
      worker.off('error', failed);
      worker.removeAllListeners('exit');
      if ('failed' in report) return failed(Object.assign(report.failed, { code: report.code }));
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      resolve({
        ...report.ready,
        close: async () => {
          worker.postMessage('close');
          await exited;
        },
      });
    });
  });
}
