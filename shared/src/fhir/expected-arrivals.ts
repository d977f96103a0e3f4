/**
 * Who is expected on a ward (issue 15 item 6): planned admissions and transfers in, and the ward's free
 * beds that could take each of them (same-sex accommodation, a side room for isolation).
 *
 * FHIR R4 has no bed request a ward can be searched by (ServiceRequest and Task have no location search
 * parameter), and a PAS records an expected patient on the Encounter itself, so that is what is read:
 * - an admission: an Encounter `planned`, `arrived` or `triaged` (booked, or in ED awaiting a bed) with
 *   a location entry for the ward or one of its places;
 * - a transfer in: a current encounter on another ward with a `planned` or `reserved` entry here;
 * - a bed held for them: that entry names one of the ward's beds.
 * When: the R5 `plannedStartDate` (cross-version extension), else the entry's period start, else a
 * planned encounter's period start. From: a transfer's current ward (by name where the ward is known,
 * else the reference's display); an admission's `hospitalization.origin`, else its `admitSource` in
 * words (HL7 admit-source and the UK Core source of admission, plus the trust's codes).
 *
 * Untrusted input: read through the guards of observation-rules.ts; a time that cannot be read is a
 * problem shown beside the arrival, never a guess, and an arrival is never dropped for one.
 */
import type { Encounter, Flag, Patient } from '@medplum/fhirtypes';
import type { BaySex, BedFit, BedStatus, ExpectedArrival, IsolationKind } from '../ward.types.js';
import { initialsOf } from '../display-label.js';
import { infectionStatus, DEFAULT_INFECTION_ALERTS, DEFAULT_ISOLATION_CODES } from './infection.js';
import type { InfectionAlertRule, IsolationCodes } from './infection.js';
import { arr, isObject, parseTime, str } from './observation-rules.js';
import { entriesInForce, isOnWard, referencedId } from './stay-links.js';

export const ARRIVAL_SYSTEMS = {
  /** HL7 `Encounter.hospitalization.admitSource`. */
  admitSource: 'http://terminology.hl7.org/CodeSystem/admit-source',
  /** UK Core source of admission (NHS Data Dictionary). */
  ukSourceOfAdmission: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SourceOfAdmissionEngland',
} as const;

/** R5 `Encounter.plannedStartDate` carried into R4 as a cross-version extension. */
export const PLANNED_START_EXTENSION =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedStartDate';

/** Encounter statuses of a stay that has not begun on a ward: booked, or arrived at hospital (ED) and waiting. */
export const NOT_YET_ADMITTED: readonly string[] = ['planned', 'arrived', 'triaged'];
/** Location entry statuses that say "coming here", not "here". */
const COMING: readonly string[] = ['planned', 'reserved'];

/** Admit sources in the words a ward uses ("from ED"), by "system|code". */
export const DEFAULT_ADMIT_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  [`${ARRIVAL_SYSTEMS.admitSource}|emd`]: 'ED',
  [`${ARRIVAL_SYSTEMS.admitSource}|gp`]: 'GP',
  [`${ARRIVAL_SYSTEMS.admitSource}|outp`]: 'outpatients',
  [`${ARRIVAL_SYSTEMS.admitSource}|hosp-trans`]: 'another hospital',
  [`${ARRIVAL_SYSTEMS.admitSource}|psych`]: 'a psychiatric hospital',
  [`${ARRIVAL_SYSTEMS.admitSource}|nursing`]: 'a nursing home',
  [`${ARRIVAL_SYSTEMS.admitSource}|rehab`]: 'rehabilitation',
  [`${ARRIVAL_SYSTEMS.admitSource}|born`]: 'birth',
  [`${ARRIVAL_SYSTEMS.admitSource}|mp`]: 'a doctor’s referral',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|19`]: 'home',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|37`]: 'court',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|40`]: 'prison',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|42`]: 'police custody',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|49`]: 'a high-security hospital',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|51`]: 'another hospital',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|53`]: 'a psychiatric hospital',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|54`]: 'a care home',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|85`]: 'a care home',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|87`]: 'a private hospital',
  [`${ARRIVAL_SYSTEMS.ukSourceOfAdmission}|88`]: 'a hospice',
});

