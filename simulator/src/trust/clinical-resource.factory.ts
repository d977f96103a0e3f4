/**
 * FHIR shapes of the ward's clinical items beyond the NEWS2 total: NEWS2 sub-scores, vital-sign sets,
 * glucose, observation level, Mental Health Act status, falls risk, AWOL, delays and care plans.
 * Codes are those the shared readers (shared/src/fhir) read; every resource carries `encounter` and
 * `subject` (or `for`) so a search by encounter finds it.
 */
import type { CarePlan, CodeableConcept, Encounter, Flag, Observation, RiskAssessment, Task } from '@medplum/fhirtypes';

const SYSTEMS = { snomed: 'http://snomed.info/sct', ucum: 'http://unitsofmeasure.org' } as const;

export const CLINICAL_SYSTEMS = {
  loinc: 'http://loinc.org',
  observationLevel: 'https://fhir.wardflow.org/CodeSystem/observation-level',
  wardFlag: 'https://fhir.wardflow.org/CodeSystem/ward-flag',
  delayKind: 'https://fhir.wardflow.org/CodeSystem/delay-kind',
  riskProbability: 'http://terminology.hl7.org/CodeSystem/risk-probability',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  legalEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland',
  legalContext: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext',
} as const;

export const CLINICAL_URLS = {
  legalStatus: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus',
  carePlanReview: 'https://fhir.wardflow.org/StructureDefinition/careplan-review-date',
} as const;

/** SNOMED codes of the NEWS2 sub-scores (UK Core NEWS2 bundle) and ACVPU answers. */
export const NEWS2_SUB_CODES = {
  respirationRate: ['1104301000000104', 'respiration rate score'],
  spo2: ['1104311000000102', 'SpO2 scale 1 score'],
  airOrOxygen: ['1104331000000105', 'air or oxygen score'],
  systolicBp: ['1104341000000101', 'systolic blood pressure score'],
  pulse: ['1104351000000103', 'pulse score'],
  consciousness: ['1104361000000100', 'consciousness score'],
  temperature: ['1104371000000107', 'temperature score'],
} as const;

export type News2Param = keyof typeof NEWS2_SUB_CODES;
export type SubScores = Record<News2Param, number>;

const GRADED: readonly News2Param[] = ['respirationRate', 'spo2', 'systolicBp', 'pulse', 'temperature'];

/** Small stable hash of a string (FNV-1a), for per-resource variation that draws no random numbers. */
export function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Seven sub-scores adding up to `total` (0-20), varied by `key`: about a third of totals of 3 or more
 * have one parameter scoring 3; air/oxygen scores 0 or 2 and consciousness 0 or 3, as on the chart.
 */
export function splitNews2(total: number, key: string): SubScores {
  const h = hashOf(key);
  const s: SubScores = {
    respirationRate: 0,
    spo2: 0,
    airOrOxygen: 0,
    systolicBp: 0,
    pulse: 0,
    consciousness: 0,
    temperature: 0,
  };
  let left = Math.max(0, Math.min(20, Math.round(total)));
  if (left >= 3 && h % 3 === 0) {
    const options: News2Param[] = [...GRADED, 'consciousness'];
    s[options[(h >>> 3) % options.length] as News2Param] = 3;
    left -= 3;
  }
  if (left >= 2 && (left > 10 || h % 4 === 1)) {
    s.airOrOxygen = 2;
    left -= 2;
  }
  if (s.consciousness === 0 && left > 12) {
    s.consciousness = 3;
    left -= 3;
  }
  for (let i = (h >>> 5) % GRADED.length; left > 0; i++) {
    const p = GRADED[i % GRADED.length] as News2Param;
    if (s[p] < 3) {
      s[p]++;
      left--;
    }
  }
  return s;
}

export function news2Components(subScores: SubScores): NonNullable<Observation['component']> {
  return (Object.keys(NEWS2_SUB_CODES) as News2Param[]).map((p) => ({
    code: {
      coding: [
        {
          system: SYSTEMS.snomed,
          code: NEWS2_SUB_CODES[p][0],
          display: `Royal College of Physicians NEWS2 (National Early Warning Score 2) - ${NEWS2_SUB_CODES[p][1]}`,
        },
      ],
    },
    valueQuantity: { value: subScores[p], unit: '{score}', system: SYSTEMS.ucum, code: '{score}' },
  }));
}

const ref = (type: string, id: string): { reference: string } => ({ reference: `${type}/${id}` });
const coded = (system: string, code: string, display?: string, text?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display === undefined ? {} : { display }) }],
  ...(text === undefined ? {} : { text }),
});

interface Owner {
  patientId: string;
  encounterId: string;
}

