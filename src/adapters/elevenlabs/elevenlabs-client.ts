import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';

export type { ElevenLabsClient };

export interface ElevenLabsClientOptions {
  apiKey: string;
  baseUrl?: string;
}

/**
 * The SDK is required here, when a client is first made, not when this module loads: its serialization layer
 * loads every resource of the API (some 70 MB of RSS), which a process that has not connected a call (an API
 * taking an upload, a worker queueing leads) need not carry.
 */
async function loadSdk(): Promise<typeof import('@elevenlabs/elevenlabs-js')> {
  try {
    return await import('@elevenlabs/elevenlabs-js');
  } catch (err) {
    throw new Error(`the ElevenLabs SDK could not be loaded: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * maxRetries 0: the SDK otherwise retries 408/429/5xx POSTs, and a retried register-call whose first attempt
 * did reach ElevenLabs leaves two conversations for one call.
 */
export async function createElevenLabsClient(opts: ElevenLabsClientOptions): Promise<ElevenLabsClient> {
  const { ElevenLabsClient } = await loadSdk();
  return new ElevenLabsClient({
    apiKey: opts.apiKey,
    maxRetries: 0,
    ...(opts.baseUrl !== undefined && { baseUrl: opts.baseUrl }),
  });
}

/** One client, made on first use. A failed load is not kept: the next call tries again. */
export function lazyElevenLabsClient(opts: ElevenLabsClientOptions): () => Promise<ElevenLabsClient> {
  let client: Promise<ElevenLabsClient> | null = null;
  return () => {
    client ??= createElevenLabsClient(opts).catch((err: unknown) => {
      client = null;
      throw err;
    });
    return client;
  };
}
