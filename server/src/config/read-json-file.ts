/**
 * A trust's JSON configuration file (WARDS_CONFIG, FEEDS_CONFIG), read once at start-up. A file that
 * cannot be read or parsed becomes one problem naming the variable, the path and why, never a throw.
 */
import { readFileSync } from 'node:fs';

export function readJsonFile(variable: string, path: string): { json: unknown } | { problem: string } {
  try {
    return { json: JSON.parse(readFileSync(path, 'utf8')) as unknown };
  } catch (error) {
    const why =
      error instanceof SyntaxError
        ? `not valid JSON (${error.message})`
        : `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { problem: `${variable}: ${path}: ${why}` };
  }
}
