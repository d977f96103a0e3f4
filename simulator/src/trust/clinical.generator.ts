/**
 * The clinical items on each inpatient's board row, seeded with the stay and moved on by each evolve
 * step: NEWS2 as a total with sub-scores or (for a few acute patients) as vital signs only, glucose,
 * observation level, Mental Health Act status, falls risk, AWOL, delays and care plans.
 *
 * Each encounter draws from its own random stream (seed, encounter id, step), so adding these items
 * leaves the rest of the trust exactly as it was, and the same seed and clock give the same trust.
 */
import type { CarePlan, Encounter, Flag, Resource, Task } from '@medplum/fhirtypes';
import {
  awolFlag,
  carePlan,
  completedTask,
  delayTask,
  DELAY_TEXT,
  endedFlag,
  fallsFlag,
  fallsRiskAssessment,
  glucoseObservation,
  infectionFlag,
  isolationFlag,
  mhaLeaveFlag,
  mhaObservation,
  type InfectionAlert,
  type IsolationPrecaution,
  hashOf,
  legalStatusFlag,
  observationLevelObservation,
  splitNews2,
  vitalSignsSet,
  withLegalStatus,
  type DelayKind,
  type FallsLevel,
  type LegalCode,
  type ObservationLevel,
} from './clinical-resource.factory.js';
import { addDays, isoInstant, londonDate } from '../util/dates.util.js';
import { news2Observation } from './fhir-resource.factory.js';
import { evolveKeyAssessments, seedKeyAssessments } from './key-assessment.generator.js';
import { assessed, seedVte } from './vte.generator.js';
import type { WardProfile } from './news2.model.js';
import { SeededRandom } from '../util/seeded-random.util.js';
import type { ClinicalCourse, TrustState } from './trust.model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Slots given a Mental Health Act deadline: rights overdue (4), section ending (6), leave (8, 9 late back), tribunal (10). */
const DEADLINE_SLOTS: readonly number[] = [4, 6, 8, 9, 10];

/** Per-encounter bounds, so a simulator that runs for days keeps a bounded store. */
export const CLINICAL_RETENTION = { glucose: 6, levels: 6, riskAssessments: 4, tasks: 6, awolFlags: 3 } as const;

type Owner = { patientId: string; encounterId: string };

/** A ward slot for a patient admitted later: acute admissions now and then publish vital signs only. */
export function hashSlot(encounterId: string): number {
  return hashOf(`slot:${encounterId}`) % 24;
}

function rngFor(state: TrustState, encounterId: string, stream: number): SeededRandom {
  return new SeededRandom((state.seed ^ hashOf(encounterId)) >>> 0, stream);
}

function nextId(
  state: TrustState,
  prefix: 'glucose' | 'level' | 'flag' | 'risk' | 'task' | 'careplan' | 'vitals' | 'mha',
  course: ClinicalCourse,
  type: string,
): string {
  const id = state.ids.next(prefix);
  course.owned.add(`${type}/${id}`);
  return id;
}

/**
 * A NEWS2 reading as the encounter publishes it: a total with its seven sub-scores as components, or
 * a set of vital-sign Observations (same effective time) scoring the same. Returns the Observation ids.
 */
export function news2Reading(
  state: TrustState,
  owner: Owner,
  score: number,
  at: string,
): { resources: Resource[]; ids: string[] } {
  const course = state.clinical.get(owner.encounterId);
  if (course === undefined || course.news2As === 'total') {
    const id = state.ids.next('news2');
    return { resources: [news2Observation(id, owner.patientId, owner.encounterId, score, at)], ids: [id] };
  }
  const base = state.ids.next('vitals');
  const resources = vitalSignsSet(
    (suffix) => `${base}-${suffix}`,
    owner,
    at,
    splitNews2(score, base),
    course.news2As === 'vitals-incomplete' ? course.omit : undefined,
  );
  return { resources, ids: resources.map((r) => r.id as string) };
}

/**
 * Seeds one stay's clinical items. `slot` is the patient's place on the ward (or a hash for later
 * admissions): low slots are given the items every ward must show at least once.
 */
