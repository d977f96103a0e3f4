/**
 * Reads what a FHIR server still holds of one ward's past over a window of days, for the history
 * backfill (shared/src/fhir/history-backfill.ts works the days out). Three searches whatever the
 * number of beds, under the same request plan as the ward poll (request-plan.service.ts), so a server
 * that takes no POST search or no date filter is read the way the poll reads it:
 *   1. Encounters at the ward or any Location in its tree whose period overlaps the window
 *      (`date=ge..&date=le..`): occupancy at each midnight, movements, occupied bed days (a server
 *      that cannot filter encounters by date is asked once per ward for them all, kept for its windows);
 *   2. AdverseEvents at those Locations dated in the window: incidents;
 *   3. the ward's staffing MeasureReports for the window's days.
 * The Location tree is walked once per ward per run (the caller keeps it).
 *
 * A server that has no AdverseEvent or MeasureReport (404, or refused as not supported) gives null
 * for that part, which the days then show as "not available", not as zero; any other failure throws,
 * and the window is tried again later rather than stored half-read.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Location, Resource } from '@medplum/fhirtypes';
import {
  BACKFILL_READ_DAYS_BEFORE,
  CODES,
  SYSTEMS,
  WARD_CONTEXT,
  addCalendarDays,
  censusInstant,
  wardTree,
  type SearchFeatures,
} from '@wardflow/shared';
import { FHIR_READER } from '../core/tokens.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import type { FhirReader, SearchResult } from '../fhir/fhir-reader.adapter.js';
import { PAGE_SIZE, ReadSearches, refs, walkLocationTree } from '../ingest/read-searches.js';
import { PlanRefusal, RequestPlanService } from '../ingest/request-plan.service.js';

/** Refusals one window may recover from, each switching off at least one more feature. */
const MAX_FALLBACKS = 4;

/** A ward's Location tree as the backfill uses it: its bays, rooms and beds, and how many beds. */
export interface WardPlaces {
  placeIds: Set<string>;
  bedCount: number;
}

export interface WardPastRead {
  encounters: unknown[];
  incidents: unknown[] | null;
  staffingReports: unknown[] | null;
  requests: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

@Injectable()
export class WardPastReader {
  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    private readonly plan: RequestPlanService,
  ) {}

  /** The ward's tree now: the only bed count FHIR has. */
  async places(wardId: string): Promise<{ places: WardPlaces; requests: number }> {
    return this.underPlan(async (searches) => {
      const locations = await walkLocationTree(wardId, searches);
      const tree = wardTree(wardId, [...locations.values()] as Location[]);
      return {
        places: {
          placeIds: new Set([...tree.containerIds, ...tree.beds.map((b) => b.id)]),
          bedCount: tree.beds.length,
        },
        requests: searches.requests,
      };
    });
  }

  /**
   * Everything the days `from`..`to` (London dates) need, from BACKFILL_READ_DAYS_BEFORE days before.
   * `allEncounters` holds a ward's every encounter once read: on a server that cannot filter
   * encounters by date every window would otherwise read them all again.
   */
  async window(
    wardId: string,
    places: WardPlaces,
    from: string,
    to: string,
    allEncounters: { read: unknown[] | null } = { read: null },
  ): Promise<WardPastRead> {
    const start = censusInstant(addCalendarDays(from, -BACKFILL_READ_DAYS_BEFORE - 1)) + 1;
    const end = censusInstant(to);
    const range = [`ge${iso(start)}`, `le${iso(end)}`];
    const placeRefs = [`Location/${wardId}`, ...refs('Location', places.placeIds)];
    return this.underPlan(async (searches, features) => {
      const encounters = await this.encounters(searches, features, placeRefs, range, allEncounters);
      const incidents = await optional(() =>
        searches.byList('AdverseEvent', 'location', placeRefs, { date: range, _count: PAGE_SIZE }),
      );
      const staffing = await optional(() =>
        searches.search('MeasureReport', {
          subject: `Location/${wardId}`,
          measure: WARD_CONTEXT.staffingMeasure,
          period: range,
          _count: PAGE_SIZE,
        }),
      );
      // Servers that cannot filter by class are filtered here instead, to the same effect.
      const inpatient = encounters.filter(
        (e) =>
          features.encounterClass ||
          (e.resourceType === 'Encounter' && e.class?.system === SYSTEMS.v3ActCode && e.class.code === CODES.inpatient),
      );
      return {
        encounters: inpatient,
        incidents: incidents?.matches ?? null,
        staffingReports: staffing?.matches ?? null,
        requests: searches.requests,
      };
    });
  }

  /** The window's encounters, or on a server without the date filter every encounter of the ward, read once. */
  private async encounters(
    searches: ReadSearches,
    features: SearchFeatures,
    placeRefs: string[],
    range: string[],
    allEncounters: { read: unknown[] | null },
  ): Promise<Resource[]> {
    if (!features.encounterDate && allEncounters.read !== null) return allEncounters.read as Resource[];
    const result = await searches.byList(
      'Encounter',
      'location',
      placeRefs,
      {
        status: 'in-progress,onleave,finished',
        ...(features.encounterDate ? { date: range } : {}),
        ...(features.encounterClass ? { class: `${SYSTEMS.v3ActCode}|${CODES.inpatient}` } : {}),
        _count: PAGE_SIZE,
      },
      [
        ...(features.encounterDate ? ['encounterDate' as const] : []),
        ...(features.encounterClass ? ['encounterClass' as const] : []),
      ],
    );
    if (!features.encounterDate) allEncounters.read = result.matches;
    return result.matches;
  }

  /** Runs the searches under the current plan; a refusal switches the feature off and they run again. */
  private async underPlan<T>(read: (searches: ReadSearches, features: SearchFeatures) => Promise<T>): Promise<T> {
    await this.plan.ensureFresh();
    for (let attempt = 0; ; attempt++) {
      const features = this.plan.current();
      try {
        return await read(new ReadSearches(this.fhir, features), features);
      } catch (error) {
        if (!(error instanceof PlanRefusal)) throw error;
        if (attempt >= MAX_FALLBACKS || !this.plan.switchOff(error.features, error.refusal)) throw error.refusal;
      }
    }
  }
}

/** A search whose resource type the server may not have at all: null then, rather than a failed window. */
async function optional(search: () => Promise<SearchResult>): Promise<SearchResult | null> {
  try {
    return await search();
  } catch (error) {
    const refusal = error instanceof PlanRefusal && error.features.length === 0 ? error.refusal : error;
    if (refusal instanceof FhirRequestError && (refusal.details.status === 404 || refusal.notSupported)) return null;
    throw error;
  }
}
