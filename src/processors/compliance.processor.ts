import type { ComplianceJobData } from '../queues/payloads';
import { attemptIdOf } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import type { Deps } from '../services/deps';
import { createComplianceGate } from '../services/compliance-gate';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { moduleLogger } from '../logger';
import { OPEN_LEAD_STATUSES } from '../domain/lead';
import { loadRunnable } from './campaign-gate';

const log = moduleLogger('compliance.processor');

/** First check, when the lead is queued: blocked → recorded; not now → same job waits; eligible → dial queue. */
export function createComplianceProcessor(deps: Deps): Processor<ComplianceJobData> {
  const gate = createComplianceGate(deps);
  const lifecycle = createLeadLifecycle(deps);

  return async (data) => {
    const loaded = await loadRunnable(deps, lifecycle, data, { checkKillSwitch: false });
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
    if (!(await deps.leads.transition(lead.id, OPEN_LEAD_STATUSES, { status: 'dialing' }))) {
      log.info('lead stopped while it was checked', logFields);
      return { skipped: true };
    }
    await deps.scheduler.enqueueDial({ ...data, complianceRecordId: record.id });
    log.info('lead eligible', logFields);
    return { result: 'allowed' };
  };
}
