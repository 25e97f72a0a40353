import Encoder from 'kafkajs/src/protocol/encoder';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { decodeRecordSet } from '../record-set';
import { ApiHandler, BrokerContext, ErrorCode, readTopicName } from './api-handler';

const NO_LOG_APPEND_TIME = -1;

/**
 * Produce v5-7 (identical wire format). Request: transactional_id acks timeout [topic [partition record_set]].
 * Response: [topic [partition error_code base_offset log_append_time log_start_offset]] throttle_time_ms.
 * Records are stored as soon as they decode; acks=0 producers get no response at all.
 */
export const produceHandler: ApiHandler = {
  apiKey: apiKeys.Produce,
  minVersion: 5,
  maxVersion: 7,
  async handle(body, _version, context) {
    body.readString(); // transactional_id: transactions are not supported, records are committed immediately
    const acks = body.readInt16();
    body.readInt32(); // timeout: appends complete synchronously

    const topics = body.readArray((topicData) => ({
      topic: readTopicName(topicData),
      partitions: topicData.readArray((partitionData) => ({
        partition: partitionData.readInt32(),
        recordSet: partitionData.readBytes(),
      })),
    }));

    const responses: Encoder[] = [];
    for (const { topic, partitions } of topics) {
      const partitionResponses: Encoder[] = [];
      for (const { partition, recordSet } of partitions) {
        partitionResponses.push(await appendPartition(context, topic, partition, recordSet));
      }
      responses.push(new Encoder().writeString(topic).writeArray(partitionResponses));
    }

    return acks === 0 ? null : new Encoder().writeArray(responses).writeInt32(0);
  },
};

async function appendPartition(
  context: BrokerContext,
  topic: string,
  partition: number,
  recordSet: Buffer | null,
): Promise<Encoder> {
  const response = (errorCode: number, baseOffset: number) =>
    new Encoder()
      .writeInt32(partition)
      .writeInt16(errorCode)
      .writeInt64(baseOffset)
      .writeInt64(NO_LOG_APPEND_TIME)
      .writeInt64(0);

  // Like a real broker, Produce never creates topics; kafkajs fetches (and so auto-creates) metadata first.
  if (partition < 0 || partition >= (context.log.partitionCount(topic) ?? 0)) {
    return response(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1);
  }

  const records = await decodeRecordSet(recordSet ?? Buffer.alloc(0)).catch(() => null);
  if (records === null) return response(ErrorCode.CORRUPT_MESSAGE, -1);
  return response(ErrorCode.NONE, context.log.append(topic, partition, records));
}
