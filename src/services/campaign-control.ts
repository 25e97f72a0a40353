import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CAMPAIGN_TRANSITIONS, type Campaign } from '../domain/campaign';
import { ConflictError, NotFoundError } from '../errors';
import { OPEN_LEAD_STATUSES, type Lead } from '../domain/lead';
import { moduleLogger } from '../logger';
import type { Deps } from './deps';
import { LEADS_PER_WRITE } from './chunks';
import type { LeadLifecycle } from './lead-lifecycle';
import type { createLeadIntake } from './lead-intake';
import { wakeHeldJobs } from './held-jobs';

const log = moduleLogger('campaign-control');
/** Chunks being queued at once: two keep Redis and the database busy together; more only hold more in memory. */
const CHUNKS_IN_FLIGHT = 2;
const idOf = (lead: Pick<Lead, 'id'>) => lead.id;

export type CampaignAction = keyof typeof CAMPAIGN_TRANSITIONS;

/**
 * Start answers as soon as the campaign runs and queues its new leads afterwards, a bulk write at a time with a
 * turn of the event loop between them, recording its progress on the campaign (`queueing`); the workers' sweep
 * finishes the job if this process dies or the queueing fails. Pause and resume only flip the status (every
 * replica reads it before each job, so a pause takes effect within a second), and resume wakes the jobs the pause
 * held; cancel also removes the queued jobs from Redis.
 */
export function createCampaignControl(
  deps: Pick<Deps, 'campaigns' | 'leads' | 'scheduler' | 'permits' | 'clock'>,
  lifecycle: LeadLifecycle,
  intake: ReturnType<typeof createLeadIntake>,
) {
  const inProgress = new Set<Promise<void>>();

  /**
   * Up to CHUNKS_IN_FLIGHT chunks are queued at once (each its jobs, then its leads' status) while the next is
   * read: the database (the stand-in on a thread of its own), Redis and this process work side by side instead of
   * in turn. Progress counts chunks in order, each once it is queued.
   */
  async function queueNewLeads(campaignId: string): Promise<void> {
    let queued = 0;
    const writing: Array<Promise<number>> = [];
    const settleOldest = async () => {
      queued += await writing.shift()!;
      await deps.campaigns.setQueueing(campaignId, { queued });
    };
    try {
      for await (const chunk of deps.leads.eachByCampaign(campaignId, ['new'], LEADS_PER_WRITE)) {
        while (writing.length >= CHUNKS_IN_FLIGHT) await settleOldest();
        // A cancel meanwhile has removed the jobs: adding more would only give the workers leads to drop.
        if ((await deps.campaigns.get(campaignId))?.status === 'cancelled') break;
        const write = intake.queueLeads(campaignId, chunk.map(idOf)).then(() => chunk.length);
        // Awaited by a later settleOldest(); a failure meanwhile must not count as unhandled.
        write.catch(() => undefined);
        writing.push(write);
        await yieldToEventLoop();
      }
      while (writing.length > 0) await settleOldest();
    } finally {
      // After a failure, the chunks still in flight finish (or fail) before the error is reported, and those
      // queued are counted: progress never says less than what has its jobs.
      const rest = await Promise.allSettled(writing);
      const more = rest.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0);
      if (more > 0)
        await deps.campaigns.setQueueing(campaignId, { queued: queued + more }).catch(() => undefined);
    }
    await deps.campaigns.setQueueing(campaignId, { queued, done: true, finishedAt: deps.clock.now() });
    await lifecycle.finishCampaignIfDone(campaignId);
  }

  function inBackground(started: Promise<void>): void {
    const work = started.finally(() => inProgress.delete(work));
    inProgress.add(work);
  }

  function queueInBackground(campaignId: string): void {
    inBackground(
      queueNewLeads(campaignId).catch(async (err: unknown) => {
        const reason = (err as Error).message;
        log.error('queueing a started campaign stopped; the workers will queue the rest', {
          campaignId,
          reason,
        });
        await deps.campaigns
          .setQueueing(campaignId, { failed: reason, finishedAt: deps.clock.now() })
          .catch(() => undefined);
      }),
    );
  }

  async function apply(campaignId: string, action: CampaignAction): Promise<Campaign> {
    const rule = CAMPAIGN_TRANSITIONS[action]!;
    const current = await deps.campaigns.get(campaignId);
    if (!current) throw new NotFoundError('campaign', campaignId);
    const updated = await deps.campaigns.transition(campaignId, rule.from, rule.to);
    if (!updated) {
      throw new ConflictError(
        `cannot ${action} a campaign that is ${current.status} (allowed from: ${rule.from.join(', ')})`,
        'status',
      );
    }
    if (action === 'start') {
      const total = (await deps.leads.countByStatus(campaignId)).new ?? 0;
      const startedAt = deps.clock.now();
      await deps.campaigns.setQueueing(campaignId, {
        total,
        queued: 0,
        done: false,
        failed: null,
        startedAt,
        finishedAt: null,
      });
      queueInBackground(campaignId);
    }
    if (action === 'resume') inBackground(wakeHeldJobs(deps.scheduler, campaignId));
    if (action === 'cancel') {
      // Its sleeping dial jobs are removed below: a freed slot must not try to wake them one by one.
      await deps.permits.forgetSlotLine(campaignId);
      for await (const chunk of deps.leads.eachByCampaign(campaignId, OPEN_LEAD_STATUSES, LEADS_PER_WRITE)) {
        await deps.scheduler.removeLeadJobs(
          chunk.map((lead) => ({ leadId: lead.id, attemptNumber: lead.attempts + 1 })),
        );
        await lifecycle.cancel(campaignId, chunk.map(idOf));
      }
    }
    return (await deps.campaigns.get(campaignId))!;
  }

  return Object.assign(apply, {
    /** Resolves once every queueing started by this process has ended (tests, shutdown). */
    idle: async (): Promise<void> => {
      while (inProgress.size > 0) await Promise.all([...inProgress]);
    },
  });
}
