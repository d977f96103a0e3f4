import type { Observation } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import { makeNews2, makePatient, vitalQuantity, vitalSet } from './fhir.builders.js';
import { news2Series, patientIdentity } from './patient-detail.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const from = now - 72 * 3_600_000;

describe('patientIdentity', () => {
  it('should read the official name, the NHS number without spaces and the birth date', () => {
    const patient = {
      ...makePatient('p1', 'Jane', 'Smith'),
      identifier: [
        { system: 'https://local/mrn', value: 'X1' },
        { system: SYSTEMS.nhsNumber, value: '999 000 0018' },
      ],
    };
    expect(patientIdentity(patient)).toEqual({ name: 'Jane Smith', nhsNumber: '9990000018', birthDate: '1950-01-01' });
  });

  it.each([
    [
      'only an old name and a usual one',
      {
        name: [
          { use: 'old' as const, family: 'Old' },
          { use: 'usual' as const, given: ['Jo'], family: 'New' },
        ],
      },
      'Jo New',
    ],
    ['a text name', { name: [{ text: 'Dr A. N. Other' }] }, 'Dr A. N. Other'],
    ['no name at all', { name: [] }, null],
  ])('should cope with %s', (_case, fields, name) => {
    expect(patientIdentity({ resourceType: 'Patient', ...fields }).name).toBe(name);
  });

  it('should give null for a missing NHS number and a malformed birth date, never a guess', () => {
    expect(patientIdentity({ resourceType: 'Patient', birthDate: 'last spring' })).toEqual({
      name: null,
      nhsNumber: null,
      birthDate: null,
    });
  });
});

describe('news2Series', () => {
  const reported = (id: string, score: number, at: string, extra: Partial<Observation> = {}) =>
    makeNews2(id, 'e1', score, at, extra);

  it('should draw reported totals in the window, oldest first, with their bands', () => {
    const series = news2Series(
      [
        reported('n3', 7, '2026-11-21T08:00:00Z'),
        reported('n1', 2, '2026-11-19T12:00:00Z'),
        reported('old', 5, '2026-11-17T09:00:00Z'),
        reported('n2', 5, '2026-11-20T12:00:00Z'),
      ],
      from,
      now,
    );
    expect(series.points).toEqual([
      { at: '2026-11-19T12:00:00.000Z', score: 2, band: 'low', source: 'reported' },
      { at: '2026-11-20T12:00:00.000Z', score: 5, band: 'medium', source: 'reported' },
      { at: '2026-11-21T08:00:00.000Z', score: 7, band: 'high', source: 'reported' },
    ]);
    expect(series.rejected).toBe(0);
  });

  it('should count entered-in-error and impossible totals as rejected, never draw them', () => {
    const series = news2Series(
      [
        reported('ok', 3, '2026-11-21T08:00:00Z'),
        reported('err', 9, '2026-11-21T08:30:00Z', { status: 'entered-in-error' }),
        reported('bad', 25, '2026-11-21T09:00:00Z'),
      ],
      from,
      now,
    );
    expect(series.points.map((p) => p.score)).toEqual([3]);
    expect(series.rejected).toBe(2);
  });

  it('should compute one score per complete vital-sign set when no totals are sent, and none from a partial set', () => {
    const partial = vitalQuantity('p-rr', '9279-1', 30, '/min', '2026-11-21T09:30:00Z');
    const series = news2Series(
      [...vitalSet('2026-11-20T09:00:00Z', 'a'), ...vitalSet('2026-11-21T06:00:00Z', 'b'), partial],
      from,
      now,
    );
    expect(series.points).toEqual([
      { at: '2026-11-20T09:00:00.000Z', score: 9, band: 'high', source: 'computed' },
      { at: '2026-11-21T06:00:00.000Z', score: 9, band: 'high', source: 'computed' },
    ]);
  });

  it('should ignore computed sets when the trust reports totals (one truth per patient)', () => {
    const series = news2Series(
      [...vitalSet('2026-11-20T09:00:00Z', 'a'), reported('n1', 1, '2026-11-21T08:00:00Z')],
      from,
      now,
    );
    expect(series.points).toEqual([{ at: '2026-11-21T08:00:00.000Z', score: 1, band: 'low', source: 'reported' }]);
  });
});
