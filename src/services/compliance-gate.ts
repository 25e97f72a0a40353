import { checkLead, type ComplianceDecision } from '../compliance';
import type { Campaign } from '../domain/campaign';
import type { Lead } from '../domain/lead';
import type { ComplianceRecord } from '../domain/compliance-record';
import type { OverrideRequest } from '../queues/payloads';
import type { Deps } from './deps';

export interface GateRequest {
  lead: Lead;
  campaign: Campaign | null;
  stage: ComplianceRecord['stage'];
  attemptNumber: number;
  attemptId: string | null;
  override: OverrideRequest | null;
}

/** A decision and the evidence record that will prove it; `record.id` is known before the record is stored. */
export interface GateDecision {
  decision: ComplianceDecision;
  record: ComplianceRecord;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Gathers the facts the pure rules need and decides. Any error while gathering is recorded and rethrown: the
 * caller does not dial (fail closed). `decide` leaves storing the evidence to its caller, so that the dial path
 * can store it alongside the call record in one round trip; a caller must store it before acting on the
 * decision. `check` decides and stores.
 */
export function createComplianceGate(
  deps: Pick<Deps, 'consents' | 'internalDnc' | 'registry' | 'calls' | 'complianceRecords' | 'clock'>,
) {
  async function decide(req: GateRequest): Promise<GateDecision> {
    const now = deps.clock.now();
    const { lead } = req;
    const base = {
      id: deps.complianceRecords.nextId(),
      leadId: lead.id,
      campaignId: req.campaign?.id ?? null,
      attemptId: req.attemptId,
      phone: lead.phone,
      stage: req.stage,
      checkedAt: now,
    };
    let decision: ComplianceDecision;
    try {
      const [consent, onInternalList, [registry], recentCalls] = await Promise.all([
        lead.consentId ? deps.consents.get(lead.consentId) : Promise.resolve(null),
        deps.internalDnc.contains(lead.phone),
        deps.registry.lookup([lead.phone]),
        deps.calls.countPlacedSince(lead.phone, new Date(now.getTime() - DAY_MS)),
      ]);
      decision = checkLead({
        now,
        phone: lead.phone,
        lead: { id: lead.id, state: lead.address.state, zip: lead.address.zip, timeZone: lead.timeZone },
        callKind: 'agent',
        consent,
        dnc: {
          onNationalRegistry: registry?.listed !== false,
          registryDownloadedAt: registry?.downloadedAt ?? null,
          onInternalList,
        },
        history: { callsToPhoneLast24h: recentCalls, attemptsInCampaign: req.attemptNumber - 1 },
        campaign: {
          maxAttemptsPerLead: req.campaign?.limits.maxAttemptsPerLead ?? 1,
          callingWindow: req.campaign?.callingWindow ?? null,
          allowRegistryWithWrittenAgreement:
            req.campaign?.compliance?.allowRegistryWithWrittenAgreement === true,
        },
        override: req.override,
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await deps.complianceRecords
        .append({ ...base, result: 'error', notBefore: null, violations: [], evidence: null, error })
        .catch(() => undefined);
      throw err;
    }
    const record: ComplianceRecord = {
      ...base,
      result: decision.result,
      notBefore: decision.result === 'deferred' ? decision.notBefore : null,
      violations: decision.result === 'allowed' ? [] : decision.violations,
      evidence: decision.evidence,
      error: null,
    };
    return { decision, record };
  }

  return {
    decide,
    async check(req: GateRequest): Promise<GateDecision> {
      const decided = await decide(req);
      await deps.complianceRecords.append(decided.record);
      return decided;
    },
  };
}

export type ComplianceGate = ReturnType<typeof createComplianceGate>;
