import type { Ward } from '../ward.types.js';
import { makeBed, makeEncounter, makeNews2, makePatient, withPlannedEnd } from './fhir.builders.js';
import { bedStatusOf, buildWardSnapshot, wardFromLocation, type WardFhirData } from './normalise-ward.js';
import { EXTENSIONS, SYSTEMS } from './fhir-codes.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const ward: Ward = { id: 'ward-a', name: 'Cedar', siteId: 's1', siteName: 'Site', profile: 'acute', displayLabel: 'initials' };

function makeData(overrides: Partial<WardFhirData> = {}): WardFhirData {
  return {
    ward,
    beds: [makeBed('bed2', 'O'), makeBed('bed1', 'O'), makeBed('bed3', 'H'), makeBed('bed10', 'U')],
    encounters: [
      withPlannedEnd(makeEncounter('enc1', 'p1', 'bed1'), '2026-11-21'),
      makeEncounter('enc2', 'p2', 'bed2', { status: 'onleave', period: { start: '2026-11-21T08:00:00Z' } }),
    ],
    patients: [makePatient('p1', 'Jane', 'Smith'), makePatient('p2', 'John', 'Stone')],
    finishedToday: [makeEncounter('enc0', 'p0', 'bed3', { status: 'finished', period: { start: '2026-11-10T00:00:00Z', end: '2026-11-21T07:00:00Z' } })],
    news2: [
      makeNews2('o1', 'enc1', 3, '2026-11-21T06:00:00Z'),
      makeNews2('o2', 'enc1', 6, '2026-11-21T09:00:00Z'),
      makeNews2('o3', 'enc1', 9, '2026-11-21T09:30:00Z', { status: 'entered-in-error' }),
    ],
    ...overrides,
  };
}

describe('buildWardSnapshot', () => {
  it('should put each current patient in their bed, in natural bed order, with initials only', () => {
    const snapshot = buildWardSnapshot(makeData(), now, 4);
    expect(snapshot.beds.map((b) => [b.label, b.status, b.patient?.initials ?? null])).toEqual([
      ['Bed 1', 'occupied', 'J.S.'],
      ['Bed 2', 'occupied', 'J.S.'],
      ['Bed 3', 'cleaning', null],
      ['Bed 10', 'free', null],
    ]);
    expect(JSON.stringify(snapshot)).not.toMatch(/Smith|Stone|9990000018|1950-01-01/);
  });

  it('should warn when two patients share initials (CS-8)', () => {
    const snapshot = buildWardSnapshot(makeData(), now, 4);
    expect(snapshot.beds[0]?.patient?.sameInitialsAs).toEqual(['enc2']);
    expect(snapshot.beds[1]?.patient?.sameInitialsAs).toEqual(['enc1']);
  });

  it('should take the latest valid NEWS2 and ignore entered-in-error', () => {
    const news2 = buildWardSnapshot(makeData(), now, 4).beds[0]?.patient?.news2;
    expect(news2).toEqual({ score: 6, band: 'medium', observedAt: '2026-11-21T09:00:00.000Z', dueAt: '2026-11-21T10:00:00.000Z' });
  });

  it('should count the census with leave, movements today and expected discharges', () => {
    expect(buildWardSnapshot(makeData(), now, 4).census).toMatchObject({
      beds: 4,
      occupied: 2,
      cleaning: 1,
      free: 1,
      onLeave: 1,
      admittedToday: 1,
      dischargedToday: 1,
      expectedDischargesToday: 1,
    });
  });

  it('should follow a transfer: the completed bed entry no longer holds the patient', () => {
    const moved = makeEncounter('enc1', 'p1', 'bed10');
    moved.location?.push({ location: { reference: 'Location/bed1' }, status: 'completed', period: { start: '2026-11-19T10:00:00Z', end: '2026-11-20T10:00:00Z' } });
    const snapshot = buildWardSnapshot(makeData({ encounters: [moved] }), now, 4);
    expect(snapshot.beds.find((b) => b.id === 'bed10')?.patient?.encounterId).toBe('enc1');
    expect(snapshot.beds.find((b) => b.id === 'bed1')?.patient).toBeNull();
  });

  it('should show no initials on a bed-only ward', () => {
    const snapshot = buildWardSnapshot(makeData({ ward: { ...ward, displayLabel: 'bed-only' } }), now, 4);
    expect(snapshot.beds[0]?.patient).toMatchObject({ initials: null, sameInitialsAs: [] });
  });
});

