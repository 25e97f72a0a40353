import Encoder from 'kafkajs/src/protocol/encoder';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { ApiHandler, ErrorCode } from './api-handler';

const MAX_VERSION = 2;

/**
 * ApiVersions v0-2: error_code [api_key min_version max_version] throttle_time_ms (v1+).
 * Advertises itself plus `others`, so a client only ever asks for versions the stand-in can parse.
 */
export function apiVersionsHandler(others: readonly ApiHandler[]): ApiHandler {
  const self = { apiKey: apiKeys.ApiVersions, minVersion: 0, maxVersion: MAX_VERSION };
  const advertised = [self, ...others].map((api) =>
    new Encoder().writeInt16(api.apiKey).writeInt16(api.minVersion).writeInt16(api.maxVersion),
  );
  const versionList = (errorCode: number) => new Encoder().writeInt16(errorCode).writeArray(advertised);

  return {
    ...self,
    async handle(_body, version) {
      const response = versionList(ErrorCode.NONE);
      return version >= 1 ? response.writeInt32(0) : response;
    },
    // KIP-511: a too-new ApiVersions request gets a v0 answer listing what is supported, so the client can downgrade.
    unsupportedVersion: () => versionList(ErrorCode.UNSUPPORTED_VERSION),
  };
}
