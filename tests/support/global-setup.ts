import { startMongoStandin } from '../../src/standins/mongo/mongo-standin';
import { startKafkaBroker, type KafkaBroker } from './kafka-broker';

/**
 * With MONGODB_URI set, the suite runs against that real server. Without it, the in-repo wire-protocol
 * stand-in serves the suite; test files see its address as MONGODB_URI either way. Kafka: the broker named by
 * KAFKA_BROKERS, else a real Apache Kafka started here by scripts/kafka.sh (its JVM starts while the rest does).
 */
export default async function globalSetup(): Promise<void> {
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const kafka = process.env.KAFKA_BROKERS ? null : startKafkaBroker();
  if (!process.env.MONGODB_URI) {
    const mongo = await startMongoStandin();
    process.env.MONGODB_URI = mongo.uri;
    (globalThis as { __mongoStandin?: { close(): Promise<void> } }).__mongoStandin = mongo;
  }
  if (kafka) {
    const broker = await kafka;
    process.env.KAFKA_BROKERS = broker.brokers.join(',');
    (globalThis as { __kafkaBroker?: KafkaBroker }).__kafkaBroker = broker;
  }
}
