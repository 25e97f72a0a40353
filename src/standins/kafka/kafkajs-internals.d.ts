// kafkajs ships no types for its protocol internals; these cover only what the stand-in and its tests touch.

declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    constructor(initialSize?: number);
    readonly buffer: Buffer;
    size(): number;
    writeInt8(value: number): this;
    writeInt16(value: number): this;
    writeInt32(value: number): this;
    writeInt64(value: number | bigint | string): this;
    writeBoolean(value: boolean): this;
    writeString(value: string | null): this;
    writeEncoder(value: Encoder): this;
    writeArray(array: Encoder[] | number[] | string[]): this;
  }
  export = Encoder;
}

declare module 'kafkajs/src/protocol/decoder' {
  class Decoder {
    constructor(buffer: Buffer);
    readonly buffer: Buffer;
    offset: number;
    readInt8(): number;
    readInt16(): number;
    readInt32(): number;
    readInt64(): bigint;
    readBoolean(): boolean;
    readString(): string | null;
    readBytes(): Buffer | null;
    readArray<T>(reader: (decoder: Decoder) => T): T[];
  }
  export = Decoder;
}

declare module 'kafkajs/src/protocol/recordBatch/v0/decoder' {
  import type Decoder from 'kafkajs/src/protocol/decoder';

  interface DecodedRecord {
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, Buffer | null | Array<Buffer | null>>;
  }
  function decodeRecordBatch(decoder: Decoder): Promise<{ records: DecodedRecord[] }>;
  export = decodeRecordBatch;
}

declare module 'kafkajs/src/protocol/requests/apiKeys' {
  const apiKeys: Record<'Produce' | 'Metadata' | 'ApiVersions' | 'CreateTopics' | 'InitProducerId', number>;
  export = apiKeys;
}

// Client-side request encoders and response decoders, used by the tests to speak raw protocol.
declare module 'kafkajs/src/protocol/request' {
  import type Encoder from 'kafkajs/src/protocol/encoder';

  function encodeRequest(args: {
    correlationId: number;
    clientId: string;
    request: encodeRequest.ProtocolRequest;
  }): Promise<Encoder>;

  namespace encodeRequest {
    interface ProtocolRequest {
      apiKey: number;
      apiVersion: number;
      encode(): Promise<Encoder>;
    }
    /** The shape of each requests/<api>/index.js: pick a version, then build a request with its options. */
    interface RequestDefinitions<Options> {
      protocol(selector: { version: number }): (options: Options) => {
        request: ProtocolRequest;
        response: { decode(payload: Buffer): Promise<unknown> };
      };
    }
  }
  export = encodeRequest;
}

declare module 'kafkajs/src/protocol/requests/apiVersions' {
  import type { RequestDefinitions } from 'kafkajs/src/protocol/request';
  const definitions: RequestDefinitions<void>;
  export = definitions;
}

declare module 'kafkajs/src/protocol/requests/metadata' {
  import type { RequestDefinitions } from 'kafkajs/src/protocol/request';
  const definitions: RequestDefinitions<{ topics: string[] }>;
  export = definitions;
}

declare module 'kafkajs/src/protocol/requests/produce' {
  import type { RequestDefinitions } from 'kafkajs/src/protocol/request';
  const definitions: RequestDefinitions<{
    acks: number;
    timeout: number;
    topicData: Array<{
      topic: string;
      partitions: Array<{ partition: number; messages: Array<{ key?: string; value: string }> }>;
    }>;
  }>;
  export = definitions;
}