export interface ExpectedArrivalRules {
  /** Arrivals expected further ahead than this are not today's flow (an elective list for next week). */
  horizonHours: number;
  /** This many minutes past the expected time and still not here: "late", check the PAS. */
  lateAfterMinutes: number;
  /** Admit sources in words, by "system|code": the defaults with the trust's. */
  admitSources: ReadonlyMap<string, string>;
}

export const DEFAULT_EXPECTED_ARRIVAL_RULES: ExpectedArrivalRules = {
  horizonHours: 24,
  lateAfterMinutes: 60,
  admitSources: new Map(Object.entries(DEFAULT_ADMIT_SOURCES)),
};

/** What a trust may set in WARDS_CONFIG `expectedArrivals`. */
export interface ExpectedArrivalConfig {
  horizonHours?: number;
  lateAfterMinutes?: number;
  admitSources?: Readonly<Record<string, string>>;
}

export function expectedArrivalRulesWith(config: ExpectedArrivalConfig): ExpectedArrivalRules {
  return {
    horizonHours: config.horizonHours ?? DEFAULT_EXPECTED_ARRIVAL_RULES.horizonHours,
    lateAfterMinutes: config.lateAfterMinutes ?? DEFAULT_EXPECTED_ARRIVAL_RULES.lateAfterMinutes,
    admitSources: new Map([
      ...DEFAULT_EXPECTED_ARRIVAL_RULES.admitSources,
      ...Object.entries(config.admitSources ?? {}),
    ]),
  };
}

/** A bed as the matching needs it: the ward's beds after placement, with who is in each bay now. */
export interface BedForMatching {
  id: string;
  label: string;
  area: string | null;
  status: BedStatus;
  areaSex: BaySex | null;
  sideRoom: boolean;
  /** Recorded sexes of the patients in the same bay now (read when the bay records none). */
  baySexesNow: ReadonlySet<'male' | 'female'>;
}

export interface ArrivalInput {
  wardId: string;
  /** Every place of the ward: its bays, rooms and beds. */
  placeIds: ReadonlySet<string>;
  beds: readonly BedForMatching[];
  /** Encounters found by the ward's location searches, any status (those not coming here are ignored). */
  encounters: readonly Encounter[];
  patients: ReadonlyMap<string, Patient>;
  /** Flags naming the expected patients (isolation, infection alerts). */
  flags: readonly Flag[];
  /** Names of the trust's wards by Location id: "from Ward 3A" where the reference has no display. */
  wardNames: ReadonlyMap<string, string>;
  infectionAlerts?: readonly InfectionAlertRule[];
  isolationCodes?: IsolationCodes;
}

interface ComingEntry {
  locationId: string;
  start: unknown;
}

/** The location entries of an encounter saying it is coming to this ward, with the entry's start. */
function comingHere(
  encounter: Encounter,
  wardId: string,
  placeIds: ReadonlySet<string>,
  admission: boolean,
): ComingEntry[] {
  return arr<unknown>(encounter.location)
    .filter(isObject)
    .filter((entry) => {
      const status = str(entry.status);
      // A booked stay's entries may be unstated or even "active" in a PAS feed; a current stay's only count when coming.
      if (admission) return status === null || status === 'active' || COMING.includes(status);
      return status !== null && COMING.includes(status);
    })
    .filter((entry) => !(isObject(entry.period) && entry.period.end !== undefined))
    .map((entry) => ({
      locationId: referencedId(entry.location, 'Location') ?? '',
      start: isObject(entry.period) ? entry.period.start : undefined,
    }))
    .filter((entry) => entry.locationId === wardId || placeIds.has(entry.locationId));
}

/** A current stay's ward now: its active entries elsewhere, by known ward name or the reference's display. */
function currentPlaceWords(encounter: Encounter, wardNames: ReadonlyMap<string, string>): string | null {
  for (const entry of entriesInForce(encounter)) {
    const id = referencedId(entry.location, 'Location');
    const words =
      (id === null ? undefined : wardNames.get(id)) ?? (isObject(entry.location) ? str(entry.location.display) : null);
    if (words !== null && words !== undefined) return words;
  }
  return null;
}

