import { moduleLogger } from '../logger';

const log = moduleLogger('shutdown');

/** SIGTERM/SIGINT run the closers in order once; a second signal exits at once. */
export function onShutdown(...closers: Array<() => Promise<void>>): void {
  let closing = false;
  const handler = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    log.info('shutting down', { signal });
    try {
      for (const close of closers) await close();
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { error: (err as Error).message });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void handler('SIGTERM'));
  process.on('SIGINT', () => void handler('SIGINT'));
}
