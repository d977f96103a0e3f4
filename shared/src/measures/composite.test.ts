import { COMPOSITE_BANDS, compositeScore, trendOf } from './composite.js';
import { DEFAULT_MEASURES } from './measure-catalogue.js';
import type { Band, MeasureCell, MeasureDefinition } from './measure.types.js';

const defs = DEFAULT_MEASURES['mental-health'];

/** Cells for the defaults from a band per slot (null = no data). */
function cells(bands: Array<Band | null>, definitions: readonly MeasureDefinition[] = defs): MeasureCell[] {
  return definitions.map((d, i) => {
    const band = bands[i] ?? null;
    return band === null
      ? { measureId: d.id, value: null, band: null, reason: 'none' }
      : { measureId: d.id, value: 1, band };
  });
}
const all = (band: Band | null): Array<Band | null> => Array.from({ length: 10 }, () => band);
const def = (id: string, weight: number): MeasureDefinition => ({
  id,
  slot: 1,
  label: id,
  unit: 'count',
  window: 'now',
  direction: 'higher-is-worse',
  amber: 1,
  red: 2,
  weight,
  description: id,
});

describe('compositeScore', () => {
  it('should be 0 when all green and 100 when all red', () => {
    expect(compositeScore(cells(all('green')), defs)).toEqual({ value: 0, band: 'green', measured: 10, missing: 0 });
    expect(compositeScore(cells(all('red')), defs)).toEqual({ value: 100, band: 'red', measured: 10, missing: 0 });
  });

  it('should apply the weights', () => {
    // Total weight 11.5, so at most 23 points. Occupancy red (1.5 x 2 = 3) -> 13.0 -> 13; a weight-1 measure red instead -> 8.7 -> 9.
    expect(compositeScore(cells(['red', ...all('green').slice(1)]), defs).value).toBe(13);
    expect(compositeScore(cells([...all('green').slice(0, 9), 'red']), defs).value).toBe(9);
    expect(compositeScore(cells(['amber', 'amber', ...all('green').slice(2)]), defs).value).toBe(13);
  });

  it('should score over the measures with data only', () => {
    // Occupancy red and the three staffing measures missing (weight 4): 3 / (2 x 7.5) = 20, not 3 / 23.
    expect(compositeScore(cells(['red', null, null, null, ...all('green').slice(4)]), defs)).toEqual({
      value: 20,
      band: 'amber',
      measured: 7,
      missing: 3,
    });
  });

  it('should still score with exactly half the weight missing', () => {
    const three = [def('a', 1), def('b', 1), def('c', 2)];
    expect(
      compositeScore(
        [
          { measureId: 'a', value: 1, band: 'red' },
          { measureId: 'b', value: 1, band: 'amber' },
        ],
        three,
      ),
    ).toEqual({ value: 75, band: 'red', measured: 2, missing: 1 });
    expect(compositeScore([{ measureId: 'c', value: 1, band: 'green' }], three)).toEqual({
      value: 0,
      band: 'green',
      measured: 1,
      missing: 2,
    });
  });

  it('should give no score, with a reason, when more than half the weight has no data', () => {
    // Slots 3-8 missing: weight 6.5 of 11.5.
    const most = cells(['red', 'red', null, null, null, null, null, null, 'green', 'green']);
    expect(compositeScore(most, defs)).toEqual({
      value: null,
      band: null,
      measured: 4,
      missing: 6,
      reason: 'not enough data: 6 of 10 measures have no data',
    });
    expect(compositeScore([], defs)).toMatchObject({ value: null, band: null, measured: 0, missing: 10 });
  });

  it('should treat a definition with no cell as missing, and ignore cells with no definition', () => {
    expect(
      compositeScore(
        [
          { measureId: 'a', value: 1, band: 'red' },
          { measureId: 'x', value: 1, band: 'red' },
        ],
        [def('a', 1), def('b', 1)],
      ),
    ).toEqual({ value: 100, band: 'red', measured: 1, missing: 1 });
  });

  it('should give no score when no measure has any weight', () => {
    expect(compositeScore([{ measureId: 'a', value: 1, band: 'red' }], [def('a', 0)])).toMatchObject({
      value: null,
      band: null,
      reason: 'no measure carries any weight',
    });
  });

  it.each([
    [19, 'green'],
    [20, 'amber'],
    [39, 'amber'],
    [40, 'red'],
  ])('should band a score of %d as %s', (target, band) => {
    // 100 weight-1 measures with `target` of them red score exactly `target`.
    const many = Array.from({ length: 100 }, (_, i) => def(`m${i}`, 1));
    const exact = many.map((d, i): MeasureCell => ({ measureId: d.id, value: 1, band: i < target ? 'red' : 'green' }));
    expect(compositeScore(exact, many)).toMatchObject({ value: target, band });
  });

  it('should export the contract bands', () => {
    expect(COMPOSITE_BANDS).toEqual({ amber: 20, red: 40 });
  });
});

describe('trendOf', () => {
  it.each([
    [30, 25, 'worse'],
    [30, 26, 'steady'],
    [25, 30, 'better'],
    [26, 30, 'steady'],
    [30, 30, 'steady'],
    [100, 0, 'worse'],
    [null, 30, null],
    [30, null, null],
    [null, null, null],
  ])('should call %p against %p a week ago %p', (now, weekAgo, trend) => {
    expect(trendOf(now, weekAgo)).toBe(trend);
  });
});
