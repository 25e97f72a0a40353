import { moduleLogger } from '../logger';

const log = moduleLogger('shutdown');

/**
 * SIGTERM/SIGINT run the closers in order once; a second signal exits at once. `closing` tells work still under
 * way that a failure from here on is the shutdown's doing (its server closed), not one to report.
 */
export function onShutdown(...closers: Array<() => Promise<void>>): { readonly closing: boolean } {
  const state = { closing: false };
  const handler = async (signal: string) => {
    if (state.closing) process.exit(1);
    state.closing = true;
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
  return state;
}
