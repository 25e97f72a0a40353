import { connect } from 'node:net';

/**
 * Whether any broker accepts a TCP connection within `timeoutMs`: a cheap health probe that does not open a
 * Kafka client per check (events wait in the outbox while Kafka is away, so this only informs the operator).
 */
export async function anyBrokerReachable(brokers: readonly string[], timeoutMs = 1000): Promise<boolean> {
  const answers = await Promise.all(brokers.map((b) => reachable(b, timeoutMs)));
  return answers.some(Boolean);
}

function reachable(broker: string, timeoutMs: number): Promise<boolean> {
  const i = broker.lastIndexOf(':');
  const host = i > 0 ? broker.slice(0, i) : broker;
  const port = i > 0 ? Number(broker.slice(i + 1)) : 9092;
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
