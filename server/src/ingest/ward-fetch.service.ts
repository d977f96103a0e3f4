/**
 * The request plan for one ward (docs/design.md section 8): a fixed number of searches whatever the
 * number of beds, shaped by what the server can do (request-plan.service.ts), and after the first
 * read, only what changed where the server allows it.
 *
 * A full read (first poll, then at least every FHIR_RECONCILE_INTERVAL, at the turn of the London
 * day, to confirm a held census drop, and every poll on a server without `_lastUpdated`):
 *   1. the ward's Location tree, level by level (`Location?partof=`): one search for a ward whose
 *      beds hang off it, one more per level of bays, rooms or wings (location-hierarchy.ts);
 *   2. the ward's encounters, current or finished in the last 72 h (discharges today and the
 *      turbulence measure), found by the ward OR any Location in its tree (many PAS feeds record only
 *      the bed), with the Tasks and QuestionnaireResponses that name only the encounter; and, apart
 *      and with no date, the stays booked for it (expected admissions, expected-arrivals.ts);
 *   3. the current patients with every flag, task, care plan, risk assessment, procedure and
 *      questionnaire response that names them (`Patient?_id=..&_revinclude=..`; without
 *      `_revinclude`, one search per resource type): e-obs systems and devices often name only the
 *      patient (stay-links.ts decides which stay each belongs to);
 *   4. every observation the board reads for those patients, in the look-back window;
 *   5. the ward's incidents (AdverseEvent) and 6. its staffing reports (MeasureReport) for the
 *      7-day safety measures.
 * A changes-only read: the tree's Locations changed since the last read (one search), the encounter,
 * booked-stay and patient searches again in full (see below), observations changed since the last read for the
 * patients already known, and all observations in the window for patients new to the ward.
 * Incidents and staffing are read on full reads only: they feed 7-day measures, and the snapshot
 * says when they were read.
 *
 * Why the encounter and patient searches are not change searches: `_revinclude` only follows changed
 * matches, so a new flag on an unchanged patient would be missed, and a change search cannot see a
 * deleted encounter or one moved off the ward. They are small next to the observations, which are
 * most of the bytes and which change searches spare.
 *
 * Long id lists travel in a POST body; on a server that takes no POST search they are split across
 * GET searches that stay under MAX_GET_URL_LENGTH (a split happens only past ~80 beds).
 *
 * Any failure throws: a partial set of results must never become a snapshot (CS-4), and the read
 * state is only replaced once every search has succeeded.
 */