function observation(
  id: string,
  owner: Owner,
  at: string,
  category: string,
  code: CodeableConcept,
  value: Partial<Observation>,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation'] },
    status: 'final',
    category: [coded('http://terminology.hl7.org/CodeSystem/observation-category', category)],
    code,
    subject: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    effectiveDateTime: at,
    ...value,
  };
}

const qty = (value: number, unit: string, code = unit): Observation['valueQuantity'] => ({
  value,
  unit,
  system: SYSTEMS.ucum,
  code,
});

/** Representative chart values scoring 0-3 (temperature 3 is hypothermia; ACVPU 3 is new confusion). */
const VALUES = {
  respirationRate: [16, 10, 22, 27],
  spo2: [97, 95, 93, 90],
  systolicBp: [124, 106, 96, 88],
  pulse: [76, 98, 118, 134],
  temperature: [37.0, 38.4, 39.4, 34.8],
} as const;

/**
 * One set of vital signs taken together (same effective time) that scores `subScores` on the NEWS2
 * chart: respiration rate, SpO2, BP panel (systolic component), pulse, temperature, ACVPU and
 * inspired O2 (3150-0 at 21% on air) or O2 flow (3151-8). `omit` leaves one out (an incomplete set).
 */
export function vitalSignsSet(
  ids: (suffix: string) => string,
  owner: Owner,
  at: string,
  subScores: SubScores,
  omit?: News2Param,
): Observation[] {
  const v = (p: Exclude<News2Param, 'airOrOxygen' | 'consciousness'>): number =>
    VALUES[p][Math.min(3, subScores[p])] as number;
  const loinc = (code: string, display: string): CodeableConcept => coded(CLINICAL_SYSTEMS.loinc, code, display);
  const sets: Array<[News2Param, () => Observation]> = [
    [
      'respirationRate',
      () =>
        observation(ids('rr'), owner, at, 'vital-signs', loinc('9279-1', 'Respiratory rate'), {
          valueQuantity: qty(v('respirationRate'), 'breaths/min', '/min'),
        }),
    ],
    [
      'spo2',
      () =>
        observation(ids('spo2'), owner, at, 'vital-signs', loinc('59408-5', 'Oxygen saturation by pulse oximetry'), {
          valueQuantity: qty(v('spo2'), '%'),
        }),
    ],
    [
      'airOrOxygen',
      () =>
        subScores.airOrOxygen > 0
          ? observation(ids('o2'), owner, at, 'vital-signs', loinc('3151-8', 'Inhaled oxygen flow rate'), {
              valueQuantity: qty(2, 'L/min'),
            })
          : observation(ids('o2'), owner, at, 'vital-signs', loinc('3150-0', 'Inhaled oxygen concentration'), {
              valueQuantity: qty(21, '%'),
            }),
    ],
    [
      'systolicBp',
      () =>
        observation(ids('bp'), owner, at, 'vital-signs', loinc('85354-9', 'Blood pressure panel'), {
          component: [
            { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: qty(v('systolicBp'), 'mmHg', 'mm[Hg]') },
            {
              code: loinc('8462-4', 'Diastolic blood pressure'),
              valueQuantity: qty(Math.round(v('systolicBp') * 0.62), 'mmHg', 'mm[Hg]'),
            },
          ],
        }),
    ],
    [
      'pulse',
      () =>
        observation(ids('hr'), owner, at, 'vital-signs', loinc('8867-4', 'Heart rate'), {
          valueQuantity: qty(v('pulse'), 'beats/min', '/min'),
        }),
    ],
    [
      'consciousness',
      () =>
        observation(
          ids('acvpu'),
          owner,
          at,
          'vital-signs',
          coded(SYSTEMS.snomed, '1104441000000107', 'ACVPU (Alert Confusion Voice Pain Unresponsive) scale score'),
          {
            valueCodeableConcept:
              subScores.consciousness > 0
                ? coded(SYSTEMS.snomed, '130987000', 'Acute confusion')
                : coded(SYSTEMS.snomed, '248234008', 'Mentally alert'),
          },
        ),
    ],
    [
      'temperature',
      () =>
        observation(ids('temp'), owner, at, 'vital-signs', loinc('8310-5', 'Body temperature'), {
          valueQuantity: qty(v('temperature'), 'degree Celsius', 'Cel'),
        }),
    ],
  ];
  return sets.filter(([p]) => p !== omit).map(([, make]) => make());
}

export function glucoseObservation(id: string, owner: Owner, at: string, mmolPerL: number): Observation {
  return observation(
    id,
    owner,
    at,
    'laboratory',
    coded(CLINICAL_SYSTEMS.loinc, '15074-8', 'Glucose [Moles/volume] in Blood'),
    {
      valueQuantity: qty(Math.round(mmolPerL * 10) / 10, 'mmol/L'),
    },
  );
}

