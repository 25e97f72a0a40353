import type { ComplianceJobData } from '../queues/payloads';
import { attemptIdOf, callIdOf } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import type { Deps } from '../services/deps';
import { createComplianceGate } from '../services/compliance-gate';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { moduleLogger } from '../logger';
import { OPEN_LEAD_STATUSES } from '../domain/lead';
import { loadRunnable } from './campaign-gate';
import { dialLimitsOf } from '../services/dial-limits';

const log = moduleLogger('compliance.processor');

/** First check, when the lead is queued: blocked → recorded; not now → same job waits; eligible → dial queue. */
export function createComplianceProcessor(deps: Deps): Processor<ComplianceJobData> {
  const gate = createComplianceGate(deps);
  const lifecycle = createLeadLifecycle(deps);

  return async (data) => {
    const loaded = await loadRunnable(deps, lifecycle, data, { queue: 'compliance' });
    if (!loaded) return { skipped: true };
    const { lead, campaign } = loaded;
    const attemptId = attemptIdOf(lead.id, data.attemptNumber);
    const { decision, record } = await gate.check({
      lead,
      campaign,
      stage: 'queue',
      attemptNumber: data.attemptNumber,
      attemptId,
      override: data.override,
    });
    const logFields = { leadId: lead.id, attemptId, result: decision.result };
    if (decision.result === 'blocked') {
      log.info('lead blocked', { ...logFields, violations: decision.violations.map((v) => v.code) });
      await lifecycle.block(lead, data.attemptNumber, decision.violations);
      return { result: 'blocked' };
    }
    // Conditional: the lead may have become final while it was checked (cancelled, or blocked by a do-not-call
    // entry), and must stay so.
    if (decision.result === 'deferred') {
      await deps.leads.transition(lead.id, OPEN_LEAD_STATUSES, { status: 'waiting' });
      throw new DeferJob(decision.notBefore, decision.violations.map((v) => v.code).join(','));
    }
    // `queued` until the dial job places the call: a lead waiting for its turn or a slot is not being called.
    if (!(await deps.leads.transition(lead.id, OPEN_LEAD_STATUSES, { status: 'queued' }))) {
      log.info('lead stopped while it was checked', logFields);
      return { skipped: true };
    }
    // While the campaign's rate is the limit, the dial job starts at the lead's turn in the line rather than
    // running at once only to be told its turn: one job run per call instead of two.
    const rate = await deps.load.dialRate();
    const turnInMs = await deps.permits.sendTurnDelayMs(
      callIdOf(attemptId),
      campaign.id,
      dialLimitsOf(deps.settings, campaign, rate),
    );
    await deps.scheduler.enqueueDial({ ...data, complianceRecordId: record.id }, turnInMs);
    log.info('lead eligible', { ...logFields, turnInMs });
    return { result: 'allowed' };
  };
}
