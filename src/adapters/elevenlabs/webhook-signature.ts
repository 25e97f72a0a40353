import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix seconds, as ElevenLabs writes them; anything else (`t=abc`, `t=1e9`, empty) is not a timestamp. */
const TIMESTAMP = /^\d{1,12}$/;
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * `ElevenLabs-Signature: t=<unix>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The SDK's own check lets a
 * future or non-numeric timestamp through and compares digests with `!==`, so we check here: the timestamp must
 * lie within `toleranceSec` of `nowMs` on either side, and the digest is compared in constant time.
 */
export function isWebhookSignatureValid(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSec: number,
): boolean {
  const parts = (header ?? '').split(',').map((part) => part.trim());
  const timestamps = parts.filter((p) => p.startsWith('t=')).map((p) => p.slice(2));
  if (timestamps.length !== 1 || !TIMESTAMP.test(timestamps[0]!)) return false;
  const t = timestamps[0]!;
  if (Math.abs(nowMs - Number(t) * 1000) > toleranceSec * 1000) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return parts
    .filter((p) => p.startsWith('v0=') && DIGEST.test(p.slice(3)))
    .some((p) => timingSafeEqual(Buffer.from(p.slice(3), 'hex'), expected));
}
