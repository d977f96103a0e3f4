import type { Observation } from '@medplum/fhirtypes';
import { LOINC, UCUM, latestBy, observationTime, ucumCore, usableObservations } from './observation-rules.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function obs(id: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8867-4' }] },
    effectiveDateTime: '2026-11-21T09:00:00Z',
    valueQuantity: { value: 80, system: UCUM, code: '/min', unit: 'beats/min' },
    ...extra,
  };
}

describe('observationTime', () => {
  it.each([
    ['effectiveDateTime', { effectiveDateTime: '2026-11-21T09:00:00Z' }, '2026-11-21T09:00:00.000Z'],
    [
      'effectiveInstant',
      { effectiveDateTime: undefined, effectiveInstant: '2026-11-21T08:00:00Z' },
      '2026-11-21T08:00:00.000Z',
    ],
    [
      'period end',
      { effectiveDateTime: undefined, effectivePeriod: { start: '2026-11-21T07:00:00Z', end: '2026-11-21T07:30:00Z' } },
      '2026-11-21T07:30:00.000Z',
    ],
    [
      'period start when no end',
      { effectiveDateTime: undefined, effectivePeriod: { start: '2026-11-21T07:00:00Z' } },
      '2026-11-21T07:00:00.000Z',
    ],
  ])('should read %s', (_label, extra, expected) => {
    expect(new Date(observationTime(obs('a', extra)) as number).toISOString()).toBe(expected);
  });

  it('should give null when there is no readable time', () => {
    expect(observationTime(obs('a', { effectiveDateTime: 'yesterday' }))).toBeNull();
    expect(observationTime(obs('a', { effectiveDateTime: undefined }))).toBeNull();
  });
});

describe('usableObservations', () => {
  it.each(['entered-in-error', 'cancelled', 'preliminary', 'registered', 'unknown'] as const)(
    'should refuse status %s with a reason',
    (status) => {
      const result = usableObservations([obs('a', { status })], now);
      expect(result.accepted).toEqual([]);
      expect(result.rejected).toEqual([{ id: 'a', reason: `status ${status}` }]);
    },
  );

  it('should let a corrected version replace the earlier one with the same id', () => {
    const original = obs('a', { meta: { versionId: '1' }, valueQuantity: { value: 180, system: UCUM, code: '/min' } });
    const corrected = obs('a', {
      status: 'corrected',
      meta: { versionId: '2' },
      valueQuantity: { value: 80, system: UCUM, code: '/min' },
    });
    for (const input of [
      [original, corrected],
      [corrected, original],
    ]) {
      const result = usableObservations(input, now);
      expect(result.accepted.map((o) => o.valueQuantity?.value)).toEqual([80]);
      expect(result.rejected).toEqual([{ id: 'a', reason: 'superseded by a later version' }]);
    }
  });

  it('should withdraw an observation whose latest version is entered-in-error', () => {
    const result = usableObservations(
      [
        obs('a', { meta: { lastUpdated: '2026-11-21T09:00:00Z' } }),
        obs('a', { status: 'entered-in-error', meta: { lastUpdated: '2026-11-21T09:10:00Z' } }),
      ],
      now,
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected.map((r) => r.reason).sort()).toEqual([
      'status entered-in-error',
      'superseded by a later version',
    ]);
  });

  it('should refuse times beyond the skew in the future but allow small clock skew', () => {
    const result = usableObservations(
      [
        obs('near', { effectiveDateTime: '2026-11-21T10:04:59Z' }),
        obs('far', { effectiveDateTime: '2026-11-21T10:05:01Z' }),
      ],
      now,
    );
    expect(result.accepted.map((o) => o.id)).toEqual(['near']);
    expect(result.rejected).toEqual([{ id: 'far', reason: 'effective time in the future' }]);
    expect(
      usableObservations([obs('far', { effectiveDateTime: '2026-11-21T10:05:01Z' })], now, {
        futureSkewMs: 10 * 60_000,
      }).accepted,
    ).toHaveLength(1);
  });

  it('should refuse wrong or missing UCUM units where a unit is expected, in components too', () => {
    const result = usableObservations(
      [
        obs('wrong', { valueQuantity: { value: 80, system: UCUM, code: 'mm[Hg]' } }),
        obs('nounit', { valueQuantity: { value: 80 } }),
        obs('annotated', { valueQuantity: { value: 80, system: UCUM, code: '{beats}/min' } }),
        obs('bp', {
          code: { coding: [{ system: LOINC, code: '85354-9' }] },
          valueQuantity: undefined,
          component: [
            {
              code: { coding: [{ system: LOINC, code: '8480-6' }] },
              valueQuantity: { value: 120, system: UCUM, code: 'kPa' },
            },
          ],
        }),
        obs('unchecked', {
          code: { coding: [{ system: LOINC, code: '0000-0' }] },
          valueQuantity: { value: 1, unit: 'whatever' },
        }),
      ],
      now,
    );
    expect(result.accepted.map((o) => o.id).sort()).toEqual(['annotated', 'unchecked']);
    expect(result.rejected).toEqual([
      { id: 'bp', reason: 'unexpected unit kPa for 8480-6' },
      { id: 'nounit', reason: 'missing UCUM unit for 8867-4' },
      { id: 'wrong', reason: 'unexpected unit mm[Hg] for 8867-4' },
    ]);
  });

  it('should refuse an observation with no readable time', () => {
    expect(usableObservations([obs('a', { effectiveDateTime: 'not a date' })], now).rejected).toEqual([
      { id: 'a', reason: 'no readable effective time' },
    ]);
  });
});

describe('latestBy', () => {
  it('should keep the latest per key whatever the input order', () => {
    const a = obs('a', { effectiveDateTime: '2026-11-21T08:00:00Z' });
    const b = obs('b', { effectiveDateTime: '2026-11-21T09:00:00Z' });
    const c = obs('c', {
      effectiveDateTime: '2026-11-21T09:00:00Z',
      code: { coding: [{ system: LOINC, code: '9279-1' }] },
    });
    const key = (o: Observation): string | null => o.code.coding?.[0]?.code ?? null;
    for (const input of [
      [a, b, c],
      [c, b, a],
    ]) {
      const latest = latestBy(input, key);
      expect(latest.get('8867-4')?.id).toBe('b');
      expect(latest.get('9279-1')?.id).toBe('c');
    }
  });
});

describe('ucumCore', () => {
  it('should drop annotations', () => {
    expect(ucumCore('{Breaths}/min')).toBe('/min');
    expect(ucumCore('{ScoreOf}')).toBe('1');
    expect(ucumCore('mmol/L')).toBe('mmol/L');
  });
});
