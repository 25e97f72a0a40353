import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'kafka.sh');
const run = promisify(execFile);

/** A real Apache Kafka broker run by scripts/kafka.sh in a folder of its own, which it keeps across restarts. */
export interface KafkaBroker {
  readonly brokers: string[];
  /** Stops the JVM (data and port kept, so start() brings the same broker back). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the broker holds its connections open and answers nothing until resumed. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
}

/**
 * Formats and starts a broker in a new temporary folder. `port` fixes its client port (a test that needs the
 * address before the broker exists); otherwise the script picks free ports. The broker is stopped by the script's
 * watchdog if this process dies without removing it.
 */
export async function startKafkaBroker(opts: { port?: number } = {}): Promise<KafkaBroker> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dialer-kafka-'));
  if (opts.port) await writeFile(path.join(dir, 'ports'), `${opts.port} ${await freePort()}\n`);
  const script = (command: 'start' | 'stop') =>
    run('bash', [SCRIPT, command, dir], {
      env: { ...process.env, KAFKA_OWNER_PID: String(process.pid) },
      timeout: 180_000,
    });
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    process.kill(Number(await readFile(path.join(dir, 'pid'), 'utf8')), sig);
  };

  const { stdout } = await script('start');
  const broker: KafkaBroker = {
    brokers: [stdout.trim()],
    stop: async () => void (await script('stop')),
    start: async () => void (await script('start')),
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async remove() {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return broker;
}
