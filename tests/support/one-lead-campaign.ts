import { sampleCampaign, sampleCampaignSettings } from '../../src/demo/sample-campaign';
import type { Harness } from './harness';

/** A campaign of one lead that compliance allows, one attempt at most, uploaded and not yet started. */
export async function oneLeadCampaign(
  h: Harness,
  name: string,
): Promise<{ campaignId: string; phone: string }> {
  const now = h.clock.now();
  const sample = sampleCampaign(9, now);
  const lead = sample.leads[8]!; // the first lead that is allowed
  await h.client.importRegistry(sample.registryNumbers, new Date(now.getTime() - 86_400_000));
  const campaign = await h.client.createCampaign({
    ...sampleCampaignSettings(name, { maxConcurrentCalls: 5, callsPerSecond: 20 }, 0),
    limits: { maxConcurrentCalls: 5, callsPerSecond: 20, maxAttemptsPerLead: 1 },
  });
  const csv = sample.csv
    .split('\n')
    .filter((line, i) => i === 0 || line.startsWith(lead.phone))
    .join('\n');
  const { accepted } = (await h.client.uploadCsv(campaign.id, csv)).body;
  if (accepted !== 1) throw new Error(`expected the lead to be accepted, got ${accepted}`);
  return { campaignId: campaign.id, phone: lead.phone };
}
