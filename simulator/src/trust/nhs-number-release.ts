/**
 * Numbers a simulated patient held go back to the pool when the patient is forgotten (a discharged stay
 * dropped, a cancelled booking), so the set of numbers in use stays as small as the trust however long
 * the simulator runs.
 */
import type { FhirRepository } from '@medplum/fhir-router';
import type { Patient } from '@medplum/fhirtypes';
import type { TrustState } from './trust.model.js';

/** Lets the patient's numbers be drawn again; call before the Patient is deleted. */
export async function releaseNhsNumber(repo: FhirRepository, state: TrustState, patientId: string): Promise<void> {
  try {
    const patient = await repo.readResource<Patient>('Patient', patientId);
    for (const identifier of patient.identifier ?? []) {
      if (identifier.value !== undefined) state.nhsNumbers.delete(identifier.value);
    }
  } catch {
    // Already gone: a client deleted it over HTTP.
  }
}
