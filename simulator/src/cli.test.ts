/**
 * The command line as the demo and a developer use it (the built dist/cli.js, as `npm test` builds it
 * first): `serve` answers FHIR and says where; `history` writes the same trust's wards in the import's
 * shape; bad arguments are refused with the usage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wardflow-simulator', () => {
  it('should serve the trust over FHIR, say where, and stop on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--wards', '4', '--beds', '6-8', '--seed', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /FHIR simulator: 4 wards at (\S+)/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const bundle = (await (await fetch(`${baseUrl}/Location?physical-type=wa&_count=50`)).json()) as {
        entry?: Array<{ resource: { id: string } }>;
      };
      const servedWards = (bundle.entry ?? []).map((e) => e.resource.id).sort();
      expect(servedWards).toHaveLength(4);

      const history = runCli([
        'history',
        '--wards',
        '4',
        '--seed',
        '5',
        '--days',
        '3',
        '--end',
        '2026-11-30',
        '--format',
        'ndjson',
      ]);
      expect(history.status).toBe(0);
      const rows = history.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { ward: string; date: string; measures: Record<string, number | null> });
      expect(rows).toHaveLength(4 * 3);
      expect([...new Set(rows.map((r) => r.ward))].sort()).toEqual(servedWards);
      expect([...new Set(rows.map((r) => r.date))].sort()).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
      expect(Object.keys(rows[0]?.measures ?? {})).toHaveLength(10);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });

  it('should serve a minimal server with bays, patient-only readings and a past when asked, and say so', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--wards',
        '2',
        '--beds',
        '12',
        '--mode',
        'minimal',
        '--bed-layout',
        'bays',
        '--reading-links',
        'patient',
        '--history-days',
        '5',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /FHIR simulator: 2 wards at (\S+) \(minimal server\)/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const post = await fetch(`${baseUrl}/Location/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'physical-type=wa',
      });
      expect(post.status).toBe(405);
      const rooms = (await (await fetch(`${baseUrl}/Location?physical-type=ro&_count=50`)).json()) as {
        total?: number;
      };
      expect(rooms.total).toBe(2 * 2);
      const finished = (await (await fetch(`${baseUrl}/Encounter?status=finished&_count=100`)).json()) as {
        entry?: Array<{ resource: { id: string } }>;
      };
      expect((finished.entry ?? []).some((e) => e.resource.id.startsWith('hist-encounter-'))).toBe(true);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('should write CSV with a header of ward, date, the measures and the outcome columns', () => {
    const csv = runCli(['history', '--wards', '2', '--days', '2', '--end', '2026-11-30', '--format', 'csv']);
    expect(csv.status).toBe(0);
    const [header, ...lines] = csv.stdout.trim().split('\n');
    expect(header?.split(',').slice(0, 2)).toEqual(['ward', 'date']);
    expect(header?.split(',').slice(-2)).toEqual(['harm_incidents', 'occupied_bed_days']);
    expect(lines).toHaveLength(4);
  });

  it.each([
    [['serve', '--beds', 'many'], '--beds takes a count or a range'],
    [['history', '--format', 'xlsx'], '--format is ndjson or csv'],
    [['history', '--end', 'tomorrow'], '--end takes a date YYYY-MM-DD'],
    [['serve', '--wards', '0'], '--wards must be a whole number of at least 1'],
    [['sing'], 'unknown command "sing"'],
    [['serve', '--mode', 'tiny'], '--mode is one of full, minimal'],
    [['serve', '--bed-layout', 'wings'], '--bed-layout is one of flat, bays, mixed'],
    [['serve', '--history-days', 'lots'], '--history-days must be a whole number of at least 0'],
  ])('should refuse %j with the reason and the usage', (args, reason) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain('Usage:');
  });
});
