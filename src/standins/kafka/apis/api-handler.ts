import type Decoder from 'kafkajs/src/protocol/decoder';
import type Encoder from 'kafkajs/src/protocol/encoder';
import type { TopicLog } from '../topic-log';

/** What a request handler may read or change: the single broker's identity and the shared topic log. */
export interface BrokerContext {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly log: TopicLog;
  nextProducerId(): number;
}

export interface ApiHandler {
  readonly apiKey: number;
  // Only versions whose wire format the handler reads and writes; ApiVersions advertises exactly this range.
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Reads the request body and returns the response body, or null when the client expects no response. */
  handle(body: Decoder, version: number, context: BrokerContext): Promise<Encoder | null>;
  /** A response for a request at a version outside the range; without one, the connection is closed. */
  unsupportedVersion?(): Encoder;
}

/** Kafka error codes the stand-in returns (kafkajs maps them to typed errors). */
export const ErrorCode = {
  NONE: 0,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
} as const;

/** Topic names are non-nullable in every API; a null one means the request is malformed. */
export function readTopicName(body: Decoder): string {
  const name = body.readString();
  if (name === null) throw new Error('malformed request: null topic name');
  return name;
}
