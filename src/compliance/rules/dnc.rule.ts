import { MS_PER_DAY } from '../civil-date';
import { violation } from '../fines';
import type { ComplianceInput, ConsentFacts, Violation } from '../types';

/** 47 CFR 64.1200(c)(2)(i)(D): scrub against a registry copy obtained no more than 31 days before the call. */
export const REGISTRY_MAX_AGE_DAYS = 31;

export const WRITTEN_AGREEMENT_EXEMPTION = '47 CFR 64.1200(c)(2)(ii)';

function isSignedWrittenAgreement(consent: ConsentFacts | null, now: Date): consent is ConsentFacts {
  return (
    consent !== null &&
    (consent.method === 'written' || consent.method === 'electronic_signature') &&
    consent.sellerName.trim() !== '' &&
    consent.capturedAt <= now &&
    !(consent.revokedAt && consent.revokedAt <= now) &&
    !(consent.expiresAt && consent.expiresAt <= now)
  );
}

/**
 * The written-agreement exemption of 47 CFR 64.1200(c)(2)(ii) for a registry-listed number, when the campaign's
 * admin-set option allows it and a signed written agreement with the seller is in force; null otherwise. Our
 * default is stricter than the law: a listed number is not called at all.
 */
export function registryExemption(
  input: Pick<ComplianceInput, 'dnc' | 'consent' | 'campaign' | 'now'>,
): string | null {
  if (!input.dnc.onNationalRegistry || input.campaign.allowRegistryWithWrittenAgreement !== true) return null;
  if (!isSignedWrittenAgreement(input.consent, input.now)) return null;
  return `${WRITTEN_AGREEMENT_EXEMPTION}: registry-listed number called on the signed written agreement ${input.consent.id} with ${input.consent.sellerName} (campaign option allowRegistryWithWrittenAgreement)`;
}

export function checkDnc(
  dnc: ComplianceInput['dnc'],
  phone: string,
  now: Date,
  exemption: string | null = null,
): Violation[] {
  const found = [];
  if (dnc.onNationalRegistry && exemption === null) {
    found.push(
      violation(
        'ON_DNC_REGISTRY',
        `${phone} is on the National Do Not Call Registry (47 CFR 64.1200(c)(2)).`,
      ),
    );
  }
  if (dnc.onInternalList) {
    found.push(
      violation('INTERNAL_DNC', `${phone} is on our internal do-not-call list (47 CFR 64.1200(d)).`),
    );
  }
  const downloadedAt = dnc.registryDownloadedAt;
  const ageMs = downloadedAt ? now.getTime() - downloadedAt.getTime() : Number.NaN;
  // A copy dated in the future is as untrustworthy as none: the check fails closed on both.
  if (!(ageMs >= 0 && ageMs <= REGISTRY_MAX_AGE_DAYS * MS_PER_DAY)) {
    const when = downloadedAt
      ? `was downloaded at ${downloadedAt.toISOString()}`
      : 'has never been downloaded';
    found.push(
      violation(
        'REGISTRY_STALE',
        `Our National DNC Registry copy ${when}, not within the ${REGISTRY_MAX_AGE_DAYS} days before ${now.toISOString()} (47 CFR 64.1200(c)(2)(i)(D)).`,
      ),
    );
  }
  return found;
}
