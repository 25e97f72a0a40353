import path from 'node:path';
import { spawnEntry } from '../../tests/support/processes';

export interface BenchMongo {
  uri: string;
  /** The in-repo stand-in (else MONGODB_URI's server). */
  standIn: boolean;
  stop(): Promise<void>;
}

/**
 * A bench's MongoDB: MONGODB_URI's server when set, else the in-repo stand-in in a process of its own, so that
 * its CPU is not counted as the bench process's.
 */
export async function benchMongo(): Promise<BenchMongo> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, standIn: false, stop: async () => undefined };
  const mongo = await spawnEntry(
    path.join(__dirname, '../../tests/support/mongo-process.ts'),
    'mongo',
    process.env,
  );
  return {
    uri: /READY (\S+)/.exec(mongo.output())![1]!,
    standIn: true,
    stop: async () => {
      await mongo.stop();
    },
  };
}
