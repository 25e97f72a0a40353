import { startMongoStandin } from '../../src/standins/mongo/mongo-standin';

/**
 * With MONGODB_URI set, the suite runs against that real server. Without it, the in-repo wire-protocol
 * stand-in serves the suite; test files see its address as MONGODB_URI either way.
 */
export default async function globalSetup(): Promise<void> {
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  if (process.env.MONGODB_URI) return;
  const mongo = await startMongoStandin();
  process.env.MONGODB_URI = mongo.uri;
  (globalThis as { __mongoStandin?: { close(): Promise<void> } }).__mongoStandin = mongo;
}
