import { wakeEarlyTurns } from '../../src/services/early-wakes';
import type { CampaignStatus } from '../../src/domain/campaign';
import type { PaceRates } from '../../src/ports/dial-permits.port';

/**
 * Permits whose lines hold `early` calls to wake per campaign, campaigns (3 calls/s each) in the given states, a
 * kill switch, and back-pressure holding the global rate at 2 of the configured 10 calls/s.
 */
function world(opts: {
  statuses: Record<string, CampaignStatus>;
  early: Record<string, string[]>;
  killSwitch?: boolean;
}) {
  const askedFor: string[] = [];
  const ratesAsked: PaceRates[] = [];
  const woken: string[][] = [];
  const limits = { maxConcurrentCalls: 5, callsPerSecond: 3 };
  const deps = {
    killSwitch: { isEngaged: async () => opts.killSwitch ?? false },
    campaigns: {
      get: async (id: string) => (opts.statuses[id] ? { id, status: opts.statuses[id], limits } : null),
    },
    load: { dialRate: async () => ({ callsPerSecond: 2, reasons: ['webhookAnswerMs'] }) },
    settings: { globalCallsPerSecond: 10, globalMaxConcurrentCalls: 50 },
    permits: {
      campaignsWithCallsToComeBack: async () => Object.keys(opts.early),
      callsToWakeEarly: async (id: string, rates: PaceRates) => {
        askedFor.push(id);
        ratesAsked.push(rates);
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
  return { deps: deps as never, scheduler, askedFor, ratesAsked, woken };
}

describe('wakeEarlyTurns', () => {
  it("runs the jobs of a running campaign's calls that sleep past their turn, and says it found some", async () => {
    const w = world({ statuses: { a: 'running', b: 'running' }, early: { a: ['call-1', 'call-2'], b: [] } });
    expect(await wakeEarlyTurns(w.deps, w.scheduler)).toBe(true);
    expect(w.woken).toEqual([['call-1', 'call-2']]);
    expect(w.askedFor.sort()).toEqual(['a', 'b']);
    // Each line is measured at the rates its sends will be reserved at: the campaign's, and the lowered global one.
    expect(w.ratesAsked[0]).toMatchObject({ globalCallsPerSecond: 2, campaignCallsPerSecond: 3 });
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
