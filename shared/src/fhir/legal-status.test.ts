import type { Encounter, Flag, Observation } from '@medplum/fhirtypes';
import { LEGAL_STATUS, currentLegalStatus, legalStatusFromEncounter } from './legal-status.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function encounterWith(...statuses: Array<[context: string | null, system: string, code: string]>): Encounter {
  return {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'in-progress',
    class: { code: 'IMP' },
    extension: statuses.map(([context, system, code]) => ({
      url: LEGAL_STATUS.extension,
      extension: [
        ...(context === null
          ? []
          : [
              {
                url: 'legalStatusContext',
                valueCodeableConcept: { coding: [{ system: LEGAL_STATUS.context, code: context }] },
              },
            ]),
        {
          url: 'legalStatusClassification',
          valueCodeableConcept: { coding: [{ system, code, display: `Section ${code}` }] },
        },
      ],
    })),
  };
}

function flag(id: string, code: string, period: Flag['period'], extra: Partial<Flag> = {}): Flag {
  return {
    resourceType: 'Flag',
    id,
    status: 'active',
    code: { coding: [{ system: LEGAL_STATUS.england, code, display: `Section ${code}` }] },
    subject: { reference: 'Patient/p1' },
    period,
    ...extra,
  };
}

describe('legalStatusFromEncounter', () => {
  it('should read the England or Wales classification', () => {
    expect(legalStatusFromEncounter(encounterWith(['admission', LEGAL_STATUS.england, '03']))).toEqual({
      code: '03',
      display: 'Section 03',
      system: LEGAL_STATUS.england,
    });
    expect(legalStatusFromEncounter(encounterWith([null, LEGAL_STATUS.wales, '02']))?.system).toBe(LEGAL_STATUS.wales);
  });

  it('should prefer the discharge status over the admission one, whatever the order', () => {
    expect(
      legalStatusFromEncounter(
        encounterWith(['discharge', LEGAL_STATUS.england, '01'], ['admission', LEGAL_STATUS.england, '03']),
      )?.code,
    ).toBe('01');
    expect(
      legalStatusFromEncounter(
        encounterWith(['admission', LEGAL_STATUS.england, '03'], ['discharge', LEGAL_STATUS.england, '01']),
      )?.code,
    ).toBe('01');
  });

  it('should return null without the extension or with another code system', () => {
    expect(
      legalStatusFromEncounter({ resourceType: 'Encounter', status: 'in-progress', class: { code: 'IMP' } }),
    ).toBeNull();
    expect(legalStatusFromEncounter(encounterWith(['admission', 'http://example.org/other', '03']))).toBeNull();
  });
});

describe('currentLegalStatus', () => {
  it('should take the section whose period covers now, preferring the most recent start', () => {
    const resources = [
      flag('old', '02', { start: '2026-11-01T00:00:00Z', end: '2026-11-15T00:00:00Z' }),
      flag('s3', '03', { start: '2026-11-15T00:00:00Z' }),
      flag('cto', '17', { start: '2026-11-10T00:00:00Z', end: '2027-01-01T00:00:00Z' }),
    ];
    expect(currentLegalStatus(resources, now)).toEqual({
      code: '03',
      display: 'Section 03',
      system: LEGAL_STATUS.england,
      start: '2026-11-15T00:00:00.000Z',
      end: null,
    });
    expect(currentLegalStatus([...resources].reverse(), now)?.code).toBe('03');
  });

  it('should read an Observation coded in its value with an effective period', () => {
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Mental Health Act legal status' },
      effectivePeriod: { start: '2026-11-20T00:00:00Z', end: '2026-12-18T00:00:00Z' },
      valueCodeableConcept: { coding: [{ system: LEGAL_STATUS.wales, code: '02' }] },
    };
    expect(currentLegalStatus([obs], now)).toMatchObject({
      code: '02',
      system: LEGAL_STATUS.wales,
      end: '2026-12-18T00:00:00.000Z',
    });
  });

  it.each([
    ['ended', flag('f', '02', { start: '2026-11-01T00:00:00Z', end: '2026-11-21T10:00:00Z' })],
    ['not yet started', flag('f', '02', { start: '2026-11-22T00:00:00Z' })],
    ['no period', flag('f', '02', undefined)],
    ['inactive', flag('f', '02', { start: '2026-11-01T00:00:00Z' }, { status: 'inactive' })],
    ['entered in error', flag('f', '02', { start: '2026-11-01T00:00:00Z' }, { status: 'entered-in-error' })],
    ['an unreadable end', flag('f', '02', { start: '2026-11-01T00:00:00Z', end: 'soon' })],
  ])('should return null when the only section is %s', (_label, f) => {
    expect(currentLegalStatus([f], now)).toBeNull();
  });
});