export function seedClinical(
  state: TrustState,
  profile: WardProfile,
  options: { slot: number; awolWard: boolean; nowMs: number; admittedMs: number },
  encounter: Encounter,
): { encounter: Encounter; resources: Resource[] } {
  const owner: Owner = {
    patientId: encounter.subject?.reference?.split('/')[1] ?? '',
    encounterId: encounter.id ?? '',
  };
  const random = rngFor(state, owner.encounterId, 0x5eed);
  const { slot, nowMs, admittedMs } = options;
  const mh = profile === 'mental-health';
  const course: ClinicalCourse = {
    ...owner,
    profile,
    news2As: !mh && (slot === 4 || slot === 7) ? 'vitals' : !mh && slot === 10 ? 'vitals-incomplete' : 'total',
    omit: (['temperature', 'respirationRate', 'systolicBp', 'pulse'] as const)[hashOf(owner.encounterId) % 4],
    glucose: false,
    level: null,
    legal: null,
    awolFlagId: null,
    reviewDate: undefined,
    carePlanId: null,
    glucoseIds: [],
    levelIds: [],
    riskIds: [],
    taskIds: [],
    flagIds: [],
    awolIds: [],
    owned: new Set(),
  };
  state.clinical.set(owner.encounterId, course);
  const resources: Resource[] = [];
  const since = (hoursAgoMax: number): number => Math.max(admittedMs, nowMs - random.between(0.1, hoursAgoMax) * HOUR);
  let result = encounter;
  let detention: { code: LegalCode; startMs: number } | null = null;

  // Glucose: more on acute wards; slot 3 reads low.
  course.glucose = slot === 3 || random.chance(mh ? 0.2 : 0.55);
  if (course.glucose) {
    const count = random.int(1, 3);
    const latestMs = since(6);
    for (let k = count - 1; k >= 0; k--) {
      const atMs = latestMs - k * 6 * HOUR;
      if (atMs < admittedMs) continue;
      const low = k === 0 && (slot === 3 || random.chance(0.05));
      resources.push(
        glucose(state, course, isoInstant(atMs), low ? random.between(2.8, 3.9) : random.between(4.3, 9.8)),
      );
    }
  }

  // Observation level: every mental-health patient, some acute ones.
  if (mh || slot === 2 || random.chance(0.15)) {
    const level: ObservationLevel = mh
      ? slot % 6 === 1
        ? 'within-eyesight'
        : slot % 11 === 5
          ? 'arms-length'
          : random.weighted<ObservationLevel>([
              ['general', 72],
              ['intermittent', 22],
              ['within-eyesight', 4],
              ['arms-length', 2],
            ])
      : random.weighted<ObservationLevel>([
          ['general', 55],
          ['intermittent', 30],
          ['within-eyesight', 15],
        ]);
    resources.push(levelObservation(state, course, isoInstant(since(72)), level));
  }

  // Mental Health Act: the status at admission on the Encounter, the section in force now as a Flag.
  if (mh) {
    const stayMs = nowMs - admittedMs;
    const drawn = random.weighted<LegalCode>([
      ['01', 35],
      ['02', 30],
      ['03', 35],
    ]);
    // The slots that show a deadline on every mental-health ward are detained patients.
    const admission: LegalCode = DEADLINE_SLOTS.includes(slot) && drawn === '01' ? '03' : drawn;
    result = withLegalStatus(encounter, admission);
    let current: LegalCode = admission;
    let startMs = admittedMs;
    let endMs: number | null = null;
    if (admission === '02' && stayMs >= 28 * DAY) [current, startMs] = ['03', admittedMs + 28 * DAY];
    if (current === '02') endMs = startMs + 28 * DAY;
    if (current === '03') {
      while (startMs + 182 * DAY <= nowMs) startMs += 182 * DAY;
      endMs = startMs + 182 * DAY;
    }
    // Slot 6: a section 2 ending within the week (detained before a transfer here, now and then).
    if (slot === 6 && current !== '01') {
      current = '02';
      endMs = nowMs + random.between(2, 6) * DAY;
      startMs = endMs - 28 * DAY;
    }
    resources.push(legalFlag(state, course, current, startMs, endMs));
    detention = current === '01' ? null : { code: current, startMs };
  }

  // Falls risk: an assessment for most, the flag for the higher risks; more on acute wards.
  if (slot === 0 || random.chance(mh ? 0.4 : 0.7)) {
    const level = random.weighted<FallsLevel>(
      mh
        ? [
            ['low', 70],
            ['moderate', 22],
            ['high', 8],
          ]
        : [
            ['low', 40],
            ['moderate', 35],
            ['high', 25],
          ],
    );
    resources.push(riskAssessment(state, course, isoInstant(since(96)), level));
    if (slot === 0 || level === 'high' || (level === 'moderate' && random.chance(0.4))) {
      const id = nextId(state, 'flag', course, 'Flag');
      course.flagIds.push(id);
      resources.push(fallsFlag(id, course, isoInstant(since(96))));
    }
  }

  // Absent without leave, now and then, on mental-health wards only.
  if (mh && ((options.awolWard && slot === 3) || random.chance(0.01)))
    resources.push(startAwol(state, course, since(6)));

  // Delays: a few open tasks, some already overdue.
  if (slot === 1 || random.chance(mh ? 0.12 : 0.25)) {
    for (let k = random.chance(0.2) ? 2 : 1; k > 0; k--)
      resources.push(newTask(state, course, random, nowMs, admittedMs));
  }

  // Care plans: every mental-health patient, many acute ones; most with an explicit review date.
  if (mh || slot === 2 || random.chance(0.4)) {
    const id = nextId(state, 'careplan', course, 'CarePlan');
    course.carePlanId = id;
    const today = londonDate(nowMs);
    course.reviewDate =
      slot !== 2 && random.chance(0.15)
        ? undefined
        : random.chance(0.2)
          ? addDays(today, -random.int(1, 5))
          : addDays(today, random.int(0, 14));
    resources.push(carePlan(id, course, isoInstant(admittedMs), course.reviewDate, mh));
  }

  resources.push(...seedKeyAssessments(state, course, slot, admittedMs, nowMs));

  // VTE on acute wards: assessed within the 14 hours, or pending until the time the evolver does it.
  const vte = seedVte(state, profile, slot, owner, admittedMs, nowMs);
  resources.push(...vte.resources);
  if (vte.pending !== null && vte.pending.assessedAfterHours !== null)
    course.vtePending = { shape: vte.pending, dueMs: admittedMs + vte.pending.assessedAfterHours * HOUR, kind: slot };

  // Infection alerts, now and then with isolation; slot 5 on acute wards always (C. diff, contact).
  // Drawn last, so the items above are as they were before infections were published.
  const infection: { alert: InfectionAlert; isolation: IsolationPrecaution | null } | null =
    !mh && slot === 5
      ? { alert: 'c-difficile', isolation: 'contact' }
      : random.chance(mh ? 0.04 : 0.1)
        ? random.weighted<{ alert: InfectionAlert; isolation: IsolationPrecaution | null }>([
            [{ alert: 'mrsa', isolation: null }, 40],
            [{ alert: 'mrsa', isolation: 'contact' }, 15],
            [{ alert: 'cpe', isolation: 'contact' }, 10],
            [{ alert: 'norovirus', isolation: 'contact' }, 15],
            [{ alert: 'covid-19', isolation: 'droplet' }, 20],
          ])
        : null;
  if (infection !== null) {
    course.infection = true;
    const from = since(72);
    const alertId = nextId(state, 'flag', course, 'Flag');
    course.flagIds.push(alertId);
    resources.push(infectionFlag(alertId, course, infection.alert, isoInstant(from)));
    if (infection.isolation !== null) {
      const isolationId = nextId(state, 'flag', course, 'Flag');
      course.flagIds.push(isolationId);
      resources.push(isolationFlag(isolationId, course, infection.isolation, isoInstant(from)));
    }
  }

  // Mental Health Act deadlines of a detained patient, drawn after everything above.
  if (detention !== null) {
    const { code, startMs } = detention;
    const mhaId = () => nextId(state, 'mha', course, 'Observation');
    // Rights explained within hours of detention and again about every four weeks (the ward keeps
    // up), except now and then (slot 4 always): then they are overdue.
    if (slot !== 4 && !random.chance(0.08)) {
      let givenMs = startMs + random.between(1, 20) * HOUR;
      while (givenMs + 27 * DAY < nowMs) givenMs += random.between(24, 29) * DAY;
      resources.push(mhaObservation(mhaId(), course, 'rights-s132', isoInstant(Math.min(nowMs - HOUR, givenMs))));
    }
    // Section 3: the s58 three-month date from the start of treatment.
    if (code === '03')
      resources.push(
        mhaObservation(mhaId(), course, 'consent-s58', isoInstant(startMs), isoInstant(startMs + 91 * DAY)),
      );
    // Leave authorised for some; slot 9 is on leave now and late back (the card's urgent state).
    if (slot === 8 || slot === 9 || random.chance(0.3)) {
      const id = nextId(state, 'flag', course, 'Flag');
      course.flagIds.push(id);
      const from = Math.max(startMs, nowMs - random.between(1, 10) * DAY);
      resources.push(
        mhaLeaveFlag(
          id,
          course,
          'leave-s17-authorised',
          isoInstant(from),
          isoInstant(nowMs + random.between(3, 21) * DAY),
        ),
      );
    }
    if (slot === 9) {
      result = { ...result, status: 'onleave' };
      resources.push(startLeave(state, course, nowMs - 5 * HOUR, nowMs - HOUR));
    }
    // A tribunal now and then (slot 10 always), within the fortnight.
    if (slot === 10 || random.chance(0.06)) {
      const hearingMs = Math.round((nowMs + random.between(1, 14) * DAY) / HOUR) * HOUR;
      resources.push(mhaObservation(mhaId(), course, 'tribunal', isoInstant(nowMs - 3 * DAY), isoInstant(hearingMs)));
    }
  }
  return { encounter: result, resources };
}

