import { z } from 'zod';

/**
 * Parses a use case's raw input where the use case must decide access before judging it (a hidden
 * project is a 404 whatever its job number). Fails as the API's parseWith does: a ZodError whose
 * issue paths start with the parameter's name, answered as a 400.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [path, ...issue.path] })));
  return parsed.data;
}
