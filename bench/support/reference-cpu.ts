import { createHash } from 'node:crypto';

/**
 * The CPU one fixed piece of work takes on this machine now: JSON in and out, hashing and string building, the
 * kind of work our processes do per call, in this (bench) process. The same code measured 2–3 times more CPU-ms
 * per call from one day's machine to another's; a bench figure divided by this one (a ratio measured in the same
 * run) compares across machines and days where the CPU-ms alone do not.
 * The least of `rounds` runs: a run the machine's other work slowed is not the machine's speed.
 */
export function referenceCpuMs(rounds = 7): number {
  const doc = {
    callId: 'call-0123456789abcdef',
    status: 'completed',
    timeline: Array.from({ length: 6 }, (_, i) => ({
      status: `s${i}`,
      at: new Date(1e12 + i).toISOString(),
    })),
    transcript: Array.from({ length: 12 }, (_, i) => ({
      role: i % 2 ? 'user' : 'agent',
      message: 'x'.repeat(80),
    })),
  };
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 2_000; i++) {
      const copy = JSON.parse(JSON.stringify({ ...doc, n: i })) as typeof doc;
      sink += createHash('sha1')
        .update(copy.callId + copy.transcript[i % 12]!.message)
        .digest()[0]!;
      sink += `${copy.status}:${copy.timeline.map((t) => t.at).join(',')}`.length;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  if (sink < 0) throw new Error('unreachable: keeps the work from being optimised away');
  return best;
}