function glucose(state: TrustState, course: ClinicalCourse, at: string, value: number): Resource {
  const id = nextId(state, 'glucose', course, 'Observation');
  course.glucoseIds.push(id);
  return glucoseObservation(id, course, at, value);
}

function levelObservation(state: TrustState, course: ClinicalCourse, at: string, level: ObservationLevel): Resource {
  const id = nextId(state, 'level', course, 'Observation');
  course.levelIds.push(id);
  course.level = level;
  return observationLevelObservation(id, course, at, level);
}

/** Leave taken now: an active on-leave Flag from `fromMs`, due back at `backMs`. */
export function startLeave(state: TrustState, course: ClinicalCourse, fromMs: number, backMs: number): Flag {
  const id = nextId(state, 'flag', course, 'Flag');
  course.flagIds.push(id);
  course.leaveFlag = mhaLeaveFlag(id, course, 'leave-s17', isoInstant(fromMs), isoInstant(backMs));
  return course.leaveFlag;
}

/** Back from leave: the on-leave Flag closed (its period keeps the time due back), or nothing if none is open. */
export function endLeave(course: ClinicalCourse | undefined): Flag | null {
  const open = course?.leaveFlag ?? null;
  if (course === undefined || open === null) return null;
  course.leaveFlag = null;
  return { ...open, status: 'inactive' };
}

