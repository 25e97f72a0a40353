import net, { type AddressInfo } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/** Kafka's API key for Produce: the first int16 after a request's size. */
const PRODUCE = 0;

/**
 * A TCP proxy between a kafkajs client and a real broker that can lose one Produce answer: the broker receives
 * the request and writes the batch, the client sees its connection cut instead of the ack (a broker that dies
 * just after a write, a network that drops the reply).
 */
export interface KafkaFaultProxy {
  /** For `new Kafka({ socketFactory })`: every connection the client opens, to any broker, goes through here. */
  readonly socketFactory: ISocketFactory;
  /**
   * The next Produce request (after `pass` more are let through and answered) goes to the broker; its answer is
   * withheld and the connection cut, and every connection after it is cut at once until heal(), so the client's
   * retries fail too. Resolves once an answer was withheld, that is once the broker had written the batch.
   */
  loseNextProduceAnswer(pass?: number): Promise<void>;
  heal(): void;
  close(): Promise<void>;
}

/** Calls `onFrame` with each whole size-prefixed Kafka frame of a byte stream, however it was chunked. */
function frameReader(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  };
}

export async function startKafkaFaultProxy(): Promise<KafkaFaultProxy> {
  let armed: { pass: number; withheld: () => void } | null = null;
  let cutting = false;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (cutting) return void client.destroy();

    // The client's first line names the broker it meant (see socketFactory); Kafka frames follow.
    let head = Buffer.alloc(0);
    let upstream: net.Socket | null = null;
    let doomed: { correlationId: number; withheld: () => void } | null = null;
    const cut = () => {
      client.destroy();
      upstream?.destroy();
    };

    const toBroker = frameReader((frame) => {
      if (frame.readInt16BE(4) === PRODUCE && armed && armed.pass-- === 0) {
        doomed = { correlationId: frame.readInt32BE(8), withheld: armed.withheld };
        armed = null;
      }
      upstream!.write(frame);
    });
    const toClient = frameReader((frame) => {
      if (doomed && frame.readInt32BE(4) === doomed.correlationId) {
        cutting = true;
        cut();
        return doomed.withheld();
      }
      client.write(frame);
    });

    client.on('data', (chunk: Buffer) => {
      if (upstream) return toBroker(chunk);
      head = Buffer.concat([head, chunk]);
      const eol = head.indexOf('\n');
      if (eol < 0) return;
      const [host, port] = head.subarray(0, eol).toString().split(':');
      upstream = net.connect({ host: host!, port: Number(port) });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream!);
        client.destroy();
      });
      upstream.on('error', cut);
      upstream.on('data', toClient);
      client.on('close', () => upstream?.destroy());
      toBroker(head.subarray(eol + 1));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const proxyPort = (server.address() as AddressInfo).port;

  return {
    socketFactory: ({ host, port, onConnect }) => {
      const socket = net.connect({ host: '127.0.0.1', port: proxyPort }, onConnect);
      socket.write(`${host}:${port}\n`);
      return socket;
    },
    loseNextProduceAnswer: (pass = 0) => new Promise<void>((withheld) => (armed = { pass, withheld })),
    heal: () => {
      cutting = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
