import { z } from 'zod';

/** Comma-separated list → trimmed, non-empty entries. */
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15551234567');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
    // Proxies whose X-Forwarded-For is believed (addresses, subnets, loopback/linklocal/uniquelocal); none by default.
    TRUST_PROXY: list.default([]),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(20),

    REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().min(1).default('dialer'),
    MONGODB_URI: z.string().min(1, 'is required (mongodb://…)'),
    KAFKA_BROKERS: list.optional(),
    KAFKA_CLIENT_ID: z.string().default('dialer'),
    KAFKA_TOPIC: z.string().default('dialer.call-events'),

    API_KEYS: list.pipe(z.array(z.string().min(16, 'each key needs at least 16 characters')).min(1)),
    ADMIN_API_KEYS: list.pipe(z.array(z.string().min(16, 'each key needs at least 16 characters')).min(1)),
    ADMIN_USER: z.string().min(1),
    ADMIN_PASSWORD: z.string().min(12, 'needs at least 12 characters'),
    /** More dashboard users, `name:role:password` each (role viewer or admin; the password may contain ':'). */
    DASHBOARD_USERS: list
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^[^:]+:(viewer|admin):.{12,}$/,
              'each entry is name:viewer|admin:password (12+ characters)',
            )
            .transform((entry) => {
              const [name, role, ...password] = entry.split(':');
              return { name: name!, role: role as 'viewer' | 'admin', password: password.join(':') };
            }),
        ),
      )
      .default([]),

    TELEPHONY: z.enum(['simulator', 'twilio']).default('simulator'),
    SIMULATOR_URL: z.url().optional(),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
    TWILIO_AUTH_TOKEN: z.string().min(16),
    TWILIO_PHONE_NUMBER: e164,
    ELEVENLABS_API_KEY: z.string().min(1),
    ELEVENLABS_AGENT_ID: z.string().min(1),
    ELEVENLABS_WEBHOOK_SECRET: z.string().min(16),
    ELEVENLABS_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
    // The account's other numbers a campaign may call from (TWILIO_PHONE_NUMBER always may).
    CALLER_IDS: list.pipe(z.array(e164)).default([]),

    WORKER_QUEUES: list
      .pipe(z.array(z.enum(['compliance', 'dial', 'post-call', 'relay'])))
      .default(['compliance', 'dial', 'post-call', 'relay']),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    GLOBAL_MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).default(20),
    GLOBAL_CALLS_PER_SECOND: z.coerce.number().positive().default(1),
    CALL_SLOT_LEASE_SECONDS: z.coerce.number().int().min(60).default(3600),
    RECONCILE_QUIET_SECONDS: z.coerce.number().int().min(1).max(86_400).default(90),
    RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    /** Largest lead upload body (256 MiB by default). */
    MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(268_435_456),
    TRANSCRIPT_WAIT_SECONDS: z.coerce
      .number()
      .positive()
      .default(35 * 60),
  })
  .superRefine((c, ctx) => {
    if (c.TELEPHONY === 'simulator' && !c.SIMULATOR_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIMULATOR_URL'],
        message: 'is required when TELEPHONY=simulator',
      });
    }
  });

export type Config = z.infer<typeof schema>;

/** Every variable the service reads; `.env.example` must list each one (a test checks). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export class ConfigError extends Error {}

/** Parses the environment once; the first problem is reported as one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const problem = issue.code === 'invalid_type' && env[name] === undefined ? 'is required' : issue.message;
  throw new ConfigError(`Invalid configuration: ${name} ${problem}`);
}