function legalFlag(
  state: TrustState,
  course: ClinicalCourse,
  code: LegalCode,
  startMs: number,
  endMs: number | null,
): Resource {
  const id = nextId(state, 'flag', course, 'Flag');
  course.flagIds.push(id);
  course.legal = { code, flagId: id, endMs };
  return legalStatusFlag(id, course, code, isoInstant(startMs), endMs === null ? undefined : isoInstant(endMs));
}

function riskAssessment(state: TrustState, course: ClinicalCourse, at: string, level: FallsLevel): Resource {
  const id = nextId(state, 'risk', course, 'RiskAssessment');
  course.riskIds.push(id);
  return fallsRiskAssessment(id, course, at, level);
}

function startAwol(state: TrustState, course: ClinicalCourse, startMs: number): Resource {
  const id = nextId(state, 'flag', course, 'Flag');
  course.awolIds.push(id);
  course.awolFlagId = id;
  return awolFlag(id, course, isoInstant(startMs));
}

function newTask(
  state: TrustState,
  course: ClinicalCourse,
  random: SeededRandom,
  nowMs: number,
  admittedMs: number,
): Resource {
  const kind = random.weighted<DelayKind>(
    course.profile === 'acute'
      ? [
          ['assessment', 30],
          ['transport', 30],
          ['discharge', 40],
        ]
      : [
          ['assessment', 60],
          ['transport', 15],
          ['discharge', 25],
        ],
  );
  const dueMs = random.chance(0.35) ? nowMs - random.between(1, 24) * HOUR : nowMs + random.between(2, 48) * HOUR;
  const authoredMs = Math.max(admittedMs, Math.min(nowMs, dueMs - random.between(4, 48) * HOUR));
  const id = nextId(state, 'task', course, 'Task');
  course.taskIds.push(id);
  return delayTask(
    id,
    course,
    kind,
    random.pick(DELAY_TEXT[kind]),
    isoInstant(authoredMs),
    isoInstant(dueMs),
    random.chance(0.5) ? 'requested' : 'in-progress',
  );
}

export interface ClinicalStore {
  read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T | undefined>;
  remove(resourceType: string, id: string): Promise<void>;
}

/** Drops the oldest ids of a list beyond `max`. */
async function trim(
  store: ClinicalStore,
  course: ClinicalCourse,
  type: string,
  ids: string[],
  max: number,
): Promise<void> {
  while (ids.length > max) {
    const id = ids.shift() as string;
    course.owned.delete(`${type}/${id}`);
    await store.remove(type, id);
  }
}

/**
 * One step for a current stay: new glucose readings and levels now and then, reassessed falls risk,
 * AWOL starting and resolving, delays completed and raised, overdue reviews done, a Section 2
 * that lapses becoming a Section 3. Returns what to write; old items beyond the bounds are deleted.
 */
