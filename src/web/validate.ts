import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses with zod; the first problem becomes a 400 naming the field (dotted path) and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new ValidationError(`${field}: ${issue.message}`, field, result.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
}
