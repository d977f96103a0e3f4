/**
 * Readings that name only the patient: e-obs systems and bedside devices often send observations (and
 * risk tools their assessments, alert systems their flags) with a subject and no encounter, as UK
 * Core allows. On wards whose plan says so, every such resource is stored without its encounter
 * link, whoever writes it (the generator, the evolver, a test over HTTP), so a client meets the shape
 * exactly as it would at a trust.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { WardPlan } from './trust.model.js';

const SHAPED_TYPES = new Set(['Observation', 'Flag', 'RiskAssessment']);

const idOf = (reference: string | undefined): string | undefined => reference?.split('/').pop();

/** A write hook for the repository; follows each encounter to its ward as encounters are written. */
export function readingLinkShaper(wards: readonly WardPlan[]): (resource: Resource) => Resource {
  const wardIds = new Set(wards.map((w) => w.id));
  const patientOnlyWards = new Set(wards.filter((w) => w.readingLinks === 'patient').map((w) => w.id));
  const wardOfEncounter = new Map<string, string>();
  return (resource) => {
    if (patientOnlyWards.size === 0) return resource;
    if (resource.resourceType === 'Encounter') {
      const ward = (resource.location ?? [])
        .filter((l) => l.status === 'active')
        .map((l) => idOf(l.location.reference))
        .find((id) => id !== undefined && wardIds.has(id));
      if (ward !== undefined && resource.id !== undefined) wardOfEncounter.set(resource.id, ward);
      return resource;
    }
    if (!SHAPED_TYPES.has(resource.resourceType) || !('encounter' in resource)) return resource;
    const encounterId = idOf(resource.encounter?.reference);
    if (encounterId === undefined || !patientOnlyWards.has(wardOfEncounter.get(encounterId) ?? '')) return resource;
    const { encounter: _encounter, ...patientOnly } = resource;
    return patientOnly as Resource;
  };
}
