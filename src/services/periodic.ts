/**
 * Runs `pass` now and then `intervalMs` after each pass ends (never two at once) until stopped; a failed pass
 * goes to `onError` and the next one runs as usual. `stop` waits for the pass in progress.
 */
export function startPeriodic(
  pass: () => Promise<unknown>,
  intervalMs: number,
  onError: (err: Error) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = pass()
      .then(
        () => undefined,
        (err: unknown) => onError(err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
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
