import { createServer, type AddressInfo, type Socket } from 'node:net';
import { apiHandlers } from './apis';
import type { BrokerContext } from './apis/api-handler';
import { serveConnection } from './connection';
import { TopicLog, type StoredMessage } from './topic-log';

export type { StoredMessage } from './topic-log';

export interface KafkaStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Bound and advertised in Metadata, so it must be an address clients can reach. Default 127.0.0.1. */
  host?: string;
}

export interface KafkaStandin {
  /** Pass to `new Kafka({ brokers })`. */
  brokers: string[];
  port: number;
  /** Records produced so far, in append order; only those of `topic` when given. */
  messages(topic?: string): StoredMessage[];
  /** Forgets all records and restarts offsets at 0; topics stay created. */
  clear(): void;
  /** Drops client connections and frees the port. Safe to call more than once. */
  close(): Promise<void>;
}

// The single broker's id; it is also the controller and every partition's leader.
const NODE_ID = 0;

/**
 * A single in-memory Kafka broker, for tests only, that serves what a kafkajs 2.x producer and
 * admin.createTopics need: ApiVersions, Metadata (auto-creating 1-partition topics), Produce,
 * InitProducerId and CreateTopics.
 */
export async function startKafkaStandin(options: KafkaStandinOptions = {}): Promise<KafkaStandin> {
  const host = options.host ?? '127.0.0.1';
  const log = new TopicLog();
  const sockets = new Set<Socket>();
  const server = createServer();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let lastProducerId = 0;
  const context: BrokerContext = { nodeId: NODE_ID, host, port, log, nextProducerId: () => ++lastProducerId };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, apiHandlers, context);
  });

  let closing: Promise<void> | undefined;
  return {
    brokers: [`${host}:${port}`],
    port,
    messages: (topic) => log.messages(topic),
    clear: () => log.clear(),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        // server.close() only stops accepting; it resolves once the open client sockets are gone.
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      })),
  };
}