describe('buildWardSnapshot: nobody disappears', () => {
  it('should list an inpatient with no current bed as unplaced, with the reason', () => {
    const bedless = makeEncounter('enc3', 'p1', 'bed99');
    const snapshot = buildWardSnapshot(makeData({ encounters: [bedless] }), now, 4);
    expect(snapshot.unplaced).toEqual([
      { patient: expect.objectContaining({ encounterId: 'enc3', initials: 'J.S.' }), reason: 'No current bed on this ward in the FHIR record' },
    ]);
    expect(snapshot.dataQuality.unplacedPatients).toBe(1);
  });

  it('should keep both patients visible when two claim one bed mid-swap, the later claim in the bed', () => {
    const earlier = makeEncounter('enc1', 'p1', 'bed1');
    const later = makeEncounter('enc2', 'p2', 'bed1');
    (later.location ?? [])[1] = { location: { reference: 'Location/bed1' }, status: 'active', period: { start: '2026-11-21T09:00:00Z' } };
    const snapshot = buildWardSnapshot(makeData({ encounters: [earlier, later] }), now, 4);
    const bed1 = snapshot.beds.find((b) => b.id === 'bed1');
    expect(bed1?.patient?.encounterId).toBe('enc2');
    expect(bed1?.patient?.dataErrors).toEqual(['Bed 1 is also recorded for another patient']);
    expect(snapshot.unplaced).toEqual([{ patient: expect.objectContaining({ encounterId: 'enc1' }), reason: 'Recorded in Bed 1, which another patient holds' }]);
    expect(snapshot.dataQuality).toMatchObject({ unplacedPatients: 1, patientsWithErrors: 1 });
  });

  it('should show a patient whose Patient resource is missing as a data error, not drop them', () => {
    const snapshot = buildWardSnapshot(makeData({ patients: [makePatient('p2', 'John', 'Stone')] }), now, 4);
    expect(snapshot.beds[0]?.patient).toMatchObject({ initials: '?', dataErrors: ['Patient record missing from FHIR'] });
  });

  it('should count unreadable NEWS2 readings against their patient', () => {
    const bad = makeNews2('o9', 'enc1', 42, '2026-11-21T09:45:00Z');
    const snapshot = buildWardSnapshot(makeData({ news2: [...makeData().news2, bad] }), now, 4);
    expect(snapshot.beds[0]?.patient?.dataErrors).toEqual(['1 NEWS2 reading could not be read']);
    expect(snapshot.beds[0]?.patient?.news2?.score).toBe(6);
    expect(snapshot.dataQuality.rejectedResources).toBe(1);
  });
});

describe('bedStatusOf', () => {
  it.each([
    ['O', 'occupied'],
    ['U', 'free'],
    ['H', 'cleaning'],
    ['C', 'closed'],
  ] as const)('should map v2-0116 %s to %s', (code, status) => {
    expect(bedStatusOf(makeBed('b', code))).toBe(status);
  });

  it('should read reserved and blocked from the local extension', () => {
    expect(bedStatusOf(makeBed('b', 'U', { extension: [{ url: EXTENSIONS.bedStatus, valueCode: 'reserved' }] }))).toBe('reserved');
  });
});

describe('wardFromLocation', () => {
  it('should make a psychiatric unit a mental-health ward', () => {
    const ward = wardFromLocation(
      { resourceType: 'Location', id: 'w', name: 'Cedar', type: [{ coding: [{ system: SYSTEMS.v3RoleCode, code: 'PHU' }] }] },
      { id: 's', name: 'Site' },
    );
    expect(ward).toMatchObject({ id: 'w', name: 'Cedar', profile: 'mental-health', siteId: 's' });
  });
});
