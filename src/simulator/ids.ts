import { randomBytes } from 'node:crypto';

/** Twilio SIDs: a two-letter type prefix and 32 hex digits. */
export function twilioSid(prefix: 'CA' | 'RE' | 'MZ'): string {
  return prefix + randomBytes(16).toString('hex');
}

const CONVERSATION_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Shaped like ElevenLabs ids: `conv_` and 26 lowercase base-32 characters. */
export function conversationId(): string {
  return 'conv_' + [...randomBytes(26)].map((b) => CONVERSATION_ALPHABET[b % 32]).join('');
}
