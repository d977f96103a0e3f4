/**
 * Validation at every boundary (docs/style.md rule 8), in one shape: a zod schema, and on failure one
 * problem per issue naming where (a request field, an environment variable, a WARDS_CONFIG path) and
 * what was expected. HTTP and socket input goes through ZodPipe, configuration through the readers in
 * config/; both call this.
 */
import type { z } from 'zod';

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: string[] };

export function validate<T>(schema: z.ZodType<T>, value: unknown, where: (path: string) => string): Validated<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${where(issue.path.map(String).join('.'))}: ${issue.message}`),
  };
}

/** "section.path", or the section alone for an issue at its top. */
export const within =
  (section: string) =>
  (path: string): string =>
    path === '' ? section : `${section}.${path}`;
