import fc from 'fast-check';
import { mutate, mutationsOf } from './hostile-input.builders.js';
import type { AdverseEvent } from '@medplum/fhirtypes';
import { WARD_CONTEXT } from './fhir-codes.js';
import { readDateTime, readIncidents } from './incidents.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function event(id: string, extra: Partial<AdverseEvent> = {}, categories: string[] = ['restraint']): AdverseEvent {
  return {
    resourceType: 'AdverseEvent',
    id,
    actuality: 'actual',
    category: [{ coding: categories.map((code) => ({ system: WARD_CONTEXT.incidentCategorySystem, code })) }],
    subject: { reference: 'Patient/p1' },
    location: { reference: 'Location/ward-a' },
    date: '2026-11-20T14:30:00Z',
    ...extra,
  };
}

describe('readIncidents', () => {
  it('should read an actual incident with its categories in a fixed order, each once', () => {
    const e = event('e1', {}, ['violence-aggression', 'restraint', 'violence-aggression']);
    expect(readIncidents([e], now)).toEqual({
      incidents: [
        { id: 'e1', categories: ['violence-aggression', 'restraint'], occurredAt: '2026-11-20T14:30:00.000Z' },
      ],
      rejected: [],
    });
    expect(
      readIncidents([event('e1', {}, ['restraint', 'violence-aggression'])], now).incidents[0]?.categories,
    ).toEqual(['violence-aggression', 'restraint']);
  });

  it('should read categories spread over several concepts and skip codings of other systems', () => {
    const e = event('e1', {
      category: [
        { coding: [{ system: 'http://other', code: 'fall' }] },
        { coding: [{ system: WARD_CONTEXT.incidentCategorySystem, code: 'fall' }] },
      ],
    });
    expect(readIncidents([e], now).incidents[0]?.categories).toEqual(['fall']);
  });

  it('should ignore a near miss, and an event with no known category, without calling them errors', () => {
    const result = readIncidents(
      [
        event('potential', { actuality: 'potential' }),
        event('other-system', { category: [{ coding: [{ system: 'http://datix', code: 'restraint' }] }] }),
        event('unknown-code', {}, ['medication-error']),
        event('no-category', { category: undefined }),
      ],
      now,
    );
    expect(result).toEqual({ incidents: [], rejected: [] });
  });

  it('should keep the known categories and drop unknown codes of our system', () => {
    expect(readIncidents([event('e1', {}, ['medication-error', 'self-harm'])], now).incidents[0]?.categories).toEqual([
      'self-harm',
    ]);
  });

  it.each([
    ['missing', undefined, 'date missing'],
    ['unreadable', 'yesterday', 'date unreadable'],
    ['impossible', '2026-02-30T10:00:00Z', 'date unreadable'],
    ['year only', '2026', 'date not precise to the day'],
    ['without an offset', '2026-11-20T14:30:00', 'date time without a zone offset'],
    ['more than 5 min ahead', '2026-11-21T10:05:01Z', 'date in the future'],
  ])('should reject a date that is %s', (_label, date, reason) => {
    expect(readIncidents([event('e1', { date })], now)).toEqual({ incidents: [], rejected: [{ id: 'e1', reason }] });
  });

  it('should accept a date up to exactly 5 min ahead, or within a custom skew', () => {
    expect(readIncidents([event('e1', { date: '2026-11-21T10:05:00Z' })], now).incidents).toHaveLength(1);
    expect(readIncidents([event('e1', { date: '2026-11-21T10:00:01Z' })], now, { futureSkewMs: 0 }).rejected).toEqual([
      { id: 'e1', reason: 'date in the future' },
    ]);
  });

  it('should read an offset and a date-only value as UTC ISO', () => {
    expect(readIncidents([event('e1', { date: '2026-07-01T00:30:00+01:00' })], now).incidents[0]?.occurredAt).toBe(
      '2026-06-30T23:30:00.000Z',
    );
    expect(readIncidents([event('e1', { date: '2026-11-20' })], now).incidents[0]?.occurredAt).toBe(
      '2026-11-20T00:00:00.000Z',
    );
  });

  it('should reject an unknown actuality, a missing id and a resource of another type, with reasons', () => {
    const result = readIncidents(
      [event('e1', { actuality: undefined }), event('', {}), { resourceType: 'Observation', id: 'o1' }, 'junk'],
      now,
    );
    expect(result.incidents).toEqual([]);
    expect(result.rejected).toEqual([
      { id: '(none)', reason: 'missing id' },
      { id: '(none)', reason: 'not a resource' },
      { id: 'e1', reason: 'actuality missing' },
      { id: 'o1', reason: 'not an AdverseEvent (Observation)' },
    ]);
  });

  it('should keep one incident per id: the later meta.lastUpdated wins, whatever the order', () => {
    const older = event('e1', { meta: { lastUpdated: '2026-11-20T15:00:00Z' }, date: '2026-11-20T14:30:00Z' });
    const newer = event('e1', { meta: { lastUpdated: '2026-11-20T16:00:00Z' }, date: '2026-11-20T14:00:00Z' }, [
      'seclusion',
    ]);
    const expected = [{ id: 'e1', categories: ['seclusion'], occurredAt: '2026-11-20T14:00:00.000Z' }];
    expect(readIncidents([older, newer], now)).toEqual({ incidents: expected, rejected: [] });
    expect(readIncidents([newer, older], now)).toEqual({ incidents: expected, rejected: [] });
  });

  it('should withdraw an incident whose later version is a near miss', () => {
    const older = event('e1', { meta: { lastUpdated: '2026-11-20T15:00:00Z' } });
    const newer = event('e1', { meta: { lastUpdated: '2026-11-20T16:00:00Z' }, actuality: 'potential' });
    expect(readIncidents([older, newer], now).incidents).toEqual([]);
  });

  it('should sort by occurredAt, then id', () => {
    const result = readIncidents(
      [
        event('c', { date: '2026-11-20T12:00:00Z' }),
        event('b', { date: '2026-11-19T12:00:00Z' }),
        event('a', { date: '2026-11-20T12:00:00Z' }),
      ],
      now,
    );
    expect(result.incidents.map((i) => i.id)).toEqual(['b', 'a', 'c']);
  });

  it('should not filter by location or window (the caller does)', () => {
    const result = readIncidents(
      [event('e1', { location: { reference: 'Location/elsewhere' }, date: '2020-01-01T00:00:00Z' })],
      now,
    );
    expect(result.incidents).toHaveLength(1);
  });

  it('should survive a non-array', () => {
    expect(readIncidents(null as never, now)).toEqual({ incidents: [], rejected: [] });
  });
});

