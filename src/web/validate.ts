import type { z } from 'zod';
import { ValidationError } from '../errors';

/** The dotted path an issue is about; an unknown key is named itself, not the object that holds it. */
function fieldOf(issue: z.core.$ZodIssue): string {
  const path =
    issue.code === 'unrecognized_keys' && issue.keys.length ? [...issue.path, issue.keys[0]!] : issue.path;
  return path.map(String).join('.');
}

/** Parses with zod; the first problem becomes a 400 naming the field (dotted path) and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldOf(issue) || where;
  throw new ValidationError(
    `${field}: ${issue.message}`,
    field,
    result.error.issues.map((i) => ({ field: fieldOf(i) || where, reason: i.message })),
  );
}
