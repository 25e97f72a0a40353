import { MS_PER_DAY } from '../civil-date';
import { violation } from '../fines';
import type { ComplianceInput, Violation } from '../types';

/** 47 CFR 64.1200(c)(2)(i)(D): scrub against a registry copy obtained no more than 31 days before the call. */
export const REGISTRY_MAX_AGE_DAYS = 31;

export function checkDnc(dnc: ComplianceInput['dnc'], phone: string, now: Date): Violation[] {
  const found = [];
  if (dnc.onNationalRegistry) {
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
