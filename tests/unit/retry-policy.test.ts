import { nextAttempt } from '../../src/scheduling/retry-policy';
import type { Campaign } from '../../src/domain/campaign';

const campaign = (maxAttemptsPerLead: number): Campaign => ({
  id: 'c',
  name: 'c',
  status: 'running',
  agent: { agentId: 'a' },
  callerId: '+13125550100',
  limits: { maxConcurrentCalls: 1, callsPerSecond: 1, maxAttemptsPerLead },
  retry: {
    'no-answer': { delayMinutes: 30, maxAttempts: 4 },
    busy: { delayMinutes: 5, maxAttempts: 2 },
    failed: { delayMinutes: 60, maxAttempts: 1 },
    voicemail: { delayMinutes: 1440, maxAttempts: 3 },
  },
  voicemail: { action: 'hangup', message: null },
  callingWindow: null,
  createdAt: new Date(),
});

describe('nextAttempt', () => {
  it.each([
    ['no-answer', 1, 5, { retry: true, delayMs: 30 * 60_000, nextAttempt: 2 }],
    ['busy', 1, 5, { retry: true, delayMs: 5 * 60_000, nextAttempt: 2 }],
    ['busy', 2, 5, { retry: false }],
    ['failed', 1, 5, { retry: false }],
    ['voicemail', 2, 5, { retry: true, delayMs: 1440 * 60_000, nextAttempt: 3 }],
    // the campaign's own limit is lower than the outcome's
    ['no-answer', 2, 2, { retry: false }],
  ] as const)('%s after %d attempts (campaign limit %d)', (outcome, made, limit, expected) => {
    expect(nextAttempt(campaign(limit), outcome, made)).toMatchObject(expected);
  });
});
