import {
  composeDigest,
  DEFAULT_DIGEST_THRESHOLD,
  digestBandWord,
  digestValueText,
  type DigestInput,
} from './digest-content.js';
import { DIGEST_MEASURES, makeWardInput } from './digest.builders.js';

const NOW = Date.parse('2026-03-30T06:00:00Z');

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    lead: { id: 'matron-1', name: 'Matron, General', email: 'matron@trust.example', wardIds: ['a', 'b', 'c'] },
    week: '2026-03-30',
    now: NOW,
    measures: DIGEST_MEASURES,
    wards: [
      makeWardInput('a', { prediction: null, composite: { value: 10, band: 'green' } }),
      makeWardInput('b', { profile: 'mental-health' }),
      makeWardInput('c', {}, { weekBefore: null }),
    ],
    threshold: DEFAULT_DIGEST_THRESHOLD,
    dashboardUrl: 'http://127.0.0.1:3000/',
    ...overrides,
  };
}

describe('weekly digest content', () => {
  it('should give every ward a cell for each measure of its profile with value and band in words', () => {
    const digest = composeDigest(input());
    const b = digest.wards.find((w) => w.wardId === 'b')!;
    expect(b.cells.map((c) => c.measureId)).toEqual([
      'occupancy',
      'bank-agency',
      'sickness',
      'fill-rate',
      'turbulence',
      'enhanced-observations',
      'violence-aggression',
      'restrictive-practice',
      'awol',
      'self-harm',
    ]);
    expect(b.cells[0]).toMatchObject({ label: 'Bed occupancy', valueText: '10%', band: 'amber', bandWord: 'AMBER' });
    expect(b.cells[1]).toMatchObject({ valueText: '20%', bandWord: 'RED' });
    expect(b.cells[2]).toMatchObject({ valueText: '30%', bandWord: 'OK' });
  });

  it('should list wards at or above the threshold as predicted, highest first, with drivers', () => {
    const digest = composeDigest(
      input({
        wards: [
          makeWardInput('a', { prediction: null }),
          makeWardInput('b'),
          makeWardInput('c', { prediction: { ...makeWardInput('c').row.prediction!, probability: 0.3 } }),
        ],
      }),
    );
    expect(digest.predicted.map((w) => [w.wardId, w.probabilityText])).toEqual([
      ['b', '42%'],
      ['c', '30%'],
    ]);
    expect(digest.predicted[0]!.drivers).toEqual(['Occupancy', 'Staff sickness: 7-day change']);
    expect(digest.wards.map((w) => w.wardId)).toEqual(['b', 'c', 'a']);
    expect(digest.subject).toBe('Ward safety digest, week of Mon 30 Mar 2026: 2 of 3 wards may need extra support');
  });

  it('should leave a ward under the threshold out of the predicted list', () => {
    const digest = composeDigest(input({ threshold: 0.5 }));
    expect(digest.predicted).toEqual([]);
    expect(digest.subject).toBe('Ward safety digest, week of Mon 30 Mar 2026: no ward predicted to need extra support');
  });

  it('should say the change against the score a week before', () => {
    const digest = composeDigest(input());
    const b = digest.wards.find((w) => w.wardId === 'b')!;
    expect(b.change).toMatchObject({
      compositeBefore: 28,
      compositeDelta: 7,
      probabilityBefore: 0.3,
      probabilityDeltaPoints: 12,
    });
    expect(b.change!.text).toBe(
      'composite 35, was 28 (+7); chance 42%, was 30% (+12 points) (against Mon 23 Mar 06:00 GMT)',
    );
    expect(digest.wards.find((w) => w.wardId === 'c')!.change).toBeNull();
  });

  it('should say a cell without data is without data, not zero', () => {
    const ward = makeWardInput('a');
    ward.row.cells[0] = { measureId: 'occupancy', value: null, band: null, reason: 'no beds open' };
    const digest = composeDigest(input({ wards: [ward] }));
    expect(digest.wards[0]!.cells[0]).toMatchObject({
      valueText: 'no data',
      bandWord: 'no data',
      reason: 'no beds open',
    });
  });

  it('should name configured wards the data does not know', () => {
    expect(composeDigest(input({ wards: [makeWardInput('a')] })).missingWardIds).toEqual(['b', 'c']);
  });

  it('should carry the data time in London time and the dashboard link without a trailing slash', () => {
    const digest = composeDigest(input());
    expect(digest.dataAsOfText).toBe('Mon 30 Mar 06:45 BST');
    expect(digest.dashboardUrl).toBe('http://127.0.0.1:3000');
  });

  it('should hold nothing that could identify a patient', () => {
    const text = JSON.stringify(composeDigest(input()));
    // Ward-level words only: no encounter ids, NHS numbers or initials.
    expect(text).not.toMatch(/encounter|nhs ?number|initials/i);
  });

  it.each([
    ['red', true, 'RED'],
    ['amber', true, 'AMBER'],
    ['green', true, 'OK'],
    [null, true, 'not current'],
    [null, false, 'no data'],
  ] as const)('should word band %s (value: %s) as %s', (band, hasValue, word) => {
    expect(digestBandWord(band, hasValue)).toBe(word);
  });

  it.each([
    [96.44, '%', '96.4%'],
    [3, 'patients', '3 patients'],
    [1, 'patients', '1 patient'],
    [4, 'count', '4'],
    [5.5, 'per 1,000 OBD', '5.5 per 1,000 OBD'],
    [null, '%', 'no data'],
  ] as const)('should write %s %s as %s', (value, unit, text) => {
    expect(digestValueText(value, unit)).toBe(text);
  });
});
