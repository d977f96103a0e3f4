/**
 * The request plan for one ward (DESIGN section 8): a fixed number of searches whatever the number of
 * beds. Beds by `partof`, current inpatients with their patients by `_include`, today's discharges,
 * and the latest NEWS2 for all current encounters in one POST search. Four requests plus paging.
 * Any failure throws: a partial set of results must never become a snapshot (CS-4).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Encounter, Location, Observation, Patient } from '@medplum/fhirtypes';
import { CODES, SYSTEMS, buildWardSnapshot, type Ward, type WardSnapshot } from '@wardflow/shared';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { londonMidnightUtc } from './london-midnight.js';

/** NEWS2 older than this is not looked for: a patient without one in 72 h shows as overdue anyway. */
const NEWS2_LOOKBACK_MS = 72 * 3_600_000;
const PAGE_SIZE = '100';

@Injectable()
export class WardFetchService {
  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async fetchSnapshot(ward: Ward): Promise<WardSnapshot> {
    const wardRef = `Location/${ward.id}`;
    const started = this.clock();
    const [beds, current, finished] = await Promise.all([
      this.fhir.searchAll('Location', { partof: wardRef, _count: PAGE_SIZE }),
      this.fhir.searchAll('Encounter', {
        location: wardRef,
        status: 'in-progress,onleave',
        class: `${SYSTEMS.v3ActCode}|${CODES.inpatient}`,
        _include: 'Encounter:subject',
        _count: PAGE_SIZE,
      }),
      this.fhir.searchAll('Encounter', {
        location: wardRef,
        status: 'finished',
        date: `ge${londonMidnightUtc(started)}`,
        _count: PAGE_SIZE,
      }),
    ]);
    const encounters = current.matches.filter((r): r is Encounter => r.resourceType === 'Encounter');
    let news2: Observation[] = [];
    let news2Requests = 0;
    if (encounters.length > 0) {
      const result = await this.fhir.searchAll(
        'Observation',
        {
          code: `${SYSTEMS.snomed}|${CODES.news2Total}`,
          encounter: encounters.map((e) => `Encounter/${e.id ?? ''}`).join(','),
          date: `ge${new Date(started - NEWS2_LOOKBACK_MS).toISOString()}`,
          _sort: '-date',
          _count: PAGE_SIZE,
        },
        true,
      );
      news2 = result.matches.filter((r): r is Observation => r.resourceType === 'Observation');
      news2Requests = result.requests;
    }
    const requestCount = beds.requests + current.requests + finished.requests + news2Requests;
    return buildWardSnapshot(
      {
        ward,
        beds: beds.matches.filter((r): r is Location => r.resourceType === 'Location'),
        encounters,
        patients: current.included.filter((r): r is Patient => r.resourceType === 'Patient'),
        finishedToday: finished.matches.filter((r): r is Encounter => r.resourceType === 'Encounter'),
        news2,
      },
      this.clock(),
      requestCount,
    );
  }
}
