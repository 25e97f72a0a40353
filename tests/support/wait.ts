/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Polls `probe` like waitFor, but fails only when `progress()` has not changed for `stallMs` (or after `capMs`):
 * a loaded machine may take several times longer, a stuck run is still caught within `stallMs`.
 */
export async function waitWhileProgressing<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  progress: () => Promise<string>,
  { stallMs, capMs, everyMs = 250 }: { stallMs: number; capMs: number; everyMs?: number },
): Promise<T> {
  const deadline = Date.now() + capMs;
  let seen = '';
  let changedAt = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const now = Date.now();
    const current = await progress();
    if (current !== seen) {
      seen = current;
      changedAt = now;
    }
    if (now - changedAt > stallMs) throw new Error(`no progress for ${stallMs} ms waiting for ${what}`);
    if (now > deadline) throw new Error(`timed out after ${capMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
