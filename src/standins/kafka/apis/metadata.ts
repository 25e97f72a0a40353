import Encoder from 'kafkajs/src/protocol/encoder';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { ApiHandler, BrokerContext, ErrorCode, readTopicName } from './api-handler';

const AUTO_CREATED_PARTITIONS = 1;
const CLUSTER_ID = 'kafka-standin';

/**
 * Metadata v5-6 (identical wire format). Request: [topics] (null = all) allow_auto_topic_creation.
 * Response: throttle_time_ms [brokers] cluster_id controller_id [topic_metadata].
 * The one broker leads, replicates and controls everything.
 */
export const metadataHandler: ApiHandler = {
  apiKey: apiKeys.Metadata,
  minVersion: 5,
  maxVersion: 6,
  async handle(body, _version, context) {
    // Read by hand: Decoder.readArray folds a null array (all topics) into an empty one (no topics).
    const count = body.readInt32();
    const requested = count < 0 ? null : Array.from({ length: count }, () => readTopicName(body));
    const allowAutoTopicCreation = body.readBoolean();

    if (requested !== null && allowAutoTopicCreation) {
      requested.forEach((topic) => context.log.create(topic, AUTO_CREATED_PARTITIONS));
    }

    const broker = new Encoder()
      .writeInt32(context.nodeId)
      .writeString(context.host)
      .writeInt32(context.port)
      .writeString(null);

    return new Encoder()
      .writeInt32(0)
      .writeArray([broker])
      .writeString(CLUSTER_ID)
      .writeInt32(context.nodeId)
      .writeArray((requested ?? context.log.topics()).map((topic) => topicMetadata(topic, context)));
  },
};

function topicMetadata(topic: string, context: BrokerContext): Encoder {
  const partitionCount = context.log.partitionCount(topic);
  const header = new Encoder()
    .writeInt16(partitionCount === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.NONE)
    .writeString(topic)
    .writeBoolean(false);

  const partitions = Array.from({ length: partitionCount ?? 0 }, (_, partition) =>
    new Encoder()
      .writeInt16(ErrorCode.NONE)
      .writeInt32(partition)
      .writeInt32(context.nodeId)
      .writeArray([context.nodeId])
      .writeArray([context.nodeId])
      .writeArray([]),
  );
  return header.writeArray(partitions);
}