import { Inject, Injectable } from '@nestjs/common';
import type {
  AdverseEvent,
  CarePlan,
  Encounter,
  Flag,
  Location,
  MeasureReport,
  Observation,
  Patient,
  Procedure,
  QuestionnaireResponse,
  Resource,
  RiskAssessment,
  ServiceRequest,
  MedicationRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  CODES,
  FLOW_WINDOW_MS,
  GLUCOSE_LOINC,
  LEGAL_STATUS,
  LOCAL_SYSTEMS,
  NEWS2_CODES,
  PATIENT_LINKED_TYPES,
  PATIENT_REVINCLUDES,
  SERVICE_REQUEST_REVINCLUDE,
  MEDICATION_REQUEST_REVINCLUDE,
  NOT_YET_ADMITTED,
  SYSTEMS,
  VITAL_SIGNS_PANEL,
  WARD_CONTEXT,
  buildWardSnapshot,
  codedAsAnyOf,
  isBedLocation,
  mhaObservationCodes,
  dischargeObservationCodes,
  patientsWithLegalStatus,
  isOnWard,
  parseTime,
  referencedId,
  wardStays,
  wardTree,
  type SearchFeature,
  type SearchFeatures,
  type Ward,
  type WardSnapshot,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { PAGE_SIZE, ReadSearches, mergeResults, ofType, refs, walkLocationTree, type Params } from './read-searches.js';
import { PlanRefusal, RequestPlanService } from './request-plan.service.js';
import {
  SharedVocabulary,
  chooseRead,
  mergeById,
  pruneObservations,
  type ReadKind,
  type WardReadState,
} from './ward-read-state.js';

/**
 * How far back observations are fetched. Long enough to hold the latest reading under the slowest
 * NEWS2 frequency (12-hourly) twice over; a patient with nothing in this window shows as overdue.
 */
const OBSERVATION_LOOKBACK_MS = 24 * 3_600_000;
/** Incidents and staffing: the 7-day measures plus a day, so a window ending at any time today is covered. */
const WARD_CONTEXT_LOOKBACK_MS = 8 * 24 * 3_600_000;
const LOINC = 'http://loinc.org';
/** Refusals one read may recover from, each switching off at least one more feature. */
const MAX_FALLBACKS = 4;

/** Every observation code the board reads: NEWS2 totals, the vital signs behind them, glucose, level, legal status. */
const OBSERVATION_CODE_LIST = [
  `${SYSTEMS.snomed}|${NEWS2_CODES.total}`,
  `${SYSTEMS.snomed}|${NEWS2_CODES.acvpu}`,
  ...['9279-1', '59408-5', '2708-6', '8480-6', '85354-9', '8867-4', '8310-5', '3150-0', '3151-8', GLUCOSE_LOINC].map(
    (c) => `${LOINC}|${c}`,
  ),
  // System-only tokens: any code of these systems.
  `${LOCAL_SYSTEMS.observationLevel}|`,
  `${LEGAL_STATUS.england}|`,
  `${LEGAL_STATUS.wales}|`,
  // A NEWS2 set recorded as not done may come as the vital-signs panel (observation-plans.ts).
  `${LOINC}|${VITAL_SIGNS_PANEL}`,
];

/** Resources whose patient link is optional in R4: read by the encounter as well, or those naming only it would be lost. */
const ENCOUNTER_ONLY_REVINCLUDES = ['Task:encounter', 'QuestionnaireResponse:encounter'];

const iso = (ms: number) => new Date(ms).toISOString();

/** What one read did, for the bench and the logs. */
export interface ReadReport {
  kind: ReadKind['kind'];
  requests: number;
  /** Resources received (matches and includes, all pages): what change searches save. */
  resources: number;
}

@Injectable()
export class WardFetchService {
  /** Per ward, what this worker read last (see ward-read-state.ts). */
  private readonly states = new Map<string, WardReadState>();
  /** The held readings' codes, systems and units, one copy each (most of the memory the read states take). */
  private readonly vocabulary = new SharedVocabulary();

  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly plan: RequestPlanService,
  ) {
    this.mhaCodes = mhaObservationCodes(config.ingestRules.mentalHealthAct);
    // New Mental Health Act events arrive with the change searches between full reads.
    this.planCodes = config.ingestRules.observationPlans.frequencyCodes;
    this.dischargeCodes = dischargeObservationCodes(config.ingestRules.dischargeReadiness);
    // A VTE assessment recorded as an Observation is done once, on admission: held like the plans.
    this.vteCodes = config.ingestRules.vte.assessmentCodes;
    this.heldCodes = [...this.mhaCodes, ...this.planCodes, ...this.dischargeCodes, ...this.vteCodes];
    this.observationCodes = [...OBSERVATION_CODE_LIST, ...this.heldCodes].join(',');
  }

  private readonly mhaCodes: readonly string[];
  private readonly planCodes: readonly string[];
  /** Discharge readiness reviews, pathways and reasons: the run of daily reviews dates a ready patient. */
  private readonly dischargeCodes: readonly string[];
  private readonly vteCodes: readonly string[];
  /** Observations kept whatever their age (step 5): MHA events, observation plans, readiness reviews, VTE. */
  private readonly heldCodes: readonly string[];
  private readonly observationCodes: string;

  /** Forgets what was read, so every ward's next poll is a full read. */
  forgetAll(): void {
    this.states.clear();
  }

  /**
   * Reads the ward under the current plan. A search the server refuses as not supported switches
   * that feature off (once, for every ward) and the ward is read again in full under the fallback.
   */
  async fetchSnapshot(
    ward: Ward,
    opts: { forceFull?: boolean; wardNames?: ReadonlyMap<string, string> } = {},
  ): Promise<{ snapshot: WardSnapshot; read: ReadReport }> {
    await this.plan.ensureFresh();
    let forceFull = opts.forceFull ?? false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.read(ward, forceFull, this.plan.current(), opts.wardNames ?? new Map());
      } catch (error) {
        if (!(error instanceof PlanRefusal)) throw error;
        if (attempt >= MAX_FALLBACKS || !this.plan.switchOff(error.features, error.refusal)) throw error.refusal;
        // Read again under the plan as it is now (this read or another ward's may have changed it).
        forceFull = true;
      }
    }
  }

  private async read(
    ward: Ward,
    forceFull: boolean,
    features: SearchFeatures,
    wardNames: ReadonlyMap<string, string>,
  ): Promise<{ snapshot: WardSnapshot; read: ReadReport }> {
    const started = this.clock();
    const previous = this.states.get(ward.id);
    const read = chooseRead(previous, started, {
      reconcileIntervalMs: this.config.fhirReconcileIntervalMs,
      clockSkewMs: this.config.fhirClockSkewMs,
      forceFull: forceFull || !features.lastUpdated,
    });
    const changes = read.kind === 'changes' && previous !== undefined ? { previous, since: read.since } : null;
    const changedSince: Params = changes === null ? {} : { _lastUpdated: `ge${iso(changes.since)}` };
    const changeUses: SearchFeature[] = changes === null ? [] : ['lastUpdated'];
    const searches = new ReadSearches(this.fhir, features);
    const wardRef = `Location/${ward.id}`;

    // 1. The Location tree: walked on a full read, its changes otherwise.
    let locations: Map<string, Location>;
    if (changes === null) {
      locations = await walkLocationTree(ward.id, searches);
    } else {
      locations = new Map(changes.previous.locations);
      const knownContainers = wardTree(ward.id, [...locations.values()]).containerIds;
      const changed = await searches.byList(
        'Location',
        'partof',
        [wardRef, ...refs('Location', knownContainers)],
        { ...changedSince, _count: PAGE_SIZE },
        changeUses,
      );
      // A new bay or room: its beds are not in the change search, and a patient recorded only in one
      // of them would not be found. Walk the tree now rather than wait for the next full read.
      const newContainer = ofType<Location>('Location')(changed.matches).some(
        (l) => !isBedLocation(l) && !knownContainers.includes(l.id ?? ''),
      );
      mergeById(locations, ofType<Location>('Location')(changed.matches));
      if (newContainer) locations = await walkLocationTree(ward.id, searches);
    }
    const tree = wardTree(ward.id, [...locations.values()]);
    const places = [wardRef, ...refs('Location', [...tree.containerIds, ...tree.beds.map((b) => b.id)])];

    // 2. Encounters (and, on a full read, incidents and staffing, which need only the ward's places).
    // Stays not begun (booked, or in ED awaiting a bed) are searched apart, with no date: a booked
    // stay often has no period yet, and a date search would never find it.
    const since = iso(started - WARD_CONTEXT_LOOKBACK_MS);
    const flowSince = started - FLOW_WINDOW_MS;
    const full = changes === null;
    const encounterClass: Params = features.encounterClass ? { class: `${SYSTEMS.v3ActCode}|${CODES.inpatient}` } : {};
    const classUse: SearchFeature[] = features.encounterClass ? ['encounterClass'] : [];
    const [encounterSearch, plannedSearch, incidentSearch, staffingSearch] = await Promise.all([
      searches.byList(
        'Encounter',
        'location',
        places,
        {
          status: 'in-progress,onleave,finished',
          // Current stays have no end and so overlap any date; finished ones must have ended inside the
          // movements window (72 h, which always covers today's discharges).
          ...(features.encounterDate ? { date: `ge${iso(flowSince)}` } : {}),
          ...encounterClass,
          ...(features.revinclude ? { _revinclude: ENCOUNTER_ONLY_REVINCLUDES } : { _include: 'Encounter:subject' }),
          _count: PAGE_SIZE,
        },
        [
          ...(features.encounterDate ? ['encounterDate' as const] : []),
          ...classUse,
          ...(features.revinclude ? ['revinclude' as const] : []),
        ],
      ),
      searches.byList(
        'Encounter',
        'location',
        places,
        { status: NOT_YET_ADMITTED.join(','), ...encounterClass, _include: 'Encounter:subject', _count: PAGE_SIZE },
        classUse,
      ),
      full ? searches.byList('AdverseEvent', 'location', places, { date: `ge${since}`, _count: PAGE_SIZE }) : null,
      full
        ? searches.search('MeasureReport', {
            subject: wardRef,
            measure: WARD_CONTEXT.staffingMeasure,
            period: `ge${since}`,
            _count: PAGE_SIZE,
          })
        : null,
    ]);
    // Servers that cannot filter by class or date are filtered here instead, to the same effect.
    const allEncounters = ofType<Encounter>('Encounter')(encounterSearch.matches).filter(
      (e) => features.encounterClass || (e.class?.system === SYSTEMS.v3ActCode && e.class.code === CODES.inpatient),
    );
    // Current stays, including those transferred off the ward since (the movements measure counts them),
    // and of those the stays on this ward now, whose patients' records alone are read.
    const current = allEncounters.filter((e) => e.status === 'in-progress' || e.status === 'onleave');
    const placeIds = new Set([...tree.containerIds, ...tree.beds.map((b) => b.id)]);
    const onWard = current.filter((e) => isOnWard(e, ward.id, placeIds));
    const finishedRecently = allEncounters.filter(
      (e) => e.status === 'finished' && (features.encounterDate || (parseTime(e.period?.end) ?? 0) >= flowSince),
    );
    const patientIds = [...new Set(onWard.map((e) => referencedId(e.subject, 'Patient')).filter((id) => id !== null))];
    const plannedEncounters = ofType<Encounter>('Encounter')(plannedSearch.matches).filter(
      (e) =>
        NOT_YET_ADMITTED.includes(e.status ?? '') &&
        (features.encounterClass || (e.class?.system === SYSTEMS.v3ActCode && e.class.code === CODES.inpatient)),
    );
    // Patients expected here (booked, or moving from another ward) are read with the current ones, for
    // their sex and isolation flags (the beds that could take them): longer id lists, no more searches.
    // Only stays with an entry still coming here: a patient transferred off the ward is found by the
    // location search too, and is nobody this ward needs to read.
    const transfersIn = current.filter(
      (e) =>
        !isOnWard(e, ward.id, placeIds) &&
        (e.location ?? []).some(
          (l) => (l.status === 'planned' || l.status === 'reserved') && l.period?.end === undefined,
        ),
    );
    const expectedPatientIds = [...plannedEncounters, ...transfersIn]
      .map((e) => referencedId(e.subject, 'Patient'))
      .filter((id): id is string => id !== null && !patientIds.includes(id));
    const linkedPatientIds = [...new Set([...patientIds, ...expectedPatientIds])];

    // 3 and 4. The patients with what names them, and their observations: everything in the window for
    // patients we do not hold, changes for those we do.
    const lookback = {
      ...(features.observationDate ? { date: `ge${iso(started - OBSERVATION_LOOKBACK_MS)}` } : {}),
      ...(features.observationCode ? { code: this.observationCodes } : {}),
      _count: PAGE_SIZE,
    };
    const lookbackUses: SearchFeature[] = [
      ...(features.observationDate ? ['observationDate' as const] : []),
      ...(features.observationCode ? ['observationCode' as const] : []),
    ];
    const known = changes === null ? [] : patientIds.filter((id) => changes.previous.patientIds.has(id));
    const unknown = changes === null ? patientIds : patientIds.filter((id) => !changes.previous.patientIds.has(id));
    const [linked, ...observationResults] = await Promise.all([
      this.patientLinked(linkedPatientIds, onWard, features, searches),
      searches.byList('Observation', 'patient', refs('Patient', known), { ...lookback, ...changedSince }, [
        ...lookbackUses,
        ...changeUses,
      ]),
      // Patients new to this read have their long-lived observations searched in step 5: the look-back
      // asks only for readings, which keeps its URL short (a GET-only server splits fewer id lists).
      searches.byList(
        'Observation',
        'patient',
        refs('Patient', unknown),
        { ...lookback, ...(features.observationCode ? { code: OBSERVATION_CODE_LIST.join(',') } : {}) },
        lookbackUses,
      ),
    ]);
    const observations = changes === null ? new Map<string, Observation>() : new Map(changes.previous.observations);
    for (const result of observationResults)
      mergeById(
        observations,
        ofType<Observation>('Observation')(result.matches).map((o) => this.vocabulary.share(o)),
      );
    // Mental Health Act events are held apart from the look-back (step 5), so neither the pruning nor
    // the code filter below drops them.
    const arrived = [...observations.values()].filter((o) => codedAsAnyOf(o, this.heldCodes));
    for (const o of arrived) observations.delete(o.id as string);
    const stays = wardStays(onWard);
    pruneObservations(observations, stays, new Set(patientIds), started - OBSERVATION_LOOKBACK_MS);
    if (!features.observationCode) dropUnreadCodes(observations, this.observationCodes.split(','));

    let incidents = previous?.incidents ?? [];
    let staffingReports = previous?.staffingReports ?? [];
    let contextReadAt = previous?.fullReadAt ?? started;
    if (incidentSearch !== null && staffingSearch !== null) {
      incidents = ofType<AdverseEvent>('AdverseEvent')(incidentSearch.matches);
      staffingReports = ofType<MeasureReport>('MeasureReport')(staffingSearch.matches);
      contextReadAt = started;
    }

    const clinical = [...encounterSearch.included, ...plannedSearch.included, ...linked];

    // 5. Observations that stay true long after they were recorded, so outside the look-back: the
    // Mental Health Act events of patients with a legal status (rights given, the s58 date, hearings),
    // every patient's observation plan (a frequency recorded on admission) and their discharge
    // readiness reviews (a ready date counts from the first of a run of days). On a full read, one
    // search by code for the current patients; between full reads, new ones come with the change
    // searches above and are kept here, and only patients new to the ward are searched.
    const legalPatients = new Set(
      ward.showMentalHealthAct
        ? patientsWithLegalStatus([...ofType<Flag>('Flag')(clinical), ...observations.values()])
        : [],
    );
    const wanted = (o: Observation): boolean =>
      codedAsAnyOf(o, this.planCodes) ||
      codedAsAnyOf(o, this.dischargeCodes) ||
      codedAsAnyOf(o, this.vteCodes) ||
      (codedAsAnyOf(o, this.mhaCodes) && legalPatients.has(subjectOf(o)));
    const heldRecords = new Map<string, Observation>(full ? [] : (previous?.heldRecords ?? []));
    const unread = full ? patientIds : patientIds.filter((id) => !(previous?.heldPatientIds?.has(id) ?? false));
    if (unread.length > 0) {
      const result = await searches.byList(
        'Observation',
        'patient',
        refs('Patient', unread),
        { ...(features.observationCode ? { code: this.heldCodes.join(',') } : {}), _count: PAGE_SIZE },
        features.observationCode ? ['observationCode'] : [],
      );
      // A server that cannot search by code sends every observation: keep only these.
      mergeById(heldRecords, ofType<Observation>('Observation')(result.matches).filter(wanted));
    }
    mergeById(heldRecords, arrived.filter(wanted));
    const stillHere = new Set(patientIds);
    for (const [id, o] of heldRecords) if (!stillHere.has(subjectOf(o)) || !wanted(o)) heldRecords.delete(id);
    const snapshot = buildWardSnapshot(
      {
        ward,
        beds: [...locations.values()],
        encounters: current,
        patients: ofType<Patient>('Patient')(clinical),
        plannedEncounters,
        wardNames,
        finishedRecently,
        observations: [...new Map([...observations, ...heldRecords]).values()],
        flags: ofType<Flag>('Flag')(clinical),
        tasks: ofType<Task>('Task')(clinical),
        carePlans: ofType<CarePlan>('CarePlan')(clinical),
        serviceRequests: ofType<ServiceRequest>('ServiceRequest')(clinical),
        ...(features.medicationRequests
          ? { medicationRequests: ofType<MedicationRequest>('MedicationRequest')(clinical) }
          : {}),
        riskAssessments: ofType<RiskAssessment>('RiskAssessment')(clinical),
        assessmentRecords: [
          ...ofType<Procedure>('Procedure')(clinical),
          ...ofType<QuestionnaireResponse>('QuestionnaireResponse')(clinical),
        ],
        incidents,
        staffingReports,
        wardContextReadAt: iso(contextReadAt),
        flowSince,
      },
      this.clock(),
      searches.requests,
      this.config.ingestRules,
    );
    // Only now, with every search done, does this read become the base for the next one.
    this.states.set(ward.id, {
      fullReadAt: full ? started : (previous?.fullReadAt ?? started),
      lastReadAt: started,
      locations,
      patientIds: new Set(patientIds),
      observations,
      heldRecords,
      heldPatientIds: stillHere,
      incidents,
      staffingReports,
    });
    return {
      snapshot,
      read: { kind: full ? 'full' : 'changes', requests: searches.requests, resources: searches.resources },
    };
  }

  /**
   * The current patients and every flag, task, care plan, risk assessment, procedure and
   * questionnaire response naming them: one `_revinclude` search, or one search per type (with the
   * patients included from the encounter search instead) where the server has no `_revinclude`.
   */
  private async patientLinked(
    patientIds: readonly string[],
    current: readonly Encounter[],
    features: SearchFeatures,
    searches: ReadSearches,
  ): Promise<Resource[]> {
    if (patientIds.length === 0) return [];
    if (features.revinclude) {
      const result = await searches.byList(
        'Patient',
        '_id',
        patientIds,
        {
          _revinclude: [
            ...PATIENT_REVINCLUDES,
            ...(features.serviceRequests ? [SERVICE_REQUEST_REVINCLUDE] : []),
            ...(features.medicationRequests ? [MEDICATION_REQUEST_REVINCLUDE] : []),
          ],
          _count: PAGE_SIZE,
        },
        [
          'revinclude',
          ...(features.serviceRequests ? (['serviceRequests'] as const) : []),
          ...(features.medicationRequests ? (['medicationRequests'] as const) : []),
        ],
      );
      return [...result.matches, ...result.included];
    }
    const patientRefs = refs('Patient', patientIds);
    const encounterRefs = refs(
      'Encounter',
      current.map((e) => e.id ?? ''),
    );
    const results = await Promise.all([
      ...PATIENT_LINKED_TYPES.map((type) => searches.byList(type, 'patient', patientRefs, { _count: PAGE_SIZE })),
      ...(features.serviceRequests
        ? [searches.byList('ServiceRequest', 'patient', patientRefs, { _count: PAGE_SIZE }, ['serviceRequests'])]
        : []),
      ...(features.medicationRequests
        ? [searches.byList('MedicationRequest', 'patient', patientRefs, { _count: PAGE_SIZE }, ['medicationRequests'])]
        : []),
      // The two whose patient link is optional in R4, by the encounter too.
      searches.byList('Task', 'encounter', encounterRefs, { _count: PAGE_SIZE }),
      searches.byList('QuestionnaireResponse', 'encounter', encounterRefs, { _count: PAGE_SIZE }),
    ]);
    return mergeResults(results).matches;
  }
}

const subjectOf = (o: Observation): string => referencedId(o.subject, 'Patient') ?? '';

/** On a server that cannot filter observations by code, keep only the codes the board reads (memory and the rules). */
function dropUnreadCodes(observations: Map<string, Observation>, tokens: readonly string[]): void {
  const wanted = tokens.map((token) => {
    const [system, code] = token.split('|');
    return { system: system ?? '', code: code ?? '' };
  });
  for (const [id, observation] of observations) {
    const codings = [
      ...(observation.code?.coding ?? []),
      ...(observation.component ?? []).flatMap((c) => c.code?.coding ?? []),
    ];
    const read = codings.some((c) => wanted.some((w) => c.system === w.system && (w.code === '' || c.code === w.code)));
    if (!read) observations.delete(id);
  }
}
