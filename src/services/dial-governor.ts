import { decideDialRate, type DialRate, type LoadSignals } from '../scheduling/dial-rate';
import { REPORT_PERIOD_MS } from '../load/load-reporter';
import { moduleLogger } from '../logger';
import { startPeriodic } from './periodic';
import type { Deps } from './deps';

const log = moduleLogger('dial-governor');

/** Reports older than this are from processes that stopped (or hang so long that their lag shows elsewhere). */
const REPORT_MAX_AGE_MS = 5 * REPORT_PERIOD_MS;
/** How far back a call settled by the reconciler counts against the rate. */
export const UNSETTLED_WINDOW_MS = 60_000;
/** While signals hold the rate down, they are logged again this often (and when the slowing starts). */
const REMIND_MS = 10_000;

type GovernorDeps = Pick<Deps, 'load' | 'permits' | 'settings'> & {
  /** Post-call jobs waiting for a worker. */
  postCallBacklog(): Promise<number>;
};

/** Every process's report, the post-call queue and the reconciler's findings, as the rule's signals. */
export async function readLoadSignals(deps: GovernorDeps): Promise<LoadSignals> {
  const [reports, postCallBacklog, unsettledCalls] = await Promise.all([
    deps.load.reports(REPORT_MAX_AGE_MS),
    deps.postCallBacklog(),
    deps.load.unsettledCalls(UNSETTLED_WINDOW_MS),
  ]);
  const max = (values: Array<number | null>) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length ? Math.max(...present) : null;
  };
  return {
    webhookAnswerMs: max(reports.map((r) => r.webhookAnswerMs)),
    eventLoopLagMs: max(reports.map((r) => r.eventLoopLagMs)),
    postCallBacklog,
    unsettledCalls,
  };
}

/**
 * One decision, by whichever replica claims this period: the signals and the sends of the last second go
 * through decideDialRate, and the result is stored for every dial job to apply. A change is logged.
 */
export async function governDialRate(
  deps: GovernorDeps,
  periodMs: number,
  memory: { lastLogAt: number } = { lastLogAt: 0 },
): Promise<{ rate: DialRate; signals: LoadSignals } | null> {
  if (!(await deps.load.claimDecision(periodMs - 50))) return null;
  const [signals, current, sentLastSecond] = await Promise.all([
    readLoadSignals(deps),
    deps.load.dialRate(),
    deps.permits.activeSends(),
  ]);
  const rate = decideDialRate({
    signals,
    current,
    sentLastSecond,
    configuredCps: deps.settings.globalCallsPerSecond,
  });
  await deps.load.setDialRate(rate);
  const now = Date.now();
  const changed = (current.callsPerSecond === null) !== (rate.callsPerSecond === null);
  if (
    rate.callsPerSecond !== null &&
    rate.reasons.length &&
    (changed || now - memory.lastLogAt >= REMIND_MS)
  ) {
    memory.lastLogAt = now;
    log.warn('dialing slowed: the system is not keeping up with its calls', {
      callsPerSecond: Number(rate.callsPerSecond.toFixed(2)),
      reasons: rate.reasons,
      signals,
    });
  } else if (changed && rate.callsPerSecond === null)
    log.info('dialing back at the configured rate', { signals });
  return { rate, signals };
}

/** Runs governDialRate once a period in each dial worker; one of them decides each period. */
export function startDialGovernor(deps: GovernorDeps, periodMs = REPORT_PERIOD_MS) {
  const memory = { lastLogAt: 0 };
  return startPeriodic(
    () => governDialRate(deps, periodMs, memory),
    periodMs,
    (err) => log.warn('dial-rate pass failed', { error: err.message }),
  );
}
