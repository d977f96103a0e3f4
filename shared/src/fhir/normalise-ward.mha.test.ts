import type { Flag, Observation } from '@medplum/fhirtypes';
import type { Ward } from '../ward.types.js';
import { makeWard } from '../testing/board.builders.js';
import { makeBed, makeEncounter, makePatient } from './fhir.builders.js';
import { LEGAL_STATUS } from './legal-status.js';
import { MHA_SYSTEM } from './mha-deadlines.js';
import { buildWardSnapshot, type WardFhirData } from './normalise-ward.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const ward = makeWard({ id: 'ward-a', name: 'Willow', profile: 'mental-health' });

const legalFlag = (code: string, period: Flag['period'], status: Flag['status'] = 'active'): Flag => ({
  resourceType: 'Flag',
  id: `legal-${code}-${status}`,
  status,
  code: {
    coding: [
      {
        system: LEGAL_STATUS.england,
        code,
        display: `Formally detained under Mental Health Act Section ${Number(code)}`,
      },
    ],
  },
  subject: { reference: 'Patient/p1' },
  encounter: { reference: 'Encounter/enc1' },
  period,
});

function data(flags: Flag[], observations: Observation[] = [], overrides: Partial<Ward> = {}): WardFhirData {
  return {
    ward: { ...ward, ...overrides },
    beds: [makeBed('bed1', 'O')],
    encounters: [makeEncounter('enc1', 'p1', 'bed1')],
    patients: [makePatient('p1', 'Jane', 'Smith')],
    finishedRecently: [],
    observations,
    flags,
    tasks: [],
    carePlans: [],
    riskAssessments: [],
  };
}

describe('buildWardSnapshot: Mental Health Act deadlines', () => {
  it('should carry the section with its end, rights and leave on the board', () => {
    const flags = [
      legalFlag('03', { start: '2026-11-01T12:00:00Z', end: '2026-11-25T12:00:00Z' }),
      {
        resourceType: 'Flag',
        id: 'leave',
        status: 'active',
        code: { coding: [{ system: MHA_SYSTEM, code: 'leave-s17' }] },
        subject: { reference: 'Patient/p1' },
        period: { start: '2026-11-21T08:00:00Z', end: '2026-11-21T09:30:00Z' },
      } satisfies Flag,
    ];
    const given: Observation = {
      resourceType: 'Observation',
      id: 'rights',
      status: 'final',
      code: { coding: [{ system: MHA_SYSTEM, code: 'rights-s132' }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2026-11-01T15:00:00Z',
    };
    const mha = buildWardSnapshot(data(flags, [given]), now, 1).beds[0]?.patient?.mentalHealthAct;
    expect(mha).toEqual({
      code: '03',
      label: 'Formally detained under Mental Health Act Section 3',
      since: '2026-11-01T12:00:00.000Z',
      expiresAt: '2026-11-25T12:00:00.000Z',
      expiryWarnFrom: '2026-11-18T12:00:00.000Z',
      expiryUrgentFrom: '2026-11-24T12:00:00.000Z',
      lapsed: false,
      rights: { lastGivenAt: '2026-11-01T15:00:00.000Z', dueAt: '2026-12-01T15:00:00.000Z' },
      leave: {
        authorised: false,
        authorisedUntil: null,
        onLeave: true,
        onLeaveSince: '2026-11-21T08:00:00.000Z',
        expectedBackAt: '2026-11-21T09:30:00.000Z',
      },
      consentToTreatmentDueAt: null,
      hearing: null,
    });
  });

  it('should show a section whose period ended with nothing newer as lapsed, not the admission status', () => {
    const ended = legalFlag('02', { start: '2026-10-20T12:00:00Z', end: '2026-11-17T12:00:00Z' });
    const mha = buildWardSnapshot(data([ended]), now, 1).beds[0]?.patient?.mentalHealthAct;
    expect(mha).toMatchObject({
      code: '02',
      lapsed: true,
      expiresAt: '2026-11-17T12:00:00.000Z',
      rights: null,
      leave: null,
    });
  });

  it('should prefer a renewal in force over the lapsed section it replaced', () => {
    const ended = legalFlag('02', { start: '2026-10-20T12:00:00Z', end: '2026-11-17T12:00:00Z' });
    const renewed = legalFlag('03', { start: '2026-11-17T12:00:00Z', end: '2027-05-17T12:00:00Z' });
    const mha = buildWardSnapshot(data([ended, renewed]), now, 1).beds[0]?.patient?.mentalHealthAct;
    expect(mha).toMatchObject({ code: '03', lapsed: false });
  });

  it('should show none of it on a ward that hides the Mental Health Act', () => {
    const flags = [legalFlag('03', { start: '2026-11-01T12:00:00Z', end: '2026-11-25T12:00:00Z' })];
    const patient = buildWardSnapshot(data(flags, [], { showMentalHealthAct: false }), now, 1).beds[0]?.patient;
    expect(patient?.mentalHealthAct).toBeNull();
  });
});
