// After the chaos suite: every scenario's record (support/chaos.ts) as one table on standard output
// and as test/artifacts/chaos-report.json, with the suite's wall time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function printChaosReport() {
  const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../artifacts');
  const file = join(artifacts, 'chaos/records.ndjson');
  const records = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line))
    : [];
  const suiteMs =
    typeof globalThis.chaosSuiteStartedAt === 'number' ? Date.now() - globalThis.chaosSuiteStartedAt : null;
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(
    join(artifacts, 'chaos-report.json'),
    `${JSON.stringify({ finishedAt: new Date().toISOString(), suiteMs, records }, null, 2)}\n`,
  );
  const recovery = (ms) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const rows = records.map((r) => [r.scenario, r.checked, recovery(r.recoveryMs)]);
  const headers = ['scenario', 'checked (end state)', 'time to recover'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    '',
    `Chaos report (${records.length} records${suiteMs === null ? '' : `, suite ${(suiteMs / 1000).toFixed(0)} s`}; test/artifacts/chaos-report.json)`,
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
