import net from 'node:net';
import mongoose from 'mongoose';
import { startMongoStandinThread } from '../../src/standins/mongo/standin-thread';

/** Whether something listens on the port: the stand-in's socket lives in another thread, so ask the network. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net
      .connect(port, '127.0.0.1', () => resolve(socket.destroy() && true))
      .once('error', () => resolve(false));
  });

describe('the MongoDB stand-in on a worker thread', () => {
  it('serves a mongoose client, and close() ends the thread and releases the port even with the client connected', async () => {
    const standin = await startMongoStandinThread();
    const connection = await mongoose
      .createConnection(standin.uri.replace('/dialer?', '/standin_thread?'), {
        serverSelectionTimeoutMS: 5000,
      })
      .asPromise();
    const probes = connection.db!.collection('probes');
    await probes.insertMany([{ n: 1 }, { n: 2 }]);
    expect(
      await probes
        .find({}, { projection: { _id: 0 } })
        .sort({ n: -1 })
        .toArray(),
    ).toEqual([{ n: 2 }, { n: 1 }]);

    await standin.close();
    await connection.close(true);
    expect(await accepts(standin.port)).toBe(false);
  });

  it('rejects with the listen error when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      await expect(startMongoStandinThread({ port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringContaining(String(port)),
      });
    } finally {
      taken.close();
    }
  });
});