export type ObservationLevel = 'general' | 'intermittent' | 'within-eyesight' | 'arms-length';
const LEVEL_DISPLAY: Record<ObservationLevel, string> = {
  general: 'General observation',
  intermittent: 'Intermittent observation',
  'within-eyesight': 'Within eyesight',
  'arms-length': 'Within arms length',
};

/** The level is in `valueCodeableConcept`; `code` carries the same system so `code=system|` finds it. */
export function observationLevelObservation(
  id: string,
  owner: Owner,
  at: string,
  level: ObservationLevel,
): Observation {
  return observation(
    id,
    owner,
    at,
    'survey',
    coded(CLINICAL_SYSTEMS.observationLevel, 'observation-level', 'Level of observation'),
    {
      valueCodeableConcept: coded(CLINICAL_SYSTEMS.observationLevel, level, LEVEL_DISPLAY[level]),
    },
  );
}

export type LegalCode = '01' | '02' | '03';
export const LEGAL_DISPLAY: Record<LegalCode, string> = {
  '01': 'Informal',
  '02': 'Formally detained under Mental Health Act Section 2',
  '03': 'Formally detained under Mental Health Act Section 3',
};

/** The Encounter with the UK Core LegalStatus extension (England code system, admission context). */
export function withLegalStatus(encounter: Encounter, code: LegalCode): Encounter {
  const others = (encounter.extension ?? []).filter((e) => e.url !== CLINICAL_URLS.legalStatus);
  return {
    ...encounter,
    extension: [
      ...others,
      {
        url: CLINICAL_URLS.legalStatus,
        extension: [
          {
            url: 'legalStatusContext',
            valueCodeableConcept: coded(CLINICAL_SYSTEMS.legalContext, 'admission', 'Admission'),
          },
          {
            url: 'legalStatusClassification',
            valueCodeableConcept: coded(CLINICAL_SYSTEMS.legalEngland, code, LEGAL_DISPLAY[code]),
          },
        ],
      },
    ],
  };
}

function flag(id: string, owner: Owner, code: CodeableConcept, category: string, start: string, end?: string): Flag {
  return {
    resourceType: 'Flag',
    id,
    status: 'active',
    category: [coded(CLINICAL_SYSTEMS.flagCategory, category)],
    code,
    subject: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    period: { start, ...(end === undefined ? {} : { end }) },
  };
}

/** The legal status in force now, as a Flag with its period. */
export function legalStatusFlag(id: string, owner: Owner, code: LegalCode, start: string, end?: string): Flag {
  return flag(id, owner, coded(CLINICAL_SYSTEMS.legalEngland, code, LEGAL_DISPLAY[code]), 'admin', start, end);
}

export function fallsFlag(id: string, owner: Owner, start: string): Flag {
  return flag(id, owner, coded(SYSTEMS.snomed, '129839007', 'At risk for falls', 'At risk for falls'), 'safety', start);
}

/** Infection alerts and isolation precautions, in the local code systems a trust maps its own codes to. */
export const INFECTION_SYSTEMS = {
  alert: 'https://fhir.wardflow.org/CodeSystem/infection-alert',
  isolation: 'https://fhir.wardflow.org/CodeSystem/isolation',
} as const;

export type InfectionAlert = 'mrsa' | 'c-difficile' | 'cpe' | 'norovirus' | 'covid-19';
export type IsolationPrecaution = 'contact' | 'droplet' | 'airborne';

const INFECTION_DISPLAY: Record<InfectionAlert, string> = {
  mrsa: 'MRSA',
  'c-difficile': 'Clostridioides difficile',
  cpe: 'Carbapenemase-producing Enterobacterales',
  norovirus: 'Norovirus',
  'covid-19': 'COVID-19',
};

export function infectionFlag(id: string, owner: Owner, alert: InfectionAlert, start: string): Flag {
  // COVID-19 as many trusts code it, by SNOMED; the others in the local system.
  const code =
    alert === 'covid-19'
      ? coded(
          SYSTEMS.snomed,
          '840539006',
          'Disease caused by severe acute respiratory syndrome coronavirus 2',
          'COVID-19',
        )
      : coded(INFECTION_SYSTEMS.alert, alert, INFECTION_DISPLAY[alert]);
  return flag(id, owner, code, 'clinical', start);
}

export function isolationFlag(id: string, owner: Owner, precaution: IsolationPrecaution, start: string): Flag {
  return flag(
    id,
    owner,
    coded(INFECTION_SYSTEMS.isolation, precaution, `Isolation: ${precaution} precautions`),
    'safety',
    start,
  );
}

