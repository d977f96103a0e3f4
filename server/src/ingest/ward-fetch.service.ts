/**
 * The request plan for one ward (docs/design.md section 8): a fixed number of searches whatever the number of
 * beds, and after the first read, only what changed.
 *
 * A full read (first poll, then at least every FHIR_RECONCILE_INTERVAL, at the turn of the London day,
 * and to confirm a held census drop) makes five searches plus paging:
 *   1. the beds (`Location?partof=`);
 *   2. the ward's encounters, current or finished in the last 72 h (discharges today and the turbulence measure), found by the ward OR any of its beds (many
 *      PAS feeds record only the bed), with their patients (`_include`) and the flags, tasks, care
 *      plans, risk assessments, procedures and questionnaire responses that hang off them
 *      (`_revinclude`); a POST search, so the list of beds travels in the body;
 *   3. every observation the board reads for those encounters, in the look-back window;
 *   4. the ward's incidents (AdverseEvent) and 5. its staffing reports (MeasureReport) for the 7-day
 *      safety measures.
 * A changes-only read makes three, or four when a patient arrived since the last read:
 *   1. beds changed since the last read; 2. the encounter search again, in full (see below);
 *   3. observations changed since the last read, for the patients already known; 4. all observations
 *      in the window for patients new to the ward (a transfer brings their recent readings with them).
 * Incidents and staffing are read on full reads only: they feed 7-day measures, and the snapshot
 * says when they were read.
 *
 * Why the encounter search is not a change search: `_revinclude` only follows changed encounters, so
 * a new flag or task on an unchanged encounter would be missed, and a change search cannot see a
 * deleted encounter or one moved off the ward's locations. It is small (one page per ward in the
 * simulator) next to the observations, which are most of the bytes and which change searches spare.
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
  Task,
} from '@medplum/fhirtypes';
import {
  CODES,
  FLOW_WINDOW_MS,
  GLUCOSE_LOINC,
  LEGAL_STATUS,
  LOCAL_SYSTEMS,
  NEWS2_CODES,
  SYSTEMS,
  WARD_CONTEXT,
  buildWardSnapshot,
  type Ward,
  type WardSnapshot,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { chooseRead, mergeById, pruneObservations, type ReadKind, type WardReadState } from './ward-read-state.js';

/**
 * How far back observations are fetched. Long enough to hold the latest reading under the slowest
 * NEWS2 frequency (12-hourly) twice over; a patient with nothing in this window shows as overdue.
 */
const OBSERVATION_LOOKBACK_MS = 24 * 3_600_000;
/** Incidents and staffing: the 7-day measures plus a day, so a window ending at any time today is covered. */
const WARD_CONTEXT_LOOKBACK_MS = 8 * 24 * 3_600_000;
const PAGE_SIZE = '100';
const LOINC = 'http://loinc.org';

/** Every observation code the board reads: NEWS2 totals, the vital signs behind them, glucose, level, legal status. */
const OBSERVATION_CODES = [
  `${SYSTEMS.snomed}|${NEWS2_CODES.total}`,
  `${SYSTEMS.snomed}|${NEWS2_CODES.acvpu}`,
  ...['9279-1', '59408-5', '2708-6', '8480-6', '85354-9', '8867-4', '8310-5', '3150-0', '3151-8', GLUCOSE_LOINC].map(
    (c) => `${LOINC}|${c}`,
  ),
  // System-only tokens: any code of these systems.
  `${LOCAL_SYSTEMS.observationLevel}|`,
  `${LEGAL_STATUS.england}|`,
  `${LEGAL_STATUS.wales}|`,
].join(',');

const ENCOUNTER_REVINCLUDES = [
  'Flag:encounter',
  'Task:encounter',
  'CarePlan:encounter',
  'RiskAssessment:encounter',
  'Procedure:encounter',
  'QuestionnaireResponse:encounter',
];

