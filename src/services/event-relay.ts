import type { EventOutbox } from '../ports/repositories.port';
import type { EventPublisher } from '../ports/event-publisher.port';
import type { Clock } from '../ports/clock.port';
import { moduleLogger } from '../logger';
import type { SharedTurns } from '../ports/shared-turns.port';
import { startSharedPeriodic } from './shared-periodic';

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
  return (await relayPass(outbox, publisher, clock)).sent;
}

/** relayOnce, also saying how many events it moved into the outbox. */
async function relayPass(outbox: EventOutbox, publisher: EventPublisher | null, clock: Clock) {
  const { moved } = await collectPending(outbox);
  return { moved, sent: publisher ? await publishAll(outbox, publisher, clock) : 0 };
}

/**
 * Moves the events still held on calls and leads into the outbox, BATCH documents of each at a time, at most
 * `maxBatches` times. A batch short of the limit read every call and lead then holding events (each holds one or
 * more), so it stops there instead of reading both collections again to find them empty; later events wait for
 * the next pass. `complete`: that short batch was reached, nothing was left behind by the bound.
 */
export async function collectPending(
  outbox: Pick<EventOutbox, 'collect'>,
  maxBatches = Infinity,
): Promise<{ moved: number; complete: boolean }> {
  let moved = 0;
  for (let batches = 0; batches < maxBatches; batches++) {
    const batch = await outbox.collect(BATCH);
    moved += batch;
    if (batch < BATCH) return { moved, complete: true };
  }
  return { moved, complete: false };
}

async function publishAll(outbox: EventOutbox, publisher: EventPublisher, clock: Clock): Promise<number> {
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

/** After a pass that found no event, the next one waits this long (events then reach Kafka within about 1 s). */
export const RELAY_IDLE_MS = 1000;
/** A replica that stops mid-pass holds the relay's turn this long at most. */
const RELAY_LEASE_MS = 5000;

/**
 * Runs relay passes until stopped: `intervalMs` apart while there are events, RELAY_IDLE_MS apart when a pass
 * found none. With `turns`, one replica at a time relays (any replica may: passes side by side are safe, since
 * the outbox is keyed by eventId); a broker outage is logged once per pass and retried after `intervalMs`.
 */
export function startEventRelay(
  outbox: EventOutbox,
  publisher: EventPublisher | null,
  clock: Clock,
  intervalMs = 250,
  turns: SharedTurns | null = null,
) {
  return startSharedPeriodic(
    turns,
    'event-relay',
    async () => {
      const { moved, sent } = await relayPass(outbox, publisher, clock);
      return moved + sent > 0;
    },
    { busyMs: intervalMs, idleMs: Math.max(intervalMs, RELAY_IDLE_MS), leaseMs: RELAY_LEASE_MS },
    (err) => log.warn('event relay pass failed; events wait in the outbox', { error: err.message }),
  );
}
