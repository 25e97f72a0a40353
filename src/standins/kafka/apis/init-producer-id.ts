import Encoder from 'kafkajs/src/protocol/encoder';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { ApiHandler, ErrorCode } from './api-handler';

/**
 * InitProducerId v0-1 (identical wire format), which idempotent producers call once on connect.
 * Response: throttle_time_ms error_code producer_id producer_epoch.
 * The request (transactional_id, timeout) is not read: there are no transactions, so every caller
 * gets a fresh id at epoch 0, and sequence numbers are never checked.
 */
export const initProducerIdHandler: ApiHandler = {
  apiKey: apiKeys.InitProducerId,
  minVersion: 0,
  maxVersion: 1,
  async handle(_body, _version, context) {
    return new Encoder()
      .writeInt32(0)
      .writeInt16(ErrorCode.NONE)
      .writeInt64(context.nextProducerId())
      .writeInt16(0);
  },
};