export async function evolveClinical(
  state: TrustState,
  store: ClinicalStore,
  encounter: Encounter,
  nowMs: number,
): Promise<Resource[]> {
  const course = state.clinical.get(encounter.id ?? '');
  if (course === undefined) return [];
  const random = rngFor(state, course.encounterId, 1000 + state.step);
  const mh = course.profile === 'mental-health';
  const at = isoInstant(nowMs);
  const admittedMs = Date.parse(encounter.period?.start ?? at);
  const writes: Resource[] = [];

  if (course.glucose && random.chance(mh ? 0.03 : 0.1))
    writes.push(glucose(state, course, at, random.chance(0.08) ? random.between(2.8, 3.9) : random.between(4.3, 9.8)));
  if (course.level !== null && random.chance(0.03)) {
    const level = random.weighted<ObservationLevel>(
      mh
        ? [
            ['general', 65],
            ['intermittent', 22],
            ['within-eyesight', 9],
            ['arms-length', 4],
          ]
        : [
            ['general', 60],
            ['intermittent', 30],
            ['within-eyesight', 10],
          ],
    );
    writes.push(levelObservation(state, course, at, level));
  }
  if (course.riskIds.length > 0 && random.chance(0.02)) {
    writes.push(
      riskAssessment(
        state,
        course,
        at,
        random.weighted<FallsLevel>([
          ['low', 45],
          ['moderate', 35],
          ['high', 20],
        ]),
      ),
    );
  }

  if (course.legal?.code === '02' && course.legal.endMs !== null && course.legal.endMs <= nowMs) {
    writes.push(legalFlag(state, course, '03', course.legal.endMs, course.legal.endMs + 182 * DAY));
  }

  if (course.awolFlagId !== null) {
    const flag = await store.read<Flag>('Flag', course.awolFlagId);
    if (flag === undefined || flag.status !== 'active') course.awolFlagId = null;
    else if (random.chance(0.3)) {
      writes.push(endedFlag(flag, at));
      course.awolFlagId = null;
    }
  } else if (mh && encounter.status === 'in-progress' && random.chance(0.003)) {
    writes.push(startAwol(state, course, nowMs));
  }

  let open = 0;
  for (const id of course.taskIds) {
    const task = await store.read<Task>('Task', id);
    if (task === undefined || (task.status !== 'requested' && task.status !== 'in-progress')) continue;
    if (random.chance(0.08)) writes.push(completedTask(task, at));
    else open++;
  }
  if (open < 3 && random.chance(mh ? 0.005 : 0.012)) writes.push(newTask(state, course, random, nowMs, admittedMs));

  if (
    course.carePlanId !== null &&
    course.reviewDate !== undefined &&
    course.reviewDate < londonDate(nowMs) &&
    random.chance(0.1)
  ) {
    const plan = await store.read<CarePlan>('CarePlan', course.carePlanId);
    if (plan?.status === 'active') {
      course.reviewDate = addDays(londonDate(nowMs), 7);
      writes.push({
        ...plan,
        extension: [
          ...(plan.extension ?? []).filter((e) => !e.url.endsWith('careplan-review-date')),
          { url: 'https://fhir.wardflow.org/StructureDefinition/careplan-review-date', valueDate: course.reviewDate },
        ],
      });
    }
  }

  const vtePending = course.vtePending ?? null;
  if (vtePending !== null && nowMs >= vtePending.dueMs && encounter.status !== 'onleave') {
    writes.push(...assessed(state, course, nowMs, vtePending.shape, vtePending.kind, nowMs));
    course.vtePending = null;
  }

  writes.push(
    ...(await evolveKeyAssessments(state, course, encounter.status === 'onleave', admittedMs, nowMs, (type, id) =>
      store.remove(type, id),
    )),
  );

  await trim(store, course, 'Observation', course.glucoseIds, CLINICAL_RETENTION.glucose);
  await trim(store, course, 'Observation', course.levelIds, CLINICAL_RETENTION.levels);
  await trim(store, course, 'RiskAssessment', course.riskIds, CLINICAL_RETENTION.riskAssessments);
  // Keep the newest tasks and flags; the open ones are the newest, as raised last.
  await trim(store, course, 'Task', course.taskIds, CLINICAL_RETENTION.tasks);
  await trim(store, course, 'Flag', course.awolIds, CLINICAL_RETENTION.awolFlags);
  return writes;
}

/** Everything a dropped stay owned, to delete with it. */
export function dropClinical(state: TrustState, encounterId: string): Array<[string, string]> {
  const course = state.clinical.get(encounterId);
  state.clinical.delete(encounterId);
  return [...(course?.owned ?? [])].map((key) => key.split('/') as [string, string]);
}
