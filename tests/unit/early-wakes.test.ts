import { wakeEarlyTurns } from '../../src/services/early-wakes';
import type { CampaignStatus } from '../../src/domain/campaign';

/** Permits whose lines hold `early` calls to wake per campaign, campaigns in the given states, a kill switch. */
function world(opts: {
  statuses: Record<string, CampaignStatus>;
  early: Record<string, string[]>;
  killSwitch?: boolean;
}) {
  const askedFor: string[] = [];
  const woken: string[][] = [];
  const deps = {
    killSwitch: { isEngaged: async () => opts.killSwitch ?? false },
    campaigns: {
      get: async (id: string) => (opts.statuses[id] ? { id, status: opts.statuses[id] } : null),
    },
    permits: {
      campaignsWithCallsToComeBack: async () => Object.keys(opts.early),
      callsToWakeEarly: async (id: string) => {
        askedFor.push(id);
        return opts.early[id] ?? [];
      },
    },
  };
  const scheduler = {
    async wakeDialJobs(callIds: readonly string[]) {
      woken.push([...callIds]);
      return [];
    },
  };
  return { deps: deps as never, scheduler, askedFor, woken };
}

describe('wakeEarlyTurns', () => {
  it("runs the jobs of a running campaign's calls that sleep past their turn, and says it found some", async () => {
    const w = world({ statuses: { a: 'running', b: 'running' }, early: { a: ['call-1', 'call-2'], b: [] } });
    expect(await wakeEarlyTurns(w.deps, w.scheduler)).toBe(true);
    expect(w.woken).toEqual([['call-1', 'call-2']]);
    expect(w.askedFor.sort()).toEqual(['a', 'b']);
  });

  it('leaves a held or stopped campaign, and every campaign while the kill switch is engaged, to wake with it', async () => {
    const held = world({
      statuses: { p: 'paused', x: 'cancelled' },
      early: { p: ['call-p'], x: ['call-x'], gone: ['call-g'] },
    });
    expect(await wakeEarlyTurns(held.deps, held.scheduler)).toBe(false);
    // Not even asked: asking moves the calls' places up as if they had come back.
    expect(held.askedFor).toEqual([]);
    const killed = world({ statuses: { a: 'running' }, early: { a: ['call-1'] }, killSwitch: true });
    expect(await wakeEarlyTurns(killed.deps, killed.scheduler)).toBe(false);
    expect([killed.askedFor, killed.woken]).toEqual([[], []]);
  });
});
