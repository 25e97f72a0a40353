import type { Socket } from 'node:net';
import Decoder from 'kafkajs/src/protocol/decoder';
import Encoder from 'kafkajs/src/protocol/encoder';
import type { ApiHandler, BrokerContext } from './apis/api-handler';
import { FrameReader } from './frame-reader';

/**
 * Answers the Kafka requests arriving on one client socket. Requests are handled strictly one at a time,
 * so responses leave in request order as the protocol requires. Anything the stand-in cannot parse or does
 * not implement closes the connection, as a real broker does; the server itself keeps running.
 */
export function serveConnection(
  socket: Socket,
  handlers: ReadonlyMap<number, ApiHandler>,
  context: BrokerContext,
): void {
  const frames = new FrameReader();
  let previous = Promise.resolve();

  socket.on('data', (chunk) => {
    let requests: Buffer[];
    try {
      requests = frames.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const request of requests) {
      previous = previous
        .then(() => answer(request))
        .catch(() => {
          socket.destroy();
        });
    }
  });
  // Clients vanishing mid-request (ECONNRESET) is routine in tests; an unhandled 'error' would crash the process.
  socket.on('error', () => socket.destroy());

  async function answer(request: Buffer): Promise<void> {
    if (socket.destroyed) return;

    // Request header v1: api_key api_version correlation_id client_id; no API served here uses flexible headers.
    const decoder = new Decoder(request);
    const apiKey = decoder.readInt16();
    const version = decoder.readInt16();
    const correlationId = decoder.readInt32();
    decoder.readString();

    const handler = handlers.get(apiKey);
    let body: Encoder | null;
    if (handler && version >= handler.minVersion && version <= handler.maxVersion) {
      body = await handler.handle(decoder, version, context);
    } else if (handler?.unsupportedVersion) {
      body = handler.unsupportedVersion();
    } else {
      throw new Error(`unsupported API key ${apiKey} v${version}`);
    }

    if (body === null || socket.destroyed) return;
    // Response header v0 is just the correlation id.
    socket.write(
      new Encoder()
        .writeInt32(4 + body.size())
        .writeInt32(correlationId)
        .writeEncoder(body).buffer,
    );
  }
}