/** Mental Health Act events a trust records locally (no national FHIR profile carries them). */
export const MHA_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/mental-health-act';
const MHA_DISPLAY = {
  'rights-s132': 'Section 132 rights explained',
  'leave-s17-authorised': 'Section 17 leave authorised',
  'leave-s17': 'On section 17 leave',
  'consent-s58': 'Section 58 three-month date',
  tribunal: 'Mental Health Tribunal hearing',
  'managers-hearing': "Hospital managers' hearing",
} as const;
export type MhaCode = keyof typeof MHA_DISPLAY;

/** An event (rights given) at a time, or a recorded date (s58, a hearing) as the value. */
export function mhaObservation(
  id: string,
  owner: Owner,
  code: MhaCode,
  recordedAt: string,
  valueDateTime?: string,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [coded('http://terminology.hl7.org/CodeSystem/observation-category', 'social-history')],
    code: coded(MHA_SYSTEM, code, MHA_DISPLAY[code]),
    subject: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    effectiveDateTime: recordedAt,
    ...(valueDateTime === undefined ? {} : { valueDateTime }),
  };
}

/** Section 17 leave: authorised over a period, or taken now (start: left; end: due back). */
export function mhaLeaveFlag(
  id: string,
  owner: Owner,
  code: 'leave-s17-authorised' | 'leave-s17',
  start: string,
  end: string,
): Flag {
  return flag(id, owner, coded(MHA_SYSTEM, code, MHA_DISPLAY[code]), 'admin', start, end);
}

export function awolFlag(id: string, owner: Owner, start: string): Flag {
  return flag(id, owner, coded(CLINICAL_SYSTEMS.wardFlag, 'awol', 'Absent without leave', 'AWOL'), 'safety', start);
}

/** A flag no longer in force: inactive, its period ended at `at`. */
export function endedFlag(existing: Flag, at: string): Flag {
  return { ...existing, status: 'inactive', period: { ...existing.period, end: at } };
}

export type FallsLevel = 'low' | 'moderate' | 'high';
const FALLS_PROBABILITY: Record<FallsLevel, number> = { low: 5, moderate: 20, high: 45 };

export function fallsRiskAssessment(id: string, owner: Owner, at: string, level: FallsLevel): RiskAssessment {
  return {
    resourceType: 'RiskAssessment',
    id,
    status: 'final',
    code: coded(SYSTEMS.snomed, '414191008', 'Assessment of risk for falls'),
    subject: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    occurrenceDateTime: at,
    // A probability (percent) as well: Medplum's validator fails ras-2 on a prediction without one.
    prediction: [
      {
        outcome: { text: 'Fall' },
        probabilityDecimal: FALLS_PROBABILITY[level],
        qualitativeRisk: coded(
          CLINICAL_SYSTEMS.riskProbability,
          level,
          `${level[0]?.toUpperCase() ?? ''}${level.slice(1)} likelihood`,
        ),
      },
    ],
  };
}

export type DelayKind = 'assessment' | 'transport' | 'discharge';
export const DELAY_TEXT: Record<DelayKind, readonly string[]> = {
  assessment: ['Awaiting OT assessment', 'Awaiting social care assessment', 'Awaiting psychiatric liaison review'],
  transport: ['Awaiting patient transport', 'Transport booked, not yet arrived'],
  discharge: ['Awaiting discharge medication (TTO)', 'Awaiting discharge letter', 'Awaiting care package'],
};

export function delayTask(
  id: string,
  owner: Owner,
  kind: DelayKind,
  text: string,
  authoredOn: string,
  due: string,
  status: 'requested' | 'in-progress',
): Task {
  return {
    resourceType: 'Task',
    id,
    status,
    intent: 'order',
    code: coded(CLINICAL_SYSTEMS.delayKind, kind, `${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)} delay`),
    description: text,
    businessStatus: { text },
    for: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    authoredOn,
    restriction: { period: { end: due } },
  };
}

export function completedTask(task: Task, at: string): Task {
  return { ...task, status: 'completed', businessStatus: { text: 'Resolved' }, lastModified: at };
}

/** An active care plan; `reviewDate` (YYYY-MM-DD) in the local review-date extension, if given. */
export function carePlan(
  id: string,
  owner: Owner,
  start: string,
  reviewDate: string | undefined,
  mentalHealth: boolean,
): CarePlan {
  return {
    resourceType: 'CarePlan',
    id,
    ...(reviewDate === undefined ? {} : { extension: [{ url: CLINICAL_URLS.carePlanReview, valueDate: reviewDate }] }),
    status: 'active',
    intent: 'plan',
    title: mentalHealth ? 'Care and treatment plan' : 'Inpatient care plan',
    subject: ref('Patient', owner.patientId),
    encounter: ref('Encounter', owner.encounterId),
    period: { start },
  };
}
