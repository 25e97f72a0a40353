import type { Campaign } from '../domain/campaign';
import type { RowResult, ValidLeadRow } from '../leads/lead-rows';
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

/**
 * Saves each valid row as it arrives (consent evidence first, then the lead), so a bad row never costs the
 * good ones; a lead of a started campaign goes to the compliance queue at once.
 */
export function createLeadIntake(deps: Pick<Deps, 'leads' | 'consents' | 'scheduler'>) {
  async function saveRow(
    campaign: Campaign,
    rowNumber: number,
    row: ValidLeadRow,
  ): Promise<string | RejectedRow> {
    const consent = row.consent
      ? await deps.consents.create({
          phone: row.phone,
          leadId: null,
          method: row.consent.method,
          capturedAt: row.consent.capturedAt,
          expiresAt: row.consent.expiresAt,
          sellerName: row.consent.sellerName,
          coversAutomatedCalls: row.consent.coversAutomatedCalls,
          source: { formUrl: row.consent.formUrl, ip: row.consent.ip },
        })
      : null;
    const saved = await deps.leads.insert({
      campaignId: campaign.id,
      phone: row.phone,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      address: row.address,
      timeZone: row.timeZone,
      propertyAddress: row.propertyAddress,
      consentId: consent?.id ?? null,
      rowNumber,
    });
    if ('duplicate' in saved) {
      return {
        row: rowNumber,
        errors: [{ field: 'phone', reason: 'this number is already a lead of this campaign' }],
      };
    }
    // A paused campaign's lead is queued too: its job waits like the others until resume.
    if (campaign.status === 'running' || campaign.status === 'paused')
      await queueLeads(campaign.id, [saved.lead.id]);
    return saved.lead.id;
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
      for await (const result of rows) {
        if (!result.ok) {
          report.rejected.push({ row: result.row, errors: result.errors });
          continue;
        }
        const saved = await saveRow(campaign, result.row, result.lead);
        if (typeof saved === 'string') {
          report.accepted += 1;
          report.leadIds.push(saved);
        } else report.rejected.push(saved);
      }
      return report;
    },
  };
}
