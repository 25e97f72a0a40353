import net, { type AddressInfo, type Socket } from 'node:net';
import { serveConnection } from './connection';
import { CursorRegistry } from './cursors';
import { Store } from './store';

export interface MongoStandin {
  /** `mongodb://host:port/dialer?directConnection=true`; replace the path to use another database. */
  uri: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an in-memory, test-only MongoDB that speaks enough of the wire
 * protocol for mongoose/driver CRUD. Port 0 picks a free port.
 */
export async function startMongoStandin(opts: { port?: number; host?: string } = {}): Promise<MongoStandin> {
  const host = opts.host ?? '127.0.0.1';
  const store = new Store();
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, { store, cursors, connectionId: nextConnectionId++ });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const uriHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${uriHost}:${port}/dialer?directConnection=true`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // server.close() waits for open connections, and pooled clients never hang up on their own.
        for (const socket of sockets) socket.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
