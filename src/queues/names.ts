/** Stored in Redis as part of every key: never rename a queue that has run in production. */
export const QUEUE_NAMES = {
  compliance: 'compliance',
  dial: 'dial',
  postCall: 'post-call',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
