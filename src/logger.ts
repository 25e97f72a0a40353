import winston from 'winston';

/**
 * Phone-shaped text: E.164 (+13125550123, +442071838750) or a North American number written any usual way
 * (3125550123, 312-555-0123, (312) 555-0123, 1 312.555.0123). Letters, digits or `_` next to it mean it is part
 * of something else (lead_243f1d1ee16d446f…, a 13-digit timestamp) and it is left alone.
 */
const PHONE =
  /(?<![\w+])(?:\+\d{7,15}|(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-]?)[2-9]\d{2}[\s.-]?\d{4})(?![\w])/g;

/** Keeps the last two digits: enough to tell calls apart in a log, not enough to identify a person. */
export function maskPhone(text: string): string {
  return text.replace(PHONE, (phone) => {
    let keep = 2;
    let masked = '';
    for (let i = phone.length - 1; i >= 0; i--) {
      const ch = phone[i]!;
      if (/\d/.test(ch)) masked = (keep-- > 0 ? ch : '*') + masked;
      else masked = ch + masked;
    }
    return masked;
  });
}

/** Deeper than any meta we log; a deeper value is replaced rather than walked. */
const MAX_DEPTH = 12;

/** A masked copy of a log value, at any depth: the caller's own objects are never changed. */
export function maskValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1, seen));
  if (value instanceof Error) return { name: value.name, message: maskPhone(value.message) };
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = maskValue(v, depth + 1, seen);
  return copy;
}

/** Every field is scanned, nested ones too, so a number logged under any name is masked. */
const maskPhones = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    (info as Record<string, unknown>)[key] = maskValue(value);
  }
  return info;
});

export const rootLogger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.combine(maskPhones(), winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console()],
});

export type Logger = winston.Logger;

/** One child per module, so every line says where it came from. */
export function moduleLogger(module: string): Logger {
  return rootLogger.child({ module });
}
