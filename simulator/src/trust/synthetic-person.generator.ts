/**
 * Synthetic patients: a UK name, sex, date of birth and a test-range NHS number. No real person's
 * details are used or derivable.
 */
import type { PersonSpec } from './fhir-resource.factory.js';
import type { WardProfile } from './news2.model.js';
import { nextTestNhsNumber } from './nhs-number.util.js';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './people-names.data.js';
import type { SeededRandom } from '../util/seeded-random.util.js';

export interface PersonRequest {
  sex: 'male' | 'female' | 'mixed';
  profile: WardProfile;
  nowMs: number;
  /** Forces the same initials as another patient, e.g. "JS" (the wall board must tell them apart by bed). */
  initials?: string;
}

export function syntheticPerson(random: SeededRandom, request: PersonRequest, nhsNumbers: Set<string>): PersonSpec {
  const gender = request.sex === 'mixed' ? (random.chance(0.5) ? 'male' : 'female') : request.sex;
  const givenNames: readonly string[] = gender === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES;
  const given = pickStartingWith(random, givenNames, request.initials?.[0]);
  const family = pickStartingWith(random, FAMILY_NAMES, request.initials?.[1]);
  return {
    given,
    family,
    gender,
    birthDate: birthDate(random, request.profile, request.nowMs),
    nhsNumber: nextTestNhsNumber(random, nhsNumbers),
  };
}

export function initialsOf(person: Pick<PersonSpec, 'given' | 'family'>): string {
  return `${person.given[0] ?? ''}${person.family[0] ?? ''}`;
}

function pickStartingWith(random: SeededRandom, names: readonly string[], letter: string | undefined): string {
  const fitting = letter === undefined ? names : names.filter((n) => n.startsWith(letter));
  return random.pick(fitting.length > 0 ? fitting : names);
}

/** Adults only; acute inpatients skew old, mental-health inpatients span working age and older adults. */
function birthDate(random: SeededRandom, profile: WardProfile, nowMs: number): string {
  const age = profile === 'acute' ? 18 + Math.floor(80 * Math.sqrt(random.next())) : random.int(18, 85);
  const born = nowMs - age * 365.25 * 86_400_000 - random.int(0, 364) * 86_400_000;
  return new Date(born).toISOString().slice(0, 10);
}
