import winston from 'winston';

/** Keeps the last two digits: enough to tell calls apart in a log, not enough to identify a person. */
export function maskPhone(text: string): string {
  return text.replace(/(\+?)(\d{6,13})(\d{2})(?!\d)/g, (_m, plus: string, hidden: string, last: string) => {
    return `${plus}${'*'.repeat(hidden.length)}${last}`;
  });
}

/** Every string field is scanned, so a number logged under any name is masked. */
const maskPhones = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (typeof value === 'string') (info as Record<string, unknown>)[key] = maskPhone(value);
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