const ofType =
  <T extends Resource>(type: T['resourceType']) =>
  (resources: readonly Resource[]): T[] =>
    resources.filter((r): r is T => r.resourceType === type);

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

  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Forgets what was read, so every ward's next poll is a full read. */
  forgetAll(): void {
    this.states.clear();
  }

  async fetchSnapshot(
    ward: Ward,
    opts: { forceFull?: boolean } = {},
  ): Promise<{ snapshot: WardSnapshot; read: ReadReport }> {
    const started = this.clock();
    const previous = this.states.get(ward.id);
    const read = chooseRead(previous, started, {
      reconcileIntervalMs: this.config.fhirReconcileIntervalMs,
      clockSkewMs: this.config.fhirClockSkewMs,
      forceFull: opts.forceFull ?? false,
    });
    const full = read.kind === 'full' || previous === undefined;
    const changedSince: Record<string, string> =
      read.kind === 'changes' ? { _lastUpdated: `ge${iso(read.since)}` } : {};
    const wardRef = `Location/${ward.id}`;
    let requests = 0;
    let resources = 0;
    const count = (result: { requests: number; matches: readonly Resource[]; included: readonly Resource[] }) => {
      requests += result.requests;
      resources += result.matches.length + result.included.length;
    };

    const bedSearch = await this.fhir.searchAll('Location', { partof: wardRef, ...changedSince, _count: PAGE_SIZE });
    count(bedSearch);
    const beds = full ? new Map<string, Location>() : new Map(previous.beds);
    mergeById(beds, ofType<Location>('Location')(bedSearch.matches));
    const locations = [wardRef, ...[...beds.keys()].map((id) => `Location/${id}`)].join(',');

    // Incidents and staffing need only the ward's locations: on a full read they travel alongside the encounter search.
    const since = iso(started - WARD_CONTEXT_LOOKBACK_MS);
    const flowSince = started - FLOW_WINDOW_MS;
    const [encounterSearch, incidentSearch, staffingSearch] = await Promise.all([
      this.fhir.searchAll(
        'Encounter',
        {
          location: locations,
          status: 'in-progress,onleave,finished',
          // Current stays have no end and so overlap any date; finished ones must have ended inside the
          // movements window (72 h, which always covers today's discharges).
          date: `ge${iso(flowSince)}`,
          class: `${SYSTEMS.v3ActCode}|${CODES.inpatient}`,
          _include: 'Encounter:subject',
          _revinclude: ENCOUNTER_REVINCLUDES,
          _count: PAGE_SIZE,
        },
        true,
      ),
      full
        ? this.fhir.searchAll('AdverseEvent', { location: locations, date: `ge${since}`, _count: PAGE_SIZE }, true)
        : null,
      full
        ? this.fhir.searchAll('MeasureReport', {
            subject: wardRef,
            measure: WARD_CONTEXT.staffingMeasure,
            period: `ge${since}`,
            _count: PAGE_SIZE,
          })
        : null,
    ]);
    count(encounterSearch);
    const allEncounters = ofType<Encounter>('Encounter')(encounterSearch.matches);
    const current = allEncounters.filter((e) => e.status === 'in-progress' || e.status === 'onleave');
    const finishedRecently = allEncounters.filter((e) => e.status === 'finished');
    const currentIds = new Set(current.map((e) => e.id ?? ''));

    // Observations: everything in the window for encounters we do not hold, changes for those we do.
    const lookback = {
      date: `ge${iso(started - OBSERVATION_LOOKBACK_MS)}`,
      code: OBSERVATION_CODES,
      _sort: '-date',
      _count: PAGE_SIZE,
    };
    const known = full ? [] : current.filter((e) => previous.encounterIds.has(e.id ?? ''));
    const unknown = full ? current : current.filter((e) => !previous.encounterIds.has(e.id ?? ''));
    const observations = full ? new Map<string, Observation>() : new Map(previous.observations);
    const encounterList = (list: readonly Encounter[]) => list.map((e) => `Encounter/${e.id ?? ''}`).join(',');
    const observationSearches = [
      ...(known.length > 0 ? [{ encounter: encounterList(known), ...lookback, ...changedSince }] : []),
      ...(unknown.length > 0 ? [{ encounter: encounterList(unknown), ...lookback }] : []),
    ];
    for (const result of await Promise.all(
      observationSearches.map((params) => this.fhir.searchAll('Observation', params, true)),
    )) {
      count(result);
      mergeById(observations, ofType<Observation>('Observation')(result.matches));
    }
    pruneObservations(observations, currentIds, started - OBSERVATION_LOOKBACK_MS);

    let incidents = previous?.incidents ?? [];
    let staffingReports = previous?.staffingReports ?? [];
    let contextReadAt = previous?.fullReadAt ?? started;
    if (incidentSearch !== null && staffingSearch !== null) {
      count(incidentSearch);
      count(staffingSearch);
      incidents = ofType<AdverseEvent>('AdverseEvent')(incidentSearch.matches);
      staffingReports = ofType<MeasureReport>('MeasureReport')(staffingSearch.matches);
      contextReadAt = started;
    }

    const included = encounterSearch.included;
    const snapshot = buildWardSnapshot(
      {
        ward,
        beds: [...beds.values()],
        encounters: current,
        patients: ofType<Patient>('Patient')(included),
        finishedRecently,
        observations: [...observations.values()],
        flags: ofType<Flag>('Flag')(included),
        tasks: ofType<Task>('Task')(included),
        carePlans: ofType<CarePlan>('CarePlan')(included),
        riskAssessments: ofType<RiskAssessment>('RiskAssessment')(included),
        assessmentRecords: [
          ...ofType<Procedure>('Procedure')(included),
          ...ofType<QuestionnaireResponse>('QuestionnaireResponse')(included),
        ],
        incidents,
        staffingReports,
        wardContextReadAt: iso(contextReadAt),
        flowSince,
      },
      this.clock(),
      requests,
      this.config.ingestRules,
    );
    // Only now, with every search done, does this read become the base for the next one.
    this.states.set(ward.id, {
      fullReadAt: full ? started : previous.fullReadAt,
      lastReadAt: started,
      beds,
      encounterIds: currentIds,
      observations,
      incidents,
      staffingReports,
    });
    return { snapshot, read: { kind: full ? 'full' : 'changes', requests, resources } };
  }
}