function admissionFromWords(
  encounter: Encounter,
  rules: ExpectedArrivalRules,
  wardNames: ReadonlyMap<string, string>,
): string | null {
  const stay = isObject(encounter.hospitalization) ? encounter.hospitalization : {};
  const origin = isObject(stay.origin) ? stay.origin : null;
  if (origin !== null) {
    const id = referencedId(origin, 'Location');
    const named = (id === null ? undefined : wardNames.get(id)) ?? str(origin.display);
    if (named !== null && named !== undefined) return named;
  }
  const source = isObject(stay.admitSource) ? stay.admitSource : null;
  if (source === null) return null;
  for (const coding of arr<unknown>(source.coding).filter(isObject)) {
    const words = rules.admitSources.get(`${str(coding.system) ?? ''}|${str(coding.code) ?? ''}`);
    if (words !== undefined) return words;
  }
  // A code nobody mapped: its own words rather than nothing.
  return (
    str(source.text) ??
    arr<unknown>(source.coding)
      .filter(isObject)
      .map((c) => str(c.display))
      .find((d) => d !== null) ??
    null
  );
}

function plannedStart(encounter: Encounter): unknown {
  return arr<unknown>(encounter.extension)
    .filter(isObject)
    .find((e) => e.url === PLANNED_START_EXTENSION)?.valueDateTime;
}

function sexOf(patient: Patient | undefined): ExpectedArrival['sex'] {
  if (!isObject(patient)) return null;
  const g = patient.gender;
  return g === 'male' || g === 'female' || g === 'other' ? g : 'unknown';
}

function initials(patient: Patient | undefined): string | null {
  if (!isObject(patient)) return null;
  const names = arr<unknown>(patient.name).filter(isObject);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const given = arr<unknown>(name?.given).filter((g): g is string => typeof g === 'string');
  return initialsOf(given, str(name?.family) ?? undefined);
}

const SEX_WORDS = { male: 'men', female: 'women' } as const;

/**
 * The free beds that could take a patient of this sex needing (or not) isolation, the bed held for
 * them first. Same-sex accommodation: a bay recorded for one sex takes only that sex; a bay with no
 * recorded sex takes the sex of those in it now (any when empty); a side room takes anyone. A sex not
 * recorded as male or female fits with a note to check, never silently.
 */
export function bedsThatFit(
  patient: { sex: ExpectedArrival['sex']; isolation: IsolationKind | null; heldBedId: string | null },
  beds: readonly BedForMatching[],
  heldForOthers: ReadonlySet<string>,
): { fits: BedFit[]; noFit: string | null } {
  const known = patient.sex === 'male' || patient.sex === 'female' ? patient.sex : null;
  const open = beds.filter((b) => b.id === patient.heldBedId || (b.status === 'free' && !heldForOthers.has(b.id)));
  const fits: Array<BedFit & { rank: number }> = [];
  let wrongSex = 0;
  for (const bed of open) {
    if (patient.isolation !== null && !bed.sideRoom) continue;
    const bayFor: 'male' | 'female' | null = bed.sideRoom
      ? null
      : bed.areaSex === 'male' || bed.areaSex === 'female'
        ? bed.areaSex
        : bed.areaSex === null && bed.baySexesNow.size === 1
          ? ([...bed.baySexesNow][0] ?? null)
          : null;
    const mixedNow = !bed.sideRoom && bed.areaSex === null && bed.baySexesNow.size > 1;
    if (known !== null && ((bayFor !== null && bayFor !== known) || mixedNow)) {
      wrongSex++;
      continue;
    }
    const held = bed.id === patient.heldBedId;
    const notes = [
      ...(held ? ['held for them'] : []),
      ...(bed.sideRoom && patient.isolation === null ? ['side room'] : []),
      ...(known === null && bayFor !== null ? [`sex not recorded: bay for ${SEX_WORDS[bayFor]}`] : []),
    ];
    fits.push({
      bedId: bed.id,
      label: bed.label,
      area: bed.area,
      note: notes.length === 0 ? null : notes.join(', '),
      // The held bed first; side rooms kept for those who need them.
      rank: held ? 0 : bed.sideRoom && patient.isolation === null ? 2 : 1,
    });
  }
  const ordered = fits.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...fit }) => fit);
  if (ordered.length > 0) return { fits: ordered, noFit: null };
  const noFit =
    open.length === 0
      ? 'No free bed on the ward'
      : patient.isolation !== null
        ? 'No side room free for isolation'
        : wrongSex > 0 && known !== null
          ? `No free bed in a bay for ${SEX_WORDS[known]}`
          : 'No free bed fits';
  return { fits: [], noFit };
}

/**
 * Everyone expected on the ward at `now`, soonest first (no time last), with the beds that fit.
 * Pure: the same encounters and time give the same list.
 */
