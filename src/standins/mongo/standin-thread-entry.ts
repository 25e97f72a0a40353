/**
 * Body of the stand-in's worker thread (see standin-thread.ts): starts the stand-in, reports its address or
 * the error that kept it from listening, and ends the thread on 'close' once every connection is gone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startMongoStandin } from './mongo-standin';
import type { StandinThreadOptions, StandinThreadReport } from './standin-thread';

const port = parentPort!;
const report = (message: StandinThreadReport) => port.postMessage(message);

startMongoStandin(workerData as StandinThreadOptions).then(
  (mongo) => {
    port.once('message', () => void mongo.close().finally(() => port.close()));
    report({ ready: { uri: mongo.uri, port: mongo.port } });
  },
  (err: NodeJS.ErrnoException) => {
    report({ failed: err, code: err.code });
    port.close();
  },
);
