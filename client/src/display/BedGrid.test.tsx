import { gridShape } from './BedGrid';

describe('gridShape', () => {
  it.each([
    [6, 3, 2],
    [12, 4, 3],
    [20, 5, 4],
    [26, 7, 4],
    [30, 8, 4],
    [36, 8, 5],
  ])('should lay out %d beds in %d columns and %d rows', (beds, columns, rows) => {
    expect(gridShape(beds)).toEqual({ columns, rows });
    expect(columns * rows).toBeGreaterThanOrEqual(beds);
  });
});