export function expectedArrivals(input: ArrivalInput, rules: ExpectedArrivalRules, now: number): ExpectedArrival[] {
  const bedIds = new Set(input.beds.map((b) => b.id));
  const horizon = now + rules.horizonHours * 3_600_000;
  const found: Array<Omit<ExpectedArrival, 'fits' | 'noFit'>> = [];
  const seen = new Set<string>();
  for (const encounter of arr<Encounter>(input.encounters)) {
    if (!isObject(encounter)) continue;
    const id = str(encounter.id);
    const status = str(encounter.status);
    if (id === null || status === null || seen.has(id)) continue;
    const admission = NOT_YET_ADMITTED.includes(status);
    if (!admission && status !== 'in-progress' && status !== 'onleave') continue;
    const entries = comingHere(encounter, input.wardId, input.placeIds, admission);
    if (entries.length === 0) continue;
    // A current stay already on this ward is moving beds, not arriving.
    if (!admission && isOnWard(encounter, input.wardId, input.placeIds)) continue;
    seen.add(id);
    const problems: string[] = [];
    const held = entries.find((e) => bedIds.has(e.locationId));
    const period = isObject(encounter.period) ? encounter.period : {};
    const candidates = [
      plannedStart(encounter),
      held?.start ?? entries[0]?.start,
      admission ? period.start : undefined,
    ];
    let expectedAt: number | null = null;
    for (const value of candidates) {
      if (value === undefined || value === null) continue;
      const t = parseTime(value);
      if (t === null) {
        problems.push(`Expected time unreadable: ${String(value).slice(0, 40)}`);
        continue;
      }
      expectedAt = t;
      break;
    }
    if (expectedAt !== null && expectedAt > horizon) continue;
    const patientId = referencedId(encounter.subject, 'Patient') ?? '';
    const patient = input.patients.get(patientId);
    if (patient === undefined) problems.push('Patient record missing from FHIR');
    const infection = infectionStatus(
      arr<Flag>(input.flags).filter((f) => isObject(f) && referencedId(f.subject, 'Patient') === patientId),
      now,
      input.infectionAlerts ?? DEFAULT_INFECTION_ALERTS,
      input.isolationCodes ?? DEFAULT_ISOLATION_CODES,
    );
    found.push({
      encounterId: id,
      kind: admission ? 'admission' : 'transfer',
      from: admission
        ? admissionFromWords(encounter, rules, input.wardNames)
        : currentPlaceWords(encounter, input.wardNames),
      expectedAt: expectedAt === null ? null : new Date(expectedAt).toISOString(),
      late: expectedAt !== null && now - expectedAt > rules.lateAfterMinutes * 60_000,
      heldBedId: held?.locationId ?? null,
      initials: initials(patient),
      sex: sexOf(patient),
      isolation: infection?.isolation?.kind ?? null,
      alerts: infection?.alerts.map((a) => a.label) ?? [],
      problems,
    });
  }
  found.sort(
    (a, b) =>
      (a.expectedAt === null ? Infinity : Date.parse(a.expectedAt)) -
        (b.expectedAt === null ? Infinity : Date.parse(b.expectedAt)) || (a.encounterId < b.encounterId ? -1 : 1),
  );
  // Two arrivals holding one bed: the sooner keeps it, the other is told.
  const heldBy = new Map<string, string>();
  for (const arrival of found) {
    if (arrival.heldBedId === null) continue;
    if (heldBy.has(arrival.heldBedId)) {
      arrival.problems.push(`${labelOf(input.beds, arrival.heldBedId)} is held for another expected patient too`);
      arrival.heldBedId = null;
    } else heldBy.set(arrival.heldBedId, arrival.encounterId);
  }
  return found.map((arrival) => {
    const held = input.beds.find((b) => b.id === arrival.heldBedId);
    if (held !== undefined && held.status === 'occupied')
      arrival.problems.push(`${held.label}, held for them, is occupied`);
    const others = new Set([...heldBy].filter(([, e]) => e !== arrival.encounterId).map(([bed]) => bed));
    const usable = held !== undefined && held.status === 'occupied' ? { ...arrival, heldBedId: null } : arrival;
    return { ...arrival, ...bedsThatFit(usable, input.beds, others) };
  });
}

const labelOf = (beds: readonly BedForMatching[], id: string): string => beds.find((b) => b.id === id)?.label ?? id;
