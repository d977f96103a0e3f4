import type { FeedDateFormat } from './feed-config.js';
import { readFeedDate, readFeedTime, readHours } from './feed-values.js';

describe('readFeedDate', () => {
  it.each<[FeedDateFormat, string, string, { hour: number; minute: number; second: number } | null, number | null]>([
    ['DD/MM/YYYY', '06/12/2026', '2026-12-06', null, null],
    ['DD/MM/YYYY', ' 6/1/2026 ', '2026-01-06', null, null],
    ['DD/MM/YYYY', '06-12-2026', '2026-12-06', null, null],
    ['DD/MM/YYYY', '06.12.2026', '2026-12-06', null, null],
    ['DD/MM/YYYY', '29/02/2028', '2028-02-29', null, null],
    ['DD/MM/YYYY', '06/12/2026 14:30', '2026-12-06', { hour: 14, minute: 30, second: 0 }, null],
    ['DD/MM/YYYY', '06/12/2026 00:00:00', '2026-12-06', { hour: 0, minute: 0, second: 0 }, null],
    ['YYYY-MM-DD', '2026-12-06', '2026-12-06', null, null],
    ['YYYY-MM-DD', '2026-12-06T14:30:00', '2026-12-06', { hour: 14, minute: 30, second: 0 }, null],
    ['YYYY-MM-DD', '2026-12-06 14:30', '2026-12-06', { hour: 14, minute: 30, second: 0 }, null],
    ['YYYY-MM-DD', '2026-07-01T08:30:00Z', '2026-07-01', { hour: 8, minute: 30, second: 0 }, 0],
    ['YYYY-MM-DD', '2026-07-01T09:30:00.000+01:00', '2026-07-01', { hour: 9, minute: 30, second: 0 }, 60],
    ['DD-MMM-YYYY', '06-Dec-2026', '2026-12-06', null, null],
    ['DD-MMM-YYYY', '6 december 2026', '2026-12-06', null, null],
    ['DD-MMM-YYYY', '06-DEC-2026 09:05', '2026-12-06', { hour: 9, minute: 5, second: 0 }, null],
  ])('should read %s %j as %s', (format, text, date, time, offsetMinutes) => {
    expect(readFeedDate(text, format)).toEqual({ date, time, offsetMinutes });
  });

  it.each<[FeedDateFormat, string, string]>([
    ['DD/MM/YYYY', '', 'required'],
    ['DD/MM/YYYY', '2026-12-06', 'expected a date like 06/12/2026 (DD/MM/YYYY), got "2026-12-06"'],
    ['DD/MM/YYYY', '06/12/26', 'expected a date like 06/12/2026 (DD/MM/YYYY), got "06/12/26"'],
    ['DD/MM/YYYY', '06/12-2026', 'expected a date like 06/12/2026 (DD/MM/YYYY), got "06/12-2026"'],
    ['DD/MM/YYYY', '31/02/2026', 'no such date: "31/02/2026" (DD/MM/YYYY)'],
    ['DD/MM/YYYY', '12/13/2026', 'no such date: "12/13/2026" (DD/MM/YYYY)'],
    ['DD/MM/YYYY', '06/12/2026 25:00', 'no such time of day: "06/12/2026 25:00"'],
    ['YYYY-MM-DD', '06/12/2026', 'expected a date like 2026-12-06 (YYYY-MM-DD), got "06/12/2026"'],
    ['YYYY-MM-DD', '2026-02-30', 'no such date: "2026-02-30" (YYYY-MM-DD)'],
    ['DD-MMM-YYYY', '06-Foo-2026', 'no such date: "06-Foo-2026" (DD-MMM-YYYY)'],
    ['DD-MMM-YYYY', 'yesterday', 'expected a date like 06-Dec-2026 (DD-MMM-YYYY), got "yesterday"'],
  ])('should refuse %s %j: %s', (format, text, problem) => {
    expect(readFeedDate(text, format)).toEqual({ problem });
  });
});

describe('readFeedTime', () => {
  it.each([
    ['', null],
    ['14:30', { hour: 14, minute: 30, second: 0 }],
    [' 9:05:07 ', { hour: 9, minute: 5, second: 7 }],
    ['24:00', { problem: 'expected a time of day like 14:30, got "24:00"' }],
    ['2pm', { problem: 'expected a time of day like 14:30, got "2pm"' }],
  ])('should read %j', (text, expected) => {
    expect(readFeedTime(text)).toEqual(expected);
  });
});

describe('readHours', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['7.5', 7.5],
    [' 187.25 ', 187.25],
    ['.5', 0.5],
    ['37:30', 37.5],
    ['0:45', 0.75],
    ['-3', { problem: 'negative hours: -3' }],
    ['-0:30', { problem: 'negative hours: -0:30' }],
    ['7,5', { problem: 'expected hours such as 7.5 or 37:30, got "7,5"' }],
    ['n/a', { problem: 'expected hours such as 7.5 or 37:30, got "n/a"' }],
    ['12h', { problem: 'expected hours such as 7.5 or 37:30, got "12h"' }],
    ['1e3', { problem: 'expected hours such as 7.5 or 37:30, got "1e3"' }],
    ['10:75', { problem: 'expected hours such as 7.5 or 37:30, got "10:75"' }],
  ])('should read %j', (text, expected) => {
    expect(readHours(text)).toEqual(expected);
  });
});
