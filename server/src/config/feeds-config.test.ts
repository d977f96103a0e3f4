import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { DEFAULT_FEEDS_CONFIG } from '@wardflow/shared';
import { createTempDir } from '../testing/test-databases.js';
import { testConfig } from '../testing/test-config.js';
import { ConfigError } from './app-config.js';

describe('FEEDS_CONFIG and the drop folder settings', () => {
  const dir = createTempDir('feeds-config-');
  afterAll(() => dir.remove());

  const file = (name: string, content: unknown): string => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      testConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('should default to the HealthRoster and Datix shapes, a drop folder in the data folder, a scan a minute and 30 s to settle', () => {
    expect(testConfig({ WARDFLOW_DATA_DIR: '/var/lib/wardflow' }).feeds).toEqual({
      mapping: DEFAULT_FEEDS_CONFIG,
      dropDir: '/var/lib/wardflow/feeds',
      scanIntervalMs: 60_000,
      settleMs: 30_000,
    });
    expect(testConfig({ FEEDS_DIR: '/srv/feeds', FEEDS_SCAN_INTERVAL: '5m', FEEDS_SETTLE: '0ms' }).feeds).toMatchObject(
      {
        dropDir: '/srv/feeds',
        scanIntervalMs: 300_000,
        settleMs: 0,
      },
    );
  });

  it("should lay the trust's mapping over the defaults, keying names as the parsers compare them", () => {
    const path = file('good.json', {
      wards: { 'Ward 7A - Cedar': 'ward-7a' },
      roster: { columns: { ward: 'Ward Name', agencyHours: null }, dateFormat: 'YYYY-MM-DD', delimiter: ';' },
      incidents: {
        columns: { time: 'Incident Time', harm: null },
        dateFormat: 'DD-MMM-YYYY',
        categories: { 'Violence,  Aggression & Abuse': ['violence-aggression'], Falls: [], 'Medication error': [] },
        harm: { Negligible: 'none' },
      },
    });
    const { mapping } = testConfig({ FEEDS_CONFIG: path }).feeds;
    expect(mapping.wards).toEqual({ 'ward 7a - cedar': 'ward-7a' });
    expect(mapping.roster).toEqual({
      columns: { ...DEFAULT_FEEDS_CONFIG.roster.columns, ward: 'Ward Name', agencyHours: null },
      dateFormat: 'YYYY-MM-DD',
      delimiter: ';',
    });
    expect(mapping.incidents.columns).toEqual({
      ...DEFAULT_FEEDS_CONFIG.incidents.columns,
      time: 'Incident Time',
      harm: null,
    });
    expect(mapping.incidents.dateFormat).toBe('DD-MMM-YYYY');
    // The trust's entries join the defaults, and replace one that reads the same ("Falls").
    expect(mapping.incidents.categories).toMatchObject({
      'violence, aggression & abuse': ['violence-aggression'],
      falls: [],
      fall: ['fall'],
      'medication error': [],
    });
    expect(mapping.incidents.harm).toMatchObject({ negligible: 'none', 'low harm': 'low' });
  });

  it.each([
    ['not JSON', '{ wards', /FEEDS_CONFIG: .*bad\.json: not valid JSON/],
    ['an unknown section', { rota: {} }, /FEEDS_CONFIG: .*: \(top level\): Unrecognized key: "rota"/],
    ['an unknown column field', { roster: { columns: { unit: 'Unit' } } }, /roster\.columns: Unrecognized key: "unit"/],
    ['a required column set to null', { roster: { columns: { actualHours: null } } }, /roster\.columns\.actualHours: /],
    [
      'an empty column name',
      { incidents: { columns: { ref: '  ' } } },
      /incidents\.columns\.ref: expected the column header/,
    ],
    ['an unknown date format', { roster: { dateFormat: 'MM/DD/YYYY' } }, /roster\.dateFormat: /],
    ['an unknown category', { incidents: { categories: { Punch: ['assault'] } } }, /incidents\.categories\.Punch\.0: /],
    ['an unknown harm grade', { incidents: { harm: { Bad: 'bad' } } }, /incidents\.harm\.Bad: /],
    ['a ward id that cannot be one', { wards: { 'Ward 7': 'ward 7' } }, /wards\.Ward 7: expected a ward id/],
    [
      'two names that read the same but map differently',
      { wards: { 'Ward 7': 'ward-7', ' WARD  7 ': 'ward-8' } },
      /wards: "Ward 7" and "WARD {2}7" read the same \(case and spacing are ignored\) but differ/,
    ],
    [
      'two fields reading one column',
      { roster: { columns: { bankHours: 'Temp Hours', agencyHours: 'temp hours' } } },
      /roster\.columns: bankHours and agencyHours both read "temp hours"/,
    ],
  ])('should refuse %s, naming the file and field', (_what, content, problem) => {
    const problems = problemsOf({ FEEDS_CONFIG: file('bad.json', content) });
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('should refuse a missing file and scan intervals out of range', () => {
    expect(problemsOf({ FEEDS_CONFIG: join(dir.path, 'nowhere.json') })).toEqual([
      expect.stringMatching(/FEEDS_CONFIG: .*nowhere\.json: cannot read it \(ENOENT\)/),
    ]);
    expect(problemsOf({ FEEDS_SCAN_INTERVAL: '1s' })).toEqual([
      expect.stringMatching(/^FEEDS_SCAN_INTERVAL: expected a duration/),
    ]);
    expect(problemsOf({ FEEDS_SETTLE: '2h' })).toEqual([expect.stringMatching(/^FEEDS_SETTLE: expected a duration/)]);
  });
});
