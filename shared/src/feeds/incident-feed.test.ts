import { DEFAULT_INCIDENT_CONFIG, type IncidentFeedConfig } from './feed-config.js';
import { wardMatcher } from './feed-wards.js';
import { parseIncidents, type IncidentRow } from './incident-feed.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const match = wardMatcher(
  [
    { id: 'ward-7a', name: 'Cedar Ward' },
    { id: 'ward-8', name: 'Elm Ward' },
  ],
  { 'Inpatients - Cedar': 'ward-7a' },
);
const FEED: IncidentFeedConfig = {
  ...DEFAULT_INCIDENT_CONFIG,
  categories: {
    ...DEFAULT_INCIDENT_CONFIG.categories,
    'Violence, aggression & abuse': ['violence-aggression'],
    'Restraint and seclusion': ['seclusion', 'restraint'],
    'Slips, trips and falls': ['fall'],
    'Medication error': [],
  },
};
const HEADER = 'Incident Ref,Incident Date,Location (exact),Type/Category,Severity/Harm';
const parse = (text: string, feed: IncidentFeedConfig = FEED) => parseIncidents(text, feed, match, NOW);
const incident = (overrides: Partial<IncidentRow>): IncidentRow => ({
  ref: 'W1001',
  wardId: 'ward-7a',
  occurredAt: '2026-12-01T12:00:00.000Z',
  categories: ['violence-aggression'],
  harm: 'low',
  line: 2,
  ...overrides,
});