describe('readDateTime', () => {
  it.each([
    ['2026-11-20T14:30:00Z', Date.parse('2026-11-20T14:30:00Z')],
    ['2026-11-20T14:30Z', Date.parse('2026-11-20T14:30:00Z')],
    ['2026-11-20T14:30:00.123456+05:30', Date.parse('2026-11-20T09:00:00.123Z')],
    ['2028-02-29', Date.parse('2028-02-29T00:00:00Z')],
  ])('should read %s', (value, at) => {
    expect(readDateTime(value)).toEqual({ at });
  });

  it.each([
    '2026-02-29',
    '2026-11-20T24:00:00Z',
    '2026-11-20T14:30:60Z',
    '2026-13-01',
    '+275760-09-13T00:00:00.000Z',
    '20261120',
    'Fri, 20 Nov 2026 14:30:00 GMT',
    ' 2026-11-20',
  ])('should refuse %s', (value) => {
    expect(readDateTime(value)).toHaveProperty('problem');
  });
});

// ---- properties: nothing a feed sends makes the reader throw ----

const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(1e308, -1, 0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(
    '',
    'not-a-date',
    '2026-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.000Z',
    '2026',
    'actual',
    'potential',
    'restraint',
  ),
  fc.constantFrom({}, [], [null], true),
  fc.anything({ maxDepth: 2 }),
);

const mutationsArb = mutationsOf(junkArb);

describe('readIncidents properties', () => {
  const valid = [
    event('a', { meta: { lastUpdated: '2026-11-20T15:00:00Z' } }),
    event('a', { meta: { lastUpdated: '2026-11-20T16:00:00Z' } }, ['fall']),
    event('b'),
  ];

  it('should never throw on mutated events, and only return well-formed incidents', () => {
    fc.assert(
      fc.property(fc.array(mutationsArb, { minLength: valid.length, maxLength: valid.length }), (mutations) => {
        const events = valid.map((e, i) => mutate(e, mutations[i] ?? []));
        const { incidents } = readIncidents(events, now);
        for (const i of incidents) {
          expect(Number.isNaN(Date.parse(i.occurredAt))).toBe(false);
          expect(i.categories.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('should never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.anything()), (one, many) => {
        expect(() => readIncidents(one as never, now)).not.toThrow();
        expect(() => readIncidents(many, now)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('should give the same answer whatever order the server returns events in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(valid, { minLength: valid.length, maxLength: valid.length }), (reordered) => {
        expect(readIncidents(reordered, now)).toEqual(readIncidents(valid, now));
      }),
    );
  });
});
