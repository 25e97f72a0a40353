import { nextStep } from '../../src/web/admin/next-step';
import type { Lead } from '../../src/domain/lead';
import type { ComplianceRecord } from '../../src/domain/compliance-record';
import { attemptIdOf } from '../../src/queues/payloads';
import { leadRecord } from '../support/lead-record';

const AT = new Date('2026-12-04T18:00:00Z');

const lead = (status: Lead['status'], attempts: number): Lead =>
  leadRecord(AT, { status, attempts, lastOutcome: attempts ? 'no-answer' : null });

const allowed = (attemptNumber: number): ComplianceRecord => ({
  id: `cc_${attemptNumber}`,
  leadId: 'lead_1',
  campaignId: 'cmp_1',
  attemptId: attemptIdOf('lead_1', attemptNumber),
  phone: '+13125550123',
  stage: 'queue',
  result: 'allowed',
  notBefore: null,
  violations: [],
  evidence: null,
  error: null,
  checkedAt: AT,
});

/** The dashboard's sentence for a lead: `queued` covers both queues, and only `dialing` says a call is out. */
describe('the dashboard next step of a lead', () => {
  it.each([
    ['new, never checked', lead('new', 0), [], 'Waiting for its compliance check.'],
    ['queued, not checked yet', lead('queued', 0), [], 'Waiting for its compliance check.'],
    [
      'queued, cleared for attempt 1',
      lead('queued', 0),
      [allowed(1)],
      'Cleared by compliance; waiting for its turn to be called.',
    ],
    // The record of attempt 1 does not clear attempt 2, which the compliance job has not checked yet.
    [
      'queued for attempt 2, cleared for 1 only',
      lead('queued', 1),
      [allowed(1)],
      'Waiting for its compliance check.',
    ],
    [
      'queued, cleared for attempt 2',
      lead('queued', 1),
      [allowed(1), allowed(2)],
      'Cleared by compliance; waiting for its turn to be called.',
    ],
    ['dialing', lead('dialing', 1), [allowed(1)], 'Being called now.'],
  ])('%s', (_name, l, decisions, sentence) => {
    expect(nextStep(l, decisions, 3)).toBe(sentence);
  });
});