describe('parseIncidents', () => {
  it('should read a messy real-world export: BOM, CRLF, header case, extra columns, quoted commas, mapped categories and harm', () => {
    const text = [
      '\uFEFFIncident Ref,Reported By, incident  date ,LOCATION (EXACT),Type/Category,Severity/Harm,Description',
      'W1001,Staff,01/12/2026,Inpatients - Cedar,"Violence, aggression & abuse",Low harm,"Punched, no injury"',
      'W1002,Staff,02/12/2026 14:30,Elm Ward,Restraint and seclusion,,"Held ""safely""',
      'by two staff"',
      'W1003,Staff,03/12/2026,cedar ward,MEDICATION ERROR,No harm,',
      'W1004,Staff,06/12/2026,Elm Ward,"Slips,  trips and FALLS",Moderate,',
      'W1004,Staff,06/12/2026,Elm Ward,"Slips, trips and falls",moderate harm,',
      '',
    ].join('\r\n');
    const { items, rows, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(rows).toBe(5);
    // The same incident twice (the category spaced and cased differently, the harm written out): kept once.
    expect(items).toEqual([
      incident({}),
      incident({
        ref: 'W1002',
        wardId: 'ward-8',
        occurredAt: '2026-12-02T14:30:00.000Z',
        categories: ['restraint', 'seclusion'],
        harm: null,
        line: 3,
      }),
      incident({ ref: 'W1003', occurredAt: '2026-12-03T12:00:00.000Z', categories: [], harm: 'none', line: 5 }),
      // Dated today with no time, before midday: now, not midday, so never in the future.
      incident({
        ref: 'W1004',
        wardId: 'ward-8',
        occurredAt: new Date(NOW).toISOString(),
        categories: ['fall'],
        harm: 'moderate',
        line: 6,
      }),
    ]);
  });

  it.each<[string, IncidentFeedConfig, string, string]>([
    ['a London time in summer', FEED, 'W1,01/07/2026 09:30,Elm Ward,Falls,', '2026-07-01T08:30:00.000Z'],
    [
      'a separate time column',
      { ...FEED, columns: { ...FEED.columns, time: 'Time' } },
      'W1,01/07/2026 00:00:00,Elm Ward,Falls,,09:30',
      '2026-07-01T08:30:00.000Z',
    ],
    [
      'ISO with an offset',
      { ...FEED, dateFormat: 'YYYY-MM-DD' },
      'W1,2026-07-01T09:30:00+01:00,Elm Ward,Falls,',
      '2026-07-01T08:30:00.000Z',
    ],
    [
      'DD-MMM-YYYY',
      { ...FEED, dateFormat: 'DD-MMM-YYYY' },
      'W1,01-Jul-2026,Elm Ward,Falls,',
      '2026-07-01T11:00:00.000Z',
    ],
  ])('should date %s', (_what, feed, row, occurredAt) => {
    const header = feed.columns.time === null ? HEADER : `${HEADER},Time`;
    const { items, errors } = parse(`${header}\n${row}\n`, feed);
    expect(errors).toEqual([]);
    expect(items[0]?.occurredAt).toBe(occurredAt);
  });

  it('should keep an incident given twice alike once', () => {
    const row = 'W1001,01/12/2026,Cedar Ward,"Violence, aggression & abuse",Low';
    const { items, errors } = parse([HEADER, row, row.replace('Cedar Ward', 'Inpatients - Cedar')].join('\n'));
    expect(errors).toEqual([]);
    expect(items).toEqual([incident({})]);
  });

  it.each<[string, string, string | null, string, IncidentFeedConfig?]>([
    ['no reference', ',01/12/2026,Cedar Ward,Falls,', 'Incident Ref', 'required'],
    ['a reference too long', `${'W'.repeat(129)},01/12/2026,Cedar Ward,Falls,`, 'Incident Ref', 'longer than 128'],
    ['an unknown ward', 'W1,01/12/2026,Birch Ward,Falls,', 'Location (exact)', 'unknown ward "Birch Ward"'],
    ['an unreadable date', 'W1,1st Dec,Cedar Ward,Falls,', 'Incident Date', 'expected a date like 06/12/2026'],
    ['a day not over yet', 'W1,07/12/2026,Cedar Ward,Falls,', 'Incident Date', '2026-12-07 has not happened yet'],
    ['a time later today', 'W1,06/12/2026 11:00,Cedar Ward,Falls,', 'Incident Date', 'in the future'],
    [
      'an unknown category',
      'W1,01/12/2026,Cedar Ward,Verbal abuse,',
      'Type/Category',
      'category "Verbal abuse" is not in FEEDS_CONFIG incidents.categories: map it to the categories Wardflow counts (violence-aggression, restraint, seclusion, rapid-tranquillisation, self-harm, fall, hypoglycaemia), or to [] if Wardflow does not count it',
    ],
    ['an empty category', 'W1,01/12/2026,Cedar Ward, ,', 'Type/Category', 'required'],
    [
      'an unknown harm grade',
      'W1,01/12/2026,Cedar Ward,Falls,Bad',
      'Severity/Harm',
      'harm "Bad" is not in FEEDS_CONFIG',
    ],
    [
      'an unreadable time',
      'W1,01/12/2026,Cedar Ward,Falls,,noon',
      'Time',
      'expected a time of day like 14:30, got "noon"',
      { ...FEED, columns: { ...FEED.columns, time: 'Time' } },
    ],
    [
      'two different times',
      'W1,01/12/2026 08:00,Cedar Ward,Falls,,09:30',
      'Time',
      'the date cell says "01/12/2026 08:00", this column another time',
      { ...FEED, columns: { ...FEED.columns, time: 'Time' } },
    ],
  ])('should refuse %s, naming line and column', (_what, row, column, message, feed = FEED) => {
    const header = feed.columns.time === null ? HEADER : `${HEADER},Time`;
    const good = feed.columns.time === null ? 'W0,01/12/2026,Elm Ward,Falls,' : 'W0,01/12/2026,Elm Ward,Falls,,';
    const { items, errors } = parse([header, good, row].join('\n'), feed);
    expect(items).toEqual([]);
    expect(errors).toEqual([{ line: 3, column, message: expect.stringContaining(message) }]);
  });

  it('should refuse an incident given twice with different details, on the later line', () => {
    const { items, errors } = parse(
      [HEADER, 'W1,01/12/2026,Cedar Ward,Falls,Low', 'W1,01/12/2026,Cedar Ward,Falls,Severe'].join('\n'),
    );
    expect(items).toEqual([]);
    expect(errors).toEqual([
      { line: 3, column: 'Incident Ref', message: 'incident W1 is already on line 2 with different details' },
    ]);
  });

  it('should refuse a header without a configured column, even an optional one', () => {
    const { errors } = parse(
      'Incident Ref,Incident Date,Location (exact),Type/Category\nW1,01/12/2026,Elm Ward,Falls\n',
    );
    expect(errors).toEqual([
      { line: 1, column: 'Severity/Harm', message: expect.stringContaining('column missing from the header') },
    ]);
  });

  it('should read an export without a harm column when the configuration says it has none', () => {
    const feed = { ...FEED, columns: { ...FEED.columns, harm: null } };
    const { items, errors } = parse(
      'Incident Ref,Incident Date,Location (exact),Type/Category\nW1,01/12/2026,Elm Ward,Falls\n',
      feed,
    );
    expect(errors).toEqual([]);
    expect(items).toEqual([incident({ ref: 'W1', wardId: 'ward-8', categories: ['fall'], harm: null })]);
  });

  it('should accept an export with no incidents in it', () => {
    expect(parse(`${HEADER}\n`)).toEqual({ items: [], rows: 0, errors: [] });
  });
});
