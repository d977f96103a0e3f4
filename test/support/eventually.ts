/**
 * Waiting for a real server to get somewhere (a first poll, a score): read, check, wait, again, and
 * fail naming what never happened rather than timing out silently.
 */
import type { Heatmap } from '@wardflow/shared';
import type { WardflowProcess } from './wardflow-process.js';

export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  { tries = 120, everyMs = 500 } = {},
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what} did not happen in ${Math.round((tries * everyMs) / 1000)} s`);
}

/** The heat map once every ward has been scored once. */
export function everyWardScored(server: WardflowProcess): Promise<Heatmap> {
  return eventually(
    () => server.json<Heatmap>('/api/heatmap'),
    (heatmap) => heatmap.wards.length > 0 && heatmap.wards.every((w) => w.composite.value !== null),
    'Every ward scored',
  );
}
