import type { SimulatorProfile } from '../../src/simulator';

/** The end-to-end campaigns' carrier: every kind of ending, duplicated and reordered webhooks, short calls. */
export const E2E_PROFILE: Partial<SimulatorProfile> = {
  answerRate: 0.65,
  busyRate: 0.1,
  noAnswerRate: 0.15,
  failedRate: 0.1,
  machineRate: 0.2,
  ringMs: [20, 80],
  talkMs: [50, 250],
  duplicateWebhookRate: 0.3,
  reorderWebhooks: true,
};
