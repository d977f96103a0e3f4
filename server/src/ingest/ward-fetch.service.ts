/**
 * The request plan for one ward (DESIGN section 8): a fixed number of searches whatever the number of
 * beds. Beds by `partof`; then current inpatients with their patients (`_include`) and the flags,
 * tasks, care plans and risk assessments that hang off their encounters (`_revinclude`), and today's
 * discharges, both found by the ward OR any of its beds (many PAS feeds record only the bed on the
 * encounter), as POST searches so the list travels in the body; then every observation the board
 * reads, for all current encounters, in one POST search. Four requests plus paging. Any failure throws: a partial set of results must never become a
 * snapshot (CS-4).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { CarePlan, Encounter, Flag, Location, Observation, Patient, Resource, RiskAssessment, Task } from '@medplum/fhirtypes';
import { CODES, GLUCOSE_LOINC, LEGAL_STATUS, LOCAL_SYSTEMS, NEWS2_CODES, SYSTEMS, buildWardSnapshot, type Ward, type WardSnapshot } from '@wardflow/shared';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { londonMidnightUtc } from './london-midnight.js';

/**
 * How far back observations are fetched. Long enough to hold the latest reading under the slowest
 * NEWS2 frequency (12-hourly) twice over; a patient with nothing in this window shows as overdue.
 */
const OBSERVATION_LOOKBACK_MS = 24 * 3_600_000;
const PAGE_SIZE = '100';
const LOINC = 'http://loinc.org';

/** Every observation code the board reads: NEWS2 totals, the vital signs behind them, glucose, level, legal status. */
const OBSERVATION_CODES = [
  `${SYSTEMS.snomed}|${NEWS2_CODES.total}`,
  `${SYSTEMS.snomed}|${NEWS2_CODES.acvpu}`,
  ...['9279-1', '59408-5', '2708-6', '8480-6', '85354-9', '8867-4', '8310-5', '3150-0', '3151-8', GLUCOSE_LOINC].map((c) => `${LOINC}|${c}`),
  // System-only tokens: any code of these systems.
  `${LOCAL_SYSTEMS.observationLevel}|`,
  `${LEGAL_STATUS.england}|`,
  `${LEGAL_STATUS.wales}|`,
].join(',');

const ofType =
  <T extends Resource>(type: T['resourceType']) =>
  (resources: readonly Resource[]): T[] =>
    resources.filter((r): r is T => r.resourceType === type);

@Injectable()
export class WardFetchService {
  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async fetchSnapshot(ward: Ward): Promise<WardSnapshot> {
    const wardRef = `Location/${ward.id}`;
    const started = this.clock();
    const beds = await this.fhir.searchAll('Location', { partof: wardRef, _count: PAGE_SIZE });
    const locations = [wardRef, ...ofType<Location>('Location')(beds.matches).map((b) => `Location/${b.id ?? ''}`)].join(',');
    const [current, finished] = await Promise.all([
      this.fhir.searchAll(
        'Encounter',
        {
          location: locations,
          status: 'in-progress,onleave',
          class: `${SYSTEMS.v3ActCode}|${CODES.inpatient}`,
          _include: 'Encounter:subject',
          _revinclude: ['Flag:encounter', 'Task:encounter', 'CarePlan:encounter', 'RiskAssessment:encounter'],
          _count: PAGE_SIZE,
        },
        true,
      ),
      this.fhir.searchAll('Encounter', { location: locations, status: 'finished', date: `ge${londonMidnightUtc(started)}`, _count: PAGE_SIZE }, true),
    ]);
    const encounters = ofType<Encounter>('Encounter')(current.matches);
    let observations: Observation[] = [];
    let observationRequests = 0;
    if (encounters.length > 0) {
      const result = await this.fhir.searchAll(
        'Observation',
        {
          code: OBSERVATION_CODES,
          encounter: encounters.map((e) => `Encounter/${e.id ?? ''}`).join(','),
          date: `ge${new Date(started - OBSERVATION_LOOKBACK_MS).toISOString()}`,
          _sort: '-date',
          _count: PAGE_SIZE,
        },
        true,
      );
      observations = ofType<Observation>('Observation')(result.matches);
      observationRequests = result.requests;
    }
    const requestCount = beds.requests + current.requests + finished.requests + observationRequests;
    return buildWardSnapshot(
      {
        ward,
        beds: ofType<Location>('Location')(beds.matches),
        encounters,
        patients: ofType<Patient>('Patient')(current.included),
        finishedToday: ofType<Encounter>('Encounter')(finished.matches),
        observations,
        flags: ofType<Flag>('Flag')(current.included),
        tasks: ofType<Task>('Task')(current.included),
        carePlans: ofType<CarePlan>('CarePlan')(current.included),
        riskAssessments: ofType<RiskAssessment>('RiskAssessment')(current.included),
      },
      this.clock(),
      requestCount,
    );
  }
}
