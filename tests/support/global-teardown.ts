export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __mongoStandin?: { close(): Promise<void> } }).__mongoStandin?.close();
}
