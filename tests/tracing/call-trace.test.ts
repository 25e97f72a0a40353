import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from '../../src/tracing/tracing';
import { startHarness, type Harness } from '../support/harness';
import { oneLeadCampaign } from '../support/one-lead-campaign';
import { waitFor } from '../support/wait';

/**
 * One answered call, API and workers in this process but every hand-over through Redis as between processes
 * (trace context in job data, and stored by call id for the webhooks): its spans form one connected trace.
 */
describe('one call, one trace', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: ReturnType<typeof startTracing>;
  let h: Harness;

  beforeAll(async () => {
    tracing = startTracing('dialer-test', { env: {}, exporter });
    h = await startHarness({
      workers: true,
      profile: { answerRate: 1, busyRate: 0, noAnswerRate: 0, failedRate: 0, machineRate: 0 },
    });
  });
  afterAll(async () => {
    await h.close();
    await tracing?.shutdown();
  });

  it('is off without an OTLP endpoint or exporter, and when OTEL_SDK_DISABLED=true', () => {
    expect(startTracing('x', { env: {} })).toBeNull();
    expect(
      startTracing('x', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' } }),
    ).toBeNull();
  });

  it('connects start, compliance, dial, Twilio, every webhook and post-call, with MongoDB and Redis spans', async () => {
    expect(tracing).not.toBeNull();
    const { campaignId } = await oneLeadCampaign(h, 'traced');
    await h.client.control(campaignId, 'start');
    const leadId = await waitFor('the conversation analysed', async () => {
      const [lead] = (await h.client.leads(campaignId)).leads;
      return lead?.status === 'completed' ? lead.id : undefined;
    });
    await waitFor('post-call job done', async () =>
      ((await h.api.queues.postCall.getJobCounts('completed')).completed ?? 0) >= 1 ? true : undefined,
    );
    await tracing!.flush();
    const spans = exporter.getFinishedSpans();
    const place = spans.find((s) => s.name === 'twilio.placeCall');
    expect(place).toBeDefined();
    const inTrace = spans.filter((s) => s.spanContext().traceId === place!.spanContext().traceId);
    const names = new Set(inTrace.map((s) => s.name));
    for (const name of [
      'POST /api/campaigns/{id}/start',
      'job compliance',
      'job dial',
      'twilio.placeCall',
      'POST /webhooks/twilio/connect/{callId}',
      'elevenlabs.registerCall',
      'POST /webhooks/twilio/status/{callId}',
      'webhook elevenlabs',
      'job post-call',
    ])
      expect([name, names.has(name)]).toEqual([name, true]);
    expect([...names].some((n) => n.startsWith('mongodb '))).toBe(true);
    expect([...names].some((n) => n.startsWith('redis '))).toBe(true);

    // Connected: one root (the API request that started the campaign), every other span's parent in the trace.
    const ids = new Set(inTrace.map((s) => s.spanContext().spanId));
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const roots = inTrace.filter((s) => !parentOf(s) || !ids.has(parentOf(s)!));
    expect(roots.map((s) => s.name)).toEqual(['POST /api/campaigns/{id}/start']);
    // The post-call work is a descendant of the dial job.
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const ancestors = (s: ReadableSpan): string[] => {
      const p = parentOf(s) && byId.get(parentOf(s)!);
      return p ? [p.name, ...ancestors(p)] : [];
    };
    expect(ancestors(inTrace.find((s) => s.name === 'job post-call')!)).toContain('job dial');
    expect(leadId).toBeDefined();
  }, 60_000);
});
