import { parseHistory, scoreImportedDays } from './history-import.js';
import type { MeasureDefinition } from '../measures/measure.types.js';

const TODAY = '2026-12-06';
const measureIdsOf = (wardId: string) =>
  wardId === '7A' ? ['occupancy', 'falls'] : wardId === 'MH1' ? ['occupancy', 'self-harm'] : undefined;
const definition = (id: string, amber: number, red: number): MeasureDefinition =>
  ({
    id,
    slot: 1,
    label: id,
    unit: '',
    direction: 'higher-is-worse',
    amber,
    red,
    weight: 1,
  }) as unknown as MeasureDefinition;
const definitions = [definition('occupancy', 90, 95), definition('falls', 7, 10)];

describe('parseHistory', () => {
  it('should read CSV with quotes, a BOM, CRLF, empty cells as not recorded, and optional outcome columns', () => {
    const csv =
      '\uFEFFward,date,occupancy,falls,self-harm,harm_incidents,occupied_bed_days\r\n7A,2026-12-01,91.5,,,1,27\r\n"MH1",2026-12-01,"88",,2,,\r\n';
    const { days, errors } = parseHistory(csv, 'csv', measureIdsOf, TODAY);
    expect(errors).toEqual([]);
    expect(days).toEqual([
      {
        wardId: '7A',
        date: '2026-12-01',
        values: { occupancy: 91.5, falls: null },
        harmIncidents: 1,
        occupiedBedDays: 27,
        line: 2,
      },
      {
        wardId: 'MH1',
        date: '2026-12-01',
        values: { occupancy: 88, 'self-harm': 2 },
        harmIncidents: null,
        occupiedBedDays: null,
        line: 3,
      },
    ]);
  });

  it.each([
    [
      'a missing ward column',
      'date,occupancy\n2026-12-01,90',
      [{ line: 1, column: 'ward', message: 'required column missing from the header' }],
    ],
    [
      'a column named twice',
      'ward,date,falls,falls\n7A,2026-12-01,1,1',
      [{ line: 1, column: 'falls', message: 'column named twice' }],
    ],
    [
      'too few fields',
      'ward,date,falls\n7A,2026-12-01',
      [{ line: 2, column: null, message: '2 fields where the header has 3' }],
    ],
    [
      'an unknown ward',
      'ward,date,falls\n9Z,2026-12-01,1',
      [{ line: 2, column: 'ward', message: 'unknown ward "9Z" (use the ward ids GET /api/wards lists)' }],
    ],
    [
      'an impossible date',
      'ward,date,falls\n7A,2026-02-30,1',
      [{ line: 2, column: 'date', message: 'expected a date YYYY-MM-DD, got "2026-02-30"' }],
    ],
    [
      'a day not over yet',
      'ward,date,falls\n7A,2026-12-06,1',
      [{ line: 2, column: 'date', message: '2026-12-06 is not over yet: history ends yesterday (2026-12-05)' }],
    ],
    ['a negative value', 'ward,date,falls\n7A,2026-12-01,-1', [{ line: 2, column: 'falls', message: 'negative: -1' }]],
    [
      'a value that is not a number',
      'ward,date,falls\n7A,2026-12-01,three',
      [{ line: 2, column: 'falls', message: 'not a number: "three"' }],
    ],
    [
      'a fractional incident count',
      'ward,date,harm_incidents\n7A,2026-12-01,1.5',
      [{ line: 2, column: 'harm_incidents', message: 'not a whole number: 1.5' }],
    ],
    [
      'a measure the ward does not have',
      'ward,date,self-harm\n7A,2026-12-01,1',
      [{ line: 2, column: 'self-harm', message: 'not a measure of ward 7A (its measures: occupancy, falls)' }],
    ],
    [
      'the same ward-day twice',
      'ward,date,falls\n7A,2026-12-01,1\n7A,2026-12-01,2',
      [{ line: 3, column: null, message: 'ward 7A on 2026-12-01 is already on line 2' }],
    ],
    [
      'an empty file',
      '',
      [{ line: 1, column: null, message: 'empty file: a header row is required (ward,date,<measure ids>)' }],
    ],
  ])('should name the line, column and reason for %s', (_case, csv, expected) => {
    const { days, errors } = parseHistory(csv, 'csv', measureIdsOf, TODAY);
    expect(errors).toEqual(expected);
    expect(days.length).toBeLessThanOrEqual(1);
  });

  it('should read NDJSON and report a line that is not an object, an unknown field and missing measures', () => {
    const ndjson = [
      '{"ward":"7A","date":"2026-12-01","measures":{"occupancy":90,"falls":null},"harmIncidents":0,"occupiedBedDays":26.5}',
      '',
      'not json',
      '{"ward":"7A","date":"2026-12-02","measures":{},"colour":"red"}',
      '{"ward":"7A","date":"2026-12-03"}',
    ].join('\n');
    const { days, errors } = parseHistory(ndjson, 'ndjson', measureIdsOf, TODAY);
    expect(days.map((d) => [d.line, d.values])).toEqual([[1, { occupancy: 90, falls: null }]]);
    expect(errors).toEqual([
      { line: 3, column: null, message: 'not a JSON object' },
      {
        line: 4,
        column: 'colour',
        message: 'unknown field (expected ward, date, measures, harmIncidents, occupiedBedDays)',
      },
      { line: 5, column: 'measures', message: 'required: an object of measure values by measure id' },
    ]);
  });
});

describe('scoreImportedDays', () => {
  const day = (date: string, occupancy: number | null, harm: number | null = 0) => ({
    wardId: '7A',
    date,
    values: { occupancy, falls: 0 },
    harmIncidents: harm,
    occupiedBedDays: 25,
    line: 1,
  });

  it('should band each value, score the day at London noon, and say why a cell is empty', () => {
    const [scored] = scoreImportedDays([day('2026-07-01', 96)], () => definitions);
    expect(scored?.at.toISOString()).toBe('2026-07-01T11:00:00.000Z');
    expect(scored?.cells).toEqual([
      { measureId: 'occupancy', value: 96, band: 'red' },
      { measureId: 'falls', value: 0, band: 'green' },
    ]);
    const [empty] = scoreImportedDays([day('2026-12-01', null)], () => definitions);
    expect(empty?.at.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(empty?.cells[0]).toEqual({
      measureId: 'occupancy',
      value: null,
      band: null,
      reason: 'not recorded that day',
    });
  });

  it('should total the 7-day outcomes only over seven days it has, and take the trend from a kept day when the file lacks it', () => {
    const week = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map(
      (d) => day(d, 80, 1),
    );
    const scored = scoreImportedDays(
      week,
      () => definitions,
      (_ward, date) => (date === '2026-11-17' ? 30 : null),
    );
    expect(scored.map((s) => s.harmIncidents7d)).toEqual([null, null, null, null, null, null, 7]);
    expect(scored.at(-1)?.occupiedBedDays7d).toBe(175);
    expect(scored[0]?.trend).toBe('better');
    expect(scored[1]?.trend).toBeNull();
  });
});
