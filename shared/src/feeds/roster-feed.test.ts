import { DEFAULT_ROSTER_CONFIG, type RosterFeedConfig } from './feed-config.js';
import { wardMatcher } from './feed-wards.js';
import { parseRoster, type RosterDay } from './roster-feed.js';

const TODAY = '2026-12-06';
const match = wardMatcher(
  [
    { id: 'ward-7a', name: 'Cedar Ward' },
    { id: 'ward-8', name: 'Elm Ward' },
  ],
  { '7A Cedar (MH)': 'ward-7a' },
);
const HEADER = 'Unit,Date,Planned Hours,Actual Hours,Bank Hours,Agency Hours,Sickness Hours';
const parse = (text: string, feed: RosterFeedConfig = DEFAULT_ROSTER_CONFIG) => parseRoster(text, feed, match, TODAY);
const day = (overrides: Partial<RosterDay>): RosterDay => ({
  wardId: 'ward-7a',
  date: '2026-12-01',
  plannedHours: 240,
  actualHours: 228,
  bankHours: 24,
  agencyHours: 12,
  sicknessHours: 7.5,
  line: 2,
  ...overrides,
});

describe('parseRoster', () => {
  it('should read a messy real-world export: BOM, CRLF, header case and spacing, extra columns, quoted commas, hh:mm durations, blank trailing lines', () => {
    const text = [
      '\uFEFF"Roster Period","UNIT", date ,Planned  Hours,Actual Hours,Bank Hours,Agency Hours,Sickness Hours,"Comments, if any"',
      '"01/11/2026 - 28/11/2026","7A Cedar (MH)",01/12/2026,240,228,24,12,7.5,"Short, covered by bank"',
      'P1,Elm Ward,1/12/2026,"180:30",170:15,0,0,0,',
      'P1,cedar ward,02/12/2026 00:00:00,240,240,,,,"two',
      'lines"',
      ',,,,,,,,',
      '',
      '',
    ].join('\r\n');
    const { items, rows, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(rows).toBe(3);
    expect(items).toEqual([
      day({}),
      day({
        wardId: 'ward-8',
        plannedHours: 180.5,
        actualHours: 170.25,
        bankHours: 0,
        agencyHours: 0,
        sicknessHours: 0,
        line: 3,
      }),
      day({ date: '2026-12-02', actualHours: 240, bankHours: null, agencyHours: null, sicknessHours: null, line: 4 }),
    ]);
  });

  it('should read ISO dates, a semicolon export, and an export without the optional figures when the configuration says so', () => {
    const feed: RosterFeedConfig = {
      columns: { ...DEFAULT_ROSTER_CONFIG.columns, ward: 'Ward', agencyHours: null, sicknessHours: null },
      dateFormat: 'YYYY-MM-DD',
      delimiter: ';',
    };
    const { items, errors } = parse(
      'Ward;Date;Planned Hours;Actual Hours;Bank Hours\nward-8;2026-12-05;100;90;10\n',
      feed,
    );
    expect(errors).toEqual([]);
    expect(items).toEqual([
      day({
        wardId: 'ward-8',
        date: '2026-12-05',
        plannedHours: 100,
        actualHours: 90,
        bankHours: 10,
        agencyHours: null,
        sicknessHours: null,
      }),
    ]);
  });

  it('should keep a ward-day given twice with the same hours once', () => {
    const row = 'Cedar Ward,01/12/2026,240,228,24,12,7.5';
    const { items, errors } = parse([HEADER, row, row.replace('Cedar Ward', '7A CEDAR (MH)')].join('\n'));
    expect(errors).toEqual([]);
    expect(items).toEqual([day({})]);
  });

  it.each([
    ['an unknown ward', 'Birch Ward,01/12/2026,240,228,24,12,7.5', 'Unit', 'unknown ward "Birch Ward"'],
    ['an empty ward', ',01/12/2026,240,228,24,12,7.5', 'Unit', 'required'],
    ['an unreadable date', 'Cedar Ward,2026-12-01,240,228,24,12,7.5', 'Date', 'expected a date like 06/12/2026'],
    ['an impossible date', 'Cedar Ward,31/11/2026,240,228,24,12,7.5', 'Date', 'no such date: "31/11/2026"'],
    ['a day not over yet', 'Cedar Ward,07/12/2026,240,228,24,12,7.5', 'Date', '2026-12-07 has not happened yet'],
    ['a time of day', 'Cedar Ward,01/12/2026 07:00,240,228,24,12,7.5', 'Date', 'a roster row is a whole day'],
    ['negative hours', 'Cedar Ward,01/12/2026,240,228,24,12,-7.5', 'Sickness Hours', 'negative hours: -7.5'],
    ['hours that are not a number', 'Cedar Ward,01/12/2026,240,228,n/a,12,7.5', 'Bank Hours', 'expected hours such'],
    ['no planned hours', 'Cedar Ward,01/12/2026,,228,24,12,7.5', 'Planned Hours', 'required'],
    ['no actual hours', 'Cedar Ward,01/12/2026,240,,24,12,7.5', 'Actual Hours', 'required'],
    [
      'actual hours over 3 times planned',
      'Cedar Ward,01/12/2026,24,228,24,12,7.5',
      'Actual Hours',
      '228 actual hours is more than 3 times the 24 planned: check the export',
    ],
    [
      'bank and agency hours over the hours worked',
      'Cedar Ward,01/12/2026,240,30,24,12,7.5',
      'Bank Hours',
      'bank and agency hours (36) are more than the 30 hours worked, which include them',
    ],
  ])('should refuse %s, naming line and column', (_what, row, column, message) => {
    const { items, errors } = parse([HEADER, 'Elm Ward,01/12/2026,100,100,0,0,0', row].join('\n'));
    expect(items).toEqual([]);
    expect(errors).toEqual([{ line: 3, column, message: expect.stringContaining(message) }]);
  });

  it('should accept actual hours exactly 3 times planned, and any hours worked on a day nothing was planned', () => {
    const { errors } = parse(
      [HEADER, 'Cedar Ward,01/12/2026,80,240,0,0,0', 'Elm Ward,01/12/2026,0,12,0,0,0'].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('should refuse a ward-day given twice with different hours, on the later line, naming the first', () => {
    const { items, errors } = parse(
      [
        HEADER,
        'Cedar Ward,01/12/2026,240,228,24,12,7.5',
        'Elm Ward,01/12/2026,1,1,0,0,0',
        '7A Cedar (MH),01/12/2026,240,230,24,12,7.5',
      ].join('\n'),
    );
    expect(items).toEqual([]);
    expect(errors).toEqual([
      { line: 4, column: null, message: 'ward ward-7a on 2026-12-01 is already on line 2 with different hours' },
    ]);
  });

  it('should refuse a header without a required column, listing what it has, and check no row', () => {
    const { items, rows, errors } = parse(
      'Unit,Date,Planned Hours,Bank Hours,Agency Hours,Sickness Hours\nX,bad,1,1,1,1\n',
    );
    expect(items).toEqual([]);
    expect(rows).toBe(1);
    expect(errors).toEqual([
      {
        line: 1,
        column: 'Actual Hours',
        message:
          'column missing from the header (it has: Unit, Date, Planned Hours, Bank Hours, Agency Hours, Sickness Hours)',
      },
    ]);
  });

  it('should report every problem of every row at once, in line order, and import nothing', () => {
    const text = [
      HEADER,
      'Cedar Ward,01/12/2026,240,228,24,12,7.5',
      'Birch Ward,99/12/2026,-1,228,24,12,7.5',
      'Elm Ward,01/12/2026,100',
      'Elm Ward,02/12/2026,100,100,0,0,x',
    ].join('\n');
    const { items, rows, errors } = parse(text);
    expect(items).toEqual([]);
    expect(rows).toBe(4);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'Unit'],
      [3, 'Date'],
      [3, 'Planned Hours'],
      [4, null],
      [5, 'Sickness Hours'],
    ]);
  });

  it('should accept a file with a header and no rows', () => {
    expect(parse(`${HEADER}\r\n\r\n`)).toEqual({ items: [], rows: 0, errors: [] });
  });
});
