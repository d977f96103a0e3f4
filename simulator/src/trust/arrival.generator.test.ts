/**
 * A booking that cannot be placed is cancelled six hours after its time and forgotten with its patient:
 * the Patient and Encounter go, and so does the patient's hold on an NHS number, or a simulator running
 * for weeks would keep a growing set of numbers nobody holds.
 */
import type { Encounter, Patient } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../http/fhir-definitions.loader.js';
import { IndexedMemoryRepository } from '../http/indexed-memory.repository.js';
import { arrivalsDue, type WardBeds } from './arrival.generator.js';
import type { PendingArrival, TrustState, WardPlan } from './trust.model.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const HOUR = 3_600_000;

describe('arrivalsDue', () => {
  beforeAll(() => loadFhirDefinitions());

  it('should forget a cancelled booking’s patient with their NHS number, and keep everyone else’s', async () => {
    const repo = new IndexedMemoryRepository({ clock: () => NOW, referenceIndexes: {} });
    const nhs = (n: string): Patient['identifier'] => [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: n }];
    await repo.createResource<Patient>({ resourceType: 'Patient', id: 'booked', identifier: nhs('9990000018') });
    await repo.createResource<Patient>({ resourceType: 'Patient', id: 'staying', identifier: nhs('9990000026') });
    await repo.createResource<Encounter>({
      resourceType: 'Encounter',
      id: 'booking',
      status: 'planned',
      class: { code: 'IMP' },
      subject: { reference: 'Patient/booked' },
      location: [{ location: { reference: 'Location/ward-a' }, status: 'planned' }],
    });
    const arrival: PendingArrival = {
      encounterId: 'booking',
      patientId: 'booked',
      kind: 'admission',
      dueMs: NOW - 7 * HOUR,
      heldBedId: null,
      sex: 'female',
      isolation: false,
      owned: [],
    };
    const state = {
      nhsNumbers: new Set(['9990000018', '9990000026']),
      arrivals: new Map([['ward-a', [arrival]]]),
    } as unknown as TrustState;
    // A full ward: nowhere to put them.
    const beds: WardBeds = {
      beds: new Map(),
      free: () => [],
      occupied: () => true,
      sexFor: () => 'mixed',
      sideRoom: () => false,
      setBed: () => undefined,
    };
    const { writes, admitted } = await arrivalsDue(repo, state, { id: 'ward-a' } as WardPlan, beds, NOW);
    expect([writes, admitted]).toEqual([[], []]);
    expect(state.arrivals?.get('ward-a')).toEqual([]);
    expect([...state.nhsNumbers]).toEqual(['9990000026']);
    await expect(repo.readResource('Patient', 'booked')).rejects.toThrow();
    await expect(repo.readResource('Encounter', 'booking')).rejects.toThrow();
  });
});
