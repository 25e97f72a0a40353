import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';

/**
 * maxRetries 0: the SDK otherwise retries 408/429/5xx POSTs, and a retried register-call whose first attempt
 * did reach ElevenLabs leaves two conversations for one call.
 */
export function createElevenLabsClient(opts: { apiKey: string; baseUrl?: string }): ElevenLabsClient {
  return new ElevenLabsClient({
    apiKey: opts.apiKey,
    maxRetries: 0,
    ...(opts.baseUrl !== undefined && { baseUrl: opts.baseUrl }),
  });
}
