import type { Campaign } from '../domain/campaign';
import { missingVariables } from '../domain/call-context';
import type { NewConsent } from '../domain/consent';
import type { RowResult, ValidLeadRow } from '../leads/lead-rows';
import type { NewLead } from '../ports/repositories.port';
import type { Deps } from './deps';
import { LEADS_PER_WRITE, chunks } from './chunks';

export interface RejectedRow {
  row: number;
  errors: Array<{ field: string; reason: string }>;
}

export interface IntakeReport {
  accepted: number;
  rejected: RejectedRow[];
  leadIds: string[];
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

function duplicateRow(row: number): RejectedRow {
  return { row, errors: [{ field: 'phone', reason: 'this number is already a lead of this campaign' }] };
}

/**
 * Saves the rows a batch at a time while the upload is still being read (consent evidence first, then the
 * leads), so a bad row never costs the good ones; a lead of a started campaign goes to the compliance queue
 * with its batch.
 */
export function createLeadIntake(deps: Pick<Deps, 'leads' | 'consents' | 'scheduler'>) {
  /** Adds every row of the batch to the report, in row order, as if the rows had been saved one by one. */
  async function saveBatch(campaign: Campaign, rows: readonly RowResult[], report: IntakeReport) {
    const batch = rows.map((r) => withAgentVariables(campaign, r));
    const valid = batch.filter((r): r is ValidRow => r.ok);
    const consented = valid.filter((r) => r.lead.consent !== null);
    const consents = await deps.consents.createMany(
      consented.map((r) => consentOf(r.lead.phone, r.lead.consent!)),
    );
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
      if (leadId) {
        report.accepted += 1;
        report.leadIds.push(leadId);
      } else report.rejected.push(r.ok ? duplicateRow(r.row) : { row: r.row, errors: r.errors });
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

  return {
    queueLeads,
    async ingest(
      campaign: Campaign,
      rows: AsyncIterable<RowResult> | Iterable<RowResult>,
    ): Promise<IntakeReport> {
      const report: IntakeReport = { accepted: 0, rejected: [], leadIds: [] };
      let batch: RowResult[] = [];
      for await (const result of rows) {
        batch.push(result);
        if (batch.length === LEADS_PER_WRITE) {
          await saveBatch(campaign, batch, report);
          batch = [];
        }
      }
      if (batch.length > 0) await saveBatch(campaign, batch, report);
      return report;
    },
  };
}
