/**
 * The other side of bench:floor's webhook part, in its own process so that its CPU is not counted: sends WEBHOOK_COUNT
 * signed Twilio status callbacks to URL through the simulator's webhook sender (kept-alive connections, as in
 * bench:dial), CONCURRENCY at a time, prints READY, then "DONE <delivered> <failed>".
 * Run by bench/floor.bench.ts: tsx bench/support/webhook-flood.ts <url>, with WEBHOOK_COUNT and AUTH_TOKEN set.
 */
import { StatsRecorder } from '../../src/simulator/stats';
import { WebhookSender } from '../../src/simulator/webhook-sender';
import { rfc2822 } from '../../src/simulator/twilio-resource';

const CONCURRENCY = 10;

/** What Twilio sends with a call's `ringing` status callback (the simulator's call script sends the same). */
function statusParams(i: number): Record<string, string> {
  const sid = `CA${String(i).padStart(32, '0')}`;
  return {
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    CallSid: sid,
    CallStatus: 'ringing',
    Called: '+13125550100',
    Caller: '+13125550199',
    Direction: 'outbound-api',
    From: '+13125550199',
    To: '+13125550100',
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
    Timestamp: rfc2822(Date.now()),
  };
}

async function main() {
  const url = process.argv[2];
  const count = Number(process.env.WEBHOOK_COUNT);
  const authToken = process.env.AUTH_TOKEN;
  if (!url || !Number.isInteger(count) || count < 1 || !authToken)
    throw new Error(
      'usage: webhook-flood.ts <url>, with WEBHOOK_COUNT (a positive integer) and AUTH_TOKEN set',
    );
  console.log('READY');
  const stats = new StatsRecorder();
  const closing = new AbortController();
  const sender = new WebhookSender(stats, closing.signal);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await sender.postTwilio('status', url, statusParams(next++), authToken);
    }),
  );
  closing.abort();
  const { webhookDeliveries, webhookFailures } = stats.snapshot();
  console.log(`DONE ${webhookDeliveries} ${webhookFailures}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
