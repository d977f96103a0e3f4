#!/usr/bin/env node
/**
 * wardflow-simulator: the synthetic trust as a process of its own, as a trust's FHIR server would be.
 *
 *   wardflow-simulator [serve] [--port 0] [--seed 1] [--sites 2] [--wards 12] [--beds 20-30] [--evolve 30s]
 *                      [--mode full|minimal] [--bed-layout flat|bays|mixed] [--reading-links encounter|patient|mixed]
 *                      [--bed-state-codes v2-0116|mixed]
 *                      [--history-days 0]
 *   wardflow-simulator history [--seed 1] [--sites 2] [--wards 12] [--days 180] [--end YYYY-MM-DD] [--format ndjson|csv] [--out FILE]
 *
 * `serve` prints one line, "FHIR simulator: <n> wards at <base URL>", once it answers, and runs until
 * SIGINT or SIGTERM; with --history-days N it also serves each ward's last N days as FHIR (finished
 * stays, incidents, staffing reports: history/history-fhir.ts), for a reader to backfill from as it
 * would from a trust (the demo serves 180). `history` writes the trust's past (the same seed and ward
 * count give the same wards) in the shape of Wardflow's history import, ending yesterday in London
 * unless --end says; it sizes wards typically rather than by their beds, so its figures are not quite
 * those `serve --history-days` publishes.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addCalendarDays, londonDate } from '@wardflow/shared';
import { formatHistory, historyWardsOf, type HistoryFormat } from './history/history-file.js';
import { generateWardHistory, SIMULATED_HISTORY_DAYS } from './history/ward-history.generator.js';
import { startSimulator } from './simulator.js';
import { generateTrust } from './trust/trust.generator.js';

const USAGE = `Usage:
  wardflow-simulator [serve] [--port 0] [--seed 1] [--sites 2] [--wards 12] [--beds 20-30] [--evolve 30s]
                     [--mode full|minimal] [--bed-layout flat|bays|mixed] [--reading-links encounter|patient|mixed]
                     [--bed-state-codes v2-0116|mixed] [--history-days 0]
  wardflow-simulator history [--seed 1] [--sites 2] [--wards 12] [--days ${SIMULATED_HISTORY_DAYS}] [--end YYYY-MM-DD] [--format ndjson|csv] [--out FILE]
`;

function fail(message: string): never {
  process.stderr.write(`wardflow-simulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    fail(`--${name} must be a whole number of at least ${min} (got "${text}")`);
  return value;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) fail(`--${name} is one of ${allowed.join(', ')} (got "${text}")`);
  return text as T;
}

/** "30s", "2m", "500ms", "1h"; "off" or "0" for never. */
function interval(text: string | undefined): number | null {
  if (text === undefined || text === 'off' || text === '0') return null;
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match === null) fail(`--evolve takes a duration such as 30s, 2m or off (got "${text}")`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        sites: { type: 'string' },
        wards: { type: 'string' },
        beds: { type: 'string' },
        evolve: { type: 'string' },
        days: { type: 'string' },
        end: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        mode: { type: 'string' },
        'bed-layout': { type: 'string' },
        'reading-links': { type: 'string' },
        'bed-state-codes': { type: 'string' },
        'history-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help === true) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const command = positionals[0] ?? 'serve';
const trust = {
  seed: wholeNumber('seed', values.seed, 1),
  sites: wholeNumber('sites', values.sites, 2, 1),
  wards: wholeNumber('wards', values.wards, 12, 1),
};

if (command === 'serve') {
  const beds = /^(\d+)(?:-(\d+))?$/.exec(values.beds ?? '20-30');
  if (beds === null) fail(`--beds takes a count or a range such as 20-30 (got "${values.beds}")`);
  const bedsPerWard: [number, number] = [Number(beds[1]), Number(beds[2] ?? beds[1])];
  const simulator = await startSimulator({
    ...trust,
    port: wholeNumber('port', values.port, 0),
    bedsPerWard,
    evolveEveryMs: interval(values.evolve),
    mode: oneOf('mode', values.mode, ['full', 'minimal'] as const, 'full'),
    historyDays: wholeNumber('history-days', values['history-days'], 0),
    shapes: {
      bedLayout: oneOf('bed-layout', values['bed-layout'], ['flat', 'bays', 'mixed'] as const, 'flat'),
      readingLinks: oneOf(
        'reading-links',
        values['reading-links'],
        ['encounter', 'patient', 'mixed'] as const,
        'encounter',
      ),
      bedStateCodes: oneOf('bed-state-codes', values['bed-state-codes'], ['v2-0116', 'mixed'] as const, 'v2-0116'),
    },
  });
  process.stdout.write(
    `FHIR simulator: ${simulator.wards().length} wards at ${simulator.baseUrl}${simulator.mode === 'minimal' ? ' (minimal server)' : ''}\n`,
  );
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else if (command === 'history') {
  const format = (values.format ?? 'ndjson') as HistoryFormat;
  if (format !== 'ndjson' && format !== 'csv') fail(`--format is ndjson or csv (got "${values.format}")`);
  const endDate = values.end ?? addCalendarDays(londonDate(Date.now()), -1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) fail(`--end takes a date YYYY-MM-DD (got "${endDate}")`);
  // The ward plan depends only on the seed and the counts, so these are the wards `serve` publishes.
  const { state } = generateTrust({ ...trust, bedsPerWard: [20, 30], nowMs: Date.now() });
  const rows = generateWardHistory({
    seed: trust.seed,
    wards: historyWardsOf(state.wards),
    days: wholeNumber('days', values.days, SIMULATED_HISTORY_DAYS, 1),
    endDate,
  });
  const text = formatHistory(rows, format);
  if (values.out === undefined) process.stdout.write(text);
  else writeFileSync(values.out, text);
} else {
  fail(`unknown command "${command}"`);
}
