import { locateColumns, readCsvTable } from './csv-table.js';

describe('readCsvTable', () => {
  it('should read a BOM, CRLF ends, quoted commas and quotes, and a line break inside quotes, with each row on its own line', () => {
    const text =
      '\uFEFFUnit,Date,Note\r\n"Ward 7A, Cedar",01/12/2026,"said ""fine"""\r\nWard 8,02/12/2026,"two\r\nlines"\r\nWard 9,03/12/2026,x\r\n';
    const { table, errors } = readCsvTable(text, ',');
    expect(errors).toEqual([]);
    expect(table).toEqual({
      header: ['Unit', 'Date', 'Note'],
      rows: [
        { line: 2, cells: ['Ward 7A, Cedar', '01/12/2026', 'said "fine"'] },
        { line: 3, cells: ['Ward 8', '02/12/2026', 'two\nlines'] },
        { line: 5, cells: ['Ward 9', '03/12/2026', 'x'] },
      ],
    });
  });

  it('should skip blank lines, whitespace-only lines and rows of empty fields, and keep counting lines across them', () => {
    const text = 'a,b\n\n1,2\n   \n,,\n,\n3,4\n\n\n';
    expect(readCsvTable(text, ',').table?.rows).toEqual([
      { line: 3, cells: ['1', '2'] },
      { line: 7, cells: ['3', '4'] },
    ]);
  });

  it('should read bare CR line ends (old Mac Excel) and other delimiters', () => {
    expect(readCsvTable('a;b\r1;2\r', ';').table).toEqual({
      header: ['a', 'b'],
      rows: [{ line: 2, cells: ['1', '2'] }],
    });
    expect(readCsvTable('a\tb\n1\t2', '\t').table?.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
  });

  it('should keep stray quotes as they are, as exports write them, for the cell checks to judge', () => {
    expect(readCsvTable('a,b\nWard "A",2\n"3"x,4\n', ',').table?.rows).toEqual([
      { line: 2, cells: ['Ward "A"', '2'] },
      { line: 3, cells: ['"3"x', '4'] },
    ]);
  });

  it('should allow trailing empty fields beyond the header, and refuse any other difference in the field count', () => {
    const { table, errors } = readCsvTable('a,b\n1,2,,\n1\n1,2,3\n5,6\n', ',');
    expect(table?.rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 5, cells: ['5', '6'] },
    ]);
    expect(errors).toEqual([
      { line: 3, column: null, message: '1 fields where the header has 2' },
      { line: 4, column: null, message: '3 fields where the header has 2' },
    ]);
  });

  it.each([
    ['an empty file', '', 1, 'empty file: a header row is needed'],
    ['only blank lines', '\r\n\r\n  \r\n', 1, 'empty file: a header row is needed'],
    // A quote never closed swallows the rest of the file: reading stops at its last line.
    ['an unclosed quote', 'a,b\n1,2\n3,"four\n5,6\n', 4, 'not readable as CSV: Quote Not Closed'],
  ])('should refuse %s with one error naming the line', (_what, text, line, message) => {
    const { table, errors } = readCsvTable(text, ',');
    expect(table).toBeNull();
    expect(errors).toEqual([{ line, column: null, message: expect.stringContaining(message) }]);
  });
});

describe('locateColumns', () => {
  it('should match headers ignoring case and spacing, and ignore columns nobody wants', () => {
    expect(
      locateColumns(['  UNIT ', 'Extra', 'planned   hours', 'Date'], {
        ward: 'Unit',
        date: 'Date',
        planned: 'Planned Hours',
        agency: null,
      }),
    ).toEqual({ at: { ward: 0, date: 3, planned: 2, agency: null } });
  });

  it('should name a column missing from the header and one named twice, listing what the header has', () => {
    expect(locateColumns(['Unit', 'unit', 'Other'], { ward: 'Unit', date: 'Date' })).toEqual({
      errors: [
        { line: 1, column: 'Unit', message: 'column appears 2 times in the header' },
        { line: 1, column: 'Date', message: 'column missing from the header (it has: Unit, unit, Other)' },
      ],
    });
  });
});
