/**
 * Runs `pass` now and then `intervalMs` after each pass ends (never two at once) until stopped; a failed pass
 * goes to `onError` and the next one runs as usual. `intervalMs` may be a function, asked after each pass (for
 * work that paces itself). `stop` waits for the pass in progress.
 */
export function startPeriodic(
  pass: () => Promise<unknown>,
  intervalMs: number | (() => number),
  onError: (err: Error) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const nextIn = typeof intervalMs === 'number' ? () => intervalMs : intervalMs;
  const tick = () => {
    running = pass()
      .then(
        () => undefined,
        (err: unknown) => onError(err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, nextIn());
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
