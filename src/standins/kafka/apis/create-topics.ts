import type Decoder from 'kafkajs/src/protocol/decoder';
import Encoder from 'kafkajs/src/protocol/encoder';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { ApiHandler, BrokerContext, ErrorCode, readTopicName } from './api-handler';

// kafkajs sends -1 for "broker default" partition count and replication factor.
const BROKER_DEFAULT = -1;
const DEFAULT_PARTITIONS = 1;

interface TopicRequest {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  assignedPartitions: number;
}

/**
 * CreateTopics v2-3 (identical wire format). Request: [topic num_partitions replication_factor
 * [replica_assignment] [config_entries]] timeout validate_only. Response: throttle_time_ms [topic error_code error_message].
 * Config entries are read and ignored.
 */
export const createTopicsHandler: ApiHandler = {
  apiKey: apiKeys.CreateTopics,
  minVersion: 2,
  maxVersion: 3,
  async handle(body, _version, context) {
    const requests = body.readArray(readTopicRequest);
    body.readInt32(); // timeout: creation is immediate
    const validateOnly = body.readBoolean();

    return new Encoder().writeInt32(0).writeArray(
      requests.map((request) => {
        const [errorCode, errorMessage] = createTopic(request, validateOnly, context);
        return new Encoder().writeString(request.topic).writeInt16(errorCode).writeString(errorMessage);
      }),
    );
  },
};

function readTopicRequest(body: Decoder): TopicRequest {
  const topic = readTopicName(body);
  const numPartitions = body.readInt32();
  const replicationFactor = body.readInt16();
  const assignedPartitions = body.readArray((assignment) => {
    assignment.readInt32();
    assignment.readArray((replicas) => replicas.readInt32());
  }).length;
  body.readArray((config) => {
    config.readString();
    config.readString();
  });
  return { topic, numPartitions, replicationFactor, assignedPartitions };
}

function createTopic(
  { topic, numPartitions, replicationFactor, assignedPartitions }: TopicRequest,
  validateOnly: boolean,
  context: BrokerContext,
): [errorCode: number, errorMessage: string | null] {
  // A manual replica assignment fixes the partition count by itself.
  const partitions =
    assignedPartitions > 0
      ? assignedPartitions
      : numPartitions === BROKER_DEFAULT
        ? DEFAULT_PARTITIONS
        : numPartitions;

  if (context.log.partitionCount(topic) !== undefined) {
    return [ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic}' already exists.`];
  }
  if (partitions < 1) {
    return [ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.'];
  }
  // Only one broker exists to hold replicas.
  if (replicationFactor !== BROKER_DEFAULT && replicationFactor !== 1) {
    return [
      ErrorCode.INVALID_REPLICATION_FACTOR,
      'Replication factor must be 1: the stand-in has one broker.',
    ];
  }
  if (!validateOnly) context.log.create(topic, partitions);
  return [ErrorCode.NONE, null];
}
