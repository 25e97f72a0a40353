import type { ComplianceJobData } from '../queues/payloads';
import { attemptIdOf } from '../queues/payloads';
import { DeferJob, type Processor } from '../queues/process-job';
import type { Deps } from '../services/deps';
import { createComplianceGate } from '../services/compliance-gate';
import { createLeadLifecycle } from '../services/lead-lifecycle';
import { moduleLogger } from '../logger';
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
    if (decision.result === 'deferred') {
      await deps.leads.update(lead.id, { status: 'waiting' });
      throw new DeferJob(decision.notBefore, decision.violations.map((v) => v.code).join(','));
    }
    await deps.leads.update(lead.id, { status: 'dialing' });
    await deps.scheduler.enqueueDial({ ...data, complianceRecordId: record.id });
    log.info('lead eligible', logFields);
    return { result: 'allowed' };
  };
}
