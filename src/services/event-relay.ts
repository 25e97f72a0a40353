import type { EventOutbox } from '../ports/repositories.port';
import type { EventPublisher } from '../ports/event-publisher.port';
import type { Clock } from '../ports/clock.port';
import { moduleLogger } from '../logger';
import { startPeriodic } from './periodic';

const log = moduleLogger('event-relay');
const BATCH = 200;

/**
 * One pass: events recorded with their state changes are moved into the outbox, then (when a broker is
 * configured) published and marked sent. A failed publish leaves them unpublished for the next pass; a
 * publish whose ack was lost sends them again with the same eventId, for consumers to de-duplicate.
 */
export async function relayOnce(
  outbox: EventOutbox,
  publisher: EventPublisher | null,
  clock: Clock,
): Promise<number> {
  while ((await outbox.collect(BATCH)) > 0) {
    // keep moving until the owners' pending arrays are empty
  }
  if (!publisher) return 0;
  let sent = 0;
  for (;;) {
    const batch = await outbox.unpublished(BATCH);
    if (!batch.length) return sent;
    await publisher.publish(batch.map(({ publishedAt: _p, ...event }) => event));
    await outbox.markPublished(
      batch.map((e) => e.eventId),
      clock.now(),
    );
    sent += batch.length;
  }
}

/** Runs relayOnce every `intervalMs` until stopped; a broker outage is logged once per pass and retried. */
export function startEventRelay(
  outbox: EventOutbox,
  publisher: EventPublisher | null,
  clock: Clock,
  intervalMs = 250,
) {
  return startPeriodic(
    () => relayOnce(outbox, publisher, clock),
    intervalMs,
    (err) => log.warn('event relay pass failed; events wait in the outbox', { error: err.message }),
  );
}
