import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Campaign } from '../domain/campaign';
import { missingVariables } from '../domain/call-context';
import type { NewConsent } from '../domain/consent';
import type { RowError, Upload } from '../domain/upload';
import type { RowResult, ValidLeadRow } from '../leads/lead-rows';
import { MAX_REPORTED_ROWS, UploadTally } from '../leads/upload-report';
import type { NewLead } from '../ports/repositories.port';
import { PayloadTooLargeError } from '../errors';
import type { Deps } from './deps';
import { LEADS_PER_WRITE, chunks } from './chunks';

export interface IntakeReport {
  /** The upload as stored once reading ended. */
  upload: Upload;
  /** Ids of the first MAX_REPORTED_ROWS leads saved, in row order. */
  leadIds: string[];
  /** Why reading stopped early (a limit, the client going away), when it did: the rows before it are kept. */
  stoppedBy?: unknown;
}

type ValidRow = Extract<RowResult, { ok: true }>;

function consentOf(phone: string, consent: NonNullable<ValidLeadRow['consent']>): NewConsent {
  return {
    phone,
    leadId: null,
    method: consent.method,
    capturedAt: consent.capturedAt,
    expiresAt: consent.expiresAt,
    sellerName: consent.sellerName,
    coversAutomatedCalls: consent.coversAutomatedCalls,
    source: { formUrl: consent.formUrl, ip: consent.ip },
  };
}

function leadOf(campaignId: string, { row, lead }: ValidRow, consentId: string | null): NewLead {
  return {
    campaignId,
    phone: lead.phone,
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email,
    address: lead.address,
    timeZone: lead.timeZone,
    propertyAddress: lead.propertyAddress,
    language: lead.language,
    consentId,
    rowNumber: row,
  };
}

/** A row without a variable the campaign's agent needs is refused here, so no conversation starts without it. */
function withAgentVariables(campaign: Campaign, result: RowResult): RowResult {
  if (!result.ok) return result;
  const missing = missingVariables(result.lead, campaign);
  if (!missing.length) return result;
  return {
    ok: false,
    row: result.row,
    errors: missing.map(({ variable, column }) => ({
      field: column,
      reason: `is required: the campaign's agent needs {{${variable}}} for every lead`,
    })),
  };
}

function duplicateRow(row: number): RowError {
  return { row, errors: [{ field: 'phone', reason: 'this number is already a lead of this campaign' }] };
}

/** The rows of `rows` until reading them fails; the failure is kept in `stop.error` instead of thrown. */
async function* untilStopped<T>(rows: AsyncIterable<T> | Iterable<T>, stop: { error?: unknown }) {
  try {
    for await (const row of rows) yield row;
  } catch (err) {
    stop.error = err;
  }
}

/**
 * Saves the rows a batch at a time while the upload is still being read (consent evidence first, then the
 * leads), so a bad row never costs the good ones; a lead of a started campaign goes to the compliance queue
 * with its batch. Memory stays bounded whatever the upload's size: one batch of rows, the first
 * MAX_REPORTED_ROWS rejected rows, and rejected rows written out a thousand at a time as the upload's error
 * report. Between batches the event loop gets a turn, so a long upload never holds up other requests.
 */
