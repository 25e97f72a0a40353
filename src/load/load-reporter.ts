import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { LoadBoard, LoadReport } from '../ports/load-board.port';
import { startPeriodic } from '../services/periodic';
import { moduleLogger } from '../logger';
import { EventLoopLag } from './event-loop-lag';
import { AnswerTimes } from './answer-times';

const log = moduleLogger('load');

/** Every process reports once a second; a report older than a few periods is a process that stopped or hangs. */
export const REPORT_PERIOD_MS = 1000;

/**
 * This process's load: its event-loop lag and (API) webhook answer times, measured here and reported to the
 * shared board once a second, where the dialer's governor reads every process's. A stall long enough to delay
 * the report shows in the next one's figures.
 */
export function startLoadReporting(board: LoadBoard, role: LoadReport['role']) {
  const lag = new EventLoopLag();
  const answers = new AnswerTimes();
  const processId = `${role}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const reporting = startPeriodic(
    async () => {
      const reading = lag.take();
      await board.report(processId, {
        role,
        eventLoopLagMs: reading.p99Ms,
        eventLoopMaxMs: reading.maxMs,
        webhookAnswerMs: answers.take(),
      });
    },
    REPORT_PERIOD_MS,
    (err) => log.debug('load report failed', { error: err.message }),
  );
  return {
    lag,
    answers,
    async stop(): Promise<void> {
      await reporting.stop();
      lag.stop();
    },
  };
}

export type LoadReporting = ReturnType<typeof startLoadReporting>;
