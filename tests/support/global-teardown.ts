import type { KafkaBroker } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __mongoStandin?: { close(): Promise<void> } }).__mongoStandin?.close();
  await (globalThis as { __kafkaBroker?: KafkaBroker }).__kafkaBroker?.remove();
}