export function createLeadIntake(deps: Pick<Deps, 'leads' | 'consents' | 'scheduler' | 'uploads' | 'clock'>) {
  /** Adds every row of the batch to the tally, in row order, as if the rows had been saved one by one. */
  async function saveBatch(campaign: Campaign, rows: readonly RowResult[], report: UploadTally) {
    if (rows.length === 0) return;
    const batch = rows.map((r) => withAgentVariables(campaign, r));
    const valid = batch.filter((r): r is ValidRow => r.ok);
    const consented = valid.filter((r) => r.lead.consent !== null);
    const consents = consented.length
      ? await deps.consents.createMany(consented.map((r) => consentOf(r.lead.phone, r.lead.consent!)))
      : [];
    const consentIds = new Map(consented.map((r, i) => [r, consents[i]!.id]));
    // The first row with a number is the one kept, whatever order the database applies an unordered insert in.
    const phones = new Set<string>();
    const firsts = valid.filter((r) => {
      if (phones.has(r.lead.phone)) return false;
      phones.add(r.lead.phone);
      return true;
    });
    const saved = await deps.leads.insertMany(
      firsts.map((r) => leadOf(campaign.id, r, consentIds.get(r) ?? null)),
    );
    const leadIds = new Map<RowResult, string>();
    firsts.forEach((r, i) => {
      const outcome = saved[i]!;
      if ('lead' in outcome) leadIds.set(r, outcome.lead.id);
    });

    for (const r of batch) {
      const leadId = leadIds.get(r);
      if (leadId) report.accept(leadId);
      else report.reject(r.ok ? duplicateRow(r.row) : { row: r.row, errors: r.errors });
    }
    // A paused campaign's lead is queued too: its job waits like the others until resume.
    if (campaign.status === 'running' || campaign.status === 'paused')
      await queueLeads(campaign.id, [...leadIds.values()]);
  }

  /**
   * Jobs first, then the status: if the process dies in between, a 'new' lead has its job and the worker takes
   * it on; the other order would leave 'queued' leads that no job will ever pick up.
   */
  async function queueLeads(campaignId: string, leadIds: readonly string[]): Promise<void> {
    for (const chunk of chunks(leadIds, LEADS_PER_WRITE)) {
      await deps.scheduler.enqueueComplianceBatch(
        chunk.map((leadId) => ({ leadId, campaignId, attemptNumber: 1, override: null })),
      );
      // From 'new' only: a worker may already have taken the lead further, and that must not be undone.
      await deps.leads.transitionMany(chunk, ['new'], { status: 'queued' });
    }
  }

  /** Writes out the rejected rows gathered so far as the next part of the error report. */
  async function writeErrors(uploadId: string, tally: UploadTally, part: { next: number }) {
    if (tally.pendingErrors === 0) return;
    await deps.uploads.appendErrors(uploadId, part.next++, tally.drainErrors());
  }

  return {
    queueLeads,
    /**
     * Reads `rows` into the campaign as one upload. If reading fails part-way (a limit, the client hanging up),
     * the rows read before are saved and the upload ends `too_large` or `aborted` with their counts; the error
     * is returned as `stoppedBy`. A failure to save is thrown: the upload then stays `receiving`, with the
     * counts of the batches saved before.
     */
    async ingest(
      campaign: Campaign,
      rows: AsyncIterable<RowResult> | Iterable<RowResult>,
    ): Promise<IntakeReport> {
      const upload = await deps.uploads.start(campaign.id, deps.clock.now());
      const tally = new UploadTally();
      const part = { next: 0 };
      let batch: RowResult[] = [];
      const stop: { error?: unknown } = {};
      for await (const result of untilStopped(rows, stop)) {
        batch.push(result);
        if (batch.length < LEADS_PER_WRITE) continue;
        await saveBatch(campaign, batch, tally);
        batch = [];
        if (tally.pendingErrors >= MAX_REPORTED_ROWS) await writeErrors(upload.id, tally, part);
        await deps.uploads.progress(upload.id, { accepted: tally.accepted, rejected: tally.rejected });
        await yieldToEventLoop();
      }
      await saveBatch(campaign, batch, tally);
      await writeErrors(upload.id, tally, part);
      const stoppedBy = stop.error;
      const status = !('error' in stop)
        ? 'complete'
        : stoppedBy instanceof PayloadTooLargeError
          ? 'too_large'
          : 'aborted';
      const counts = {
        accepted: tally.accepted,
        rejected: tally.rejected,
        errorCounts: tally.errorCounts,
        firstErrors: tally.firstErrors,
      };
      const finishedAt = deps.clock.now();
      await deps.uploads.finish(upload.id, status, counts, finishedAt);
      return { upload: { ...upload, ...counts, status, finishedAt }, leadIds: tally.acceptedIds, stoppedBy };
    },
  };
}
