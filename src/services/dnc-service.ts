import { FINE_PER_VIOLATION } from '../compliance';
import type { Deps } from './deps';
import type { LeadLifecycle } from './lead-lifecycle';

/**
 * Putting a number on the internal Do-Not-Call list takes effect at once everywhere: the entry is stored,
 * the number's consents are revoked (a DNC request is a revocation, FCC 24-24), and every open lead with
 * that number has its queued jobs removed from Redis (shared by all replicas) and is blocked. A job already
 * running re-checks the list right before dialing.
 */
export function createDncService(
  deps: Pick<Deps, 'internalDnc' | 'consents' | 'leads' | 'scheduler' | 'clock'>,
  lifecycle: LeadLifecycle,
) {
  return {
    async add(phone: string, reason: string, source: string): Promise<{ leadsStopped: number }> {
      const now = deps.clock.now();
      await deps.internalDnc.add({ phone, reason, source, addedAt: now });
      await deps.consents.revokeForPhone(phone, now);
      let leadsStopped = 0;
      for (const lead of await deps.leads.listByPhone(phone)) {
        if (lifecycle.isFinal(lead)) continue;
        await deps.scheduler.removeLeadJobs([{ leadId: lead.id, attemptNumber: lead.attempts + 1 }]);
        await lifecycle.block(lead, lead.attempts + 1, [
          {
            code: 'INTERNAL_DNC',
            message: `The number was put on the internal Do-Not-Call list (${reason}).`,
            fineEstimateUsd: FINE_PER_VIOLATION,
          },
        ]);
        leadsStopped += 1;
      }
      return { leadsStopped };
    },
  };
}

export type DncService = ReturnType<typeof createDncService>;
