/**
 * Preloaded by the dial bench (NODE_OPTIONS=--import, with BENCH_CPU_PROFILE_DIR set) into the api and worker
 * processes: node refuses --cpu-prof in NODE_OPTIONS, and the bench wants the profile of the dialing phase only,
 * not of the start-up. The first SIGUSR2 starts V8's sampling profiler, the second writes
 * `<dir>/<role>-<pid>.cpuprofile` (open it in Chrome DevTools, or summarise it with bench/support/profile-top.ts).
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const role = process.argv.at(-1) ?? 'process';
      writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
