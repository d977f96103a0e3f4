/**
 * Scores one ward's stored snapshot: the ten safety measures, the composite, the trend against a week
 * ago and the prediction, written once per snapshot and announced so heat-map screens update. All
 * the rules are the pure functions of shared/ (measures, prediction); this class only gathers their
 * inputs from storage and writes the result.
 *
 * Scores are computed as of the snapshot's time, not the wall clock, so re-scoring a snapshot (a
 * retried job) gives the same answer and the unique (ward, time) row makes it a no-op.
 *
 * Staffing and incidents are the snapshot's (read from FHIR) merged with what the CSV feeds imported
 * for the ward's windows (shared/src/feeds/merge-ward-context.ts says which wins), and each staffing
 * and incident cell names where its figures came from.
 *
 * Each snapshot's outcome days (VTE prophylaxis where indicated, discharges before noon, falls, low
 * glucose: the huddle's run charts) are stored here too, merged into what earlier snapshots read.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  compositeScore,
  computeMeasures,
  expertDefaultModel,
  featuresFromValues,
  isHarmIncident,
  mergeWardContext,
  outcomeDaysOf,
  predict,
  previousLondonDates,
  sevenLondonDaysBefore,
  trendOf,
  type MeasureCell,
  type MeasureDefinition,
  type PatientOnBoard,
  type Ward,
  type WardContext,
  type WardPrediction,
  type WardSnapshot,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { measureDefinitionsFor } from '../config/wards-config.js';
import { BOARD_EVENTS } from '../core/tokens.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { BoardRepository } from '../store/board.repository.js';
import { FeedRepository } from '../store/feed.repository.js';
import { OutcomeRepository } from '../store/outcome.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

const DAY_MS = 24 * 3_600_000;
/** A week-ago score this far either side of exactly 7 days still counts for the trend. */
const WEEK_AGO_TOLERANCE_MS = 12 * 3_600_000;

export type ScoreOutcome = { scored: true; version: number } | { scored: false; why: string };

@Injectable()
export class ScoringService {
  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feeds: FeedRepository,
    private readonly outcomes: OutcomeRepository,
  ) {}

  /** The measure definitions for a ward: its profile's, with the trust's and the ward's threshold overrides. */
  definitionsFor(ward: Ward): MeasureDefinition[] {
    return measureDefinitionsFor(this.config.measureOverrides, ward);
  }

  async scoreWard(wardId: string): Promise<ScoreOutcome> {
    const ward = await this.boards.getWard(wardId);
    if (ward === null) return { scored: false, why: 'unknown ward' };
    const state = await this.boards.getBoardState(wardId);
    const snapshot = state?.snapshot ?? null;
    if (snapshot === null) return { scored: false, why: 'no snapshot yet' };
    const now = Date.parse(snapshot.asOf);
    const at = new Date(now);
    const definitions = this.definitionsFor(ward);
    const windowStart = sevenLondonDaysBefore(now);
    const occupiedBedDays7d = await this.scores.occupiedBedDays(wardId, new Date(windowStart), at);
    const staffingDates = previousLondonDates(now, 7);
    // Snapshots stored before these fields existed have no ward context: with no feed either, the cells say "no data".
    const { context, sources } = mergeWardContext(
      snapshot.wardContext ?? null,
      await this.feeds.wardFeeds(
        wardId,
        staffingDates[0] as string,
        staffingDates.at(-1) as string,
        new Date(windowStart),
        at,
      ),
    );
    // The run charts' days as this snapshot reads them, incidents from FHIR and the feeds alike.
    await this.outcomes.record(
      wardId,
      outcomeDaysOf({ ...snapshot, unplaced: snapshot.unplaced ?? [], wardContext: context ?? NOT_READ }),
      at,
      'live',
    );
    const cells = computeMeasures(
      {
        profile: ward.profile,
        now,
        census: snapshot.census,
        patients: everyone(snapshot),
        wardContext: context,
        // Snapshots stored before flow existed have none: the cell then says "no data".
        flow: snapshot.flow ?? null,
        occupiedBedDays7d,
        sources,
      },
      definitions,
    );
    const composite = compositeScore(cells, definitions);
    const weekAgo = await this.scores.scoreNear(wardId, new Date(now - 7 * DAY_MS), WEEK_AGO_TOLERANCE_MS);
    const prediction = await this.predictFor(ward, cells, weekAgo?.cells ?? null);
    const harm = (context?.incidents ?? []).filter((i) => {
      const t = Date.parse(i.occurredAt);
      return t >= windowStart && t <= now && isHarmIncident(ward.profile, i.categories);
    }).length;
    const id = await this.scores.insertScore({
      wardId,
      at,
      granularity: 'poll',
      cells,
      composite: composite.value,
      compositeBand: composite.band,
      trend: trendOf(composite.value, weekAgo?.composite ?? null),
      prediction,
      harmIncidents7d: context === null ? null : harm,
      occupiedBedDays7d: occupiedBedDays7d ?? snapshot.census.occupied * ((now - windowStart) / DAY_MS),
      source: 'live',
    });
    if (id === null) return { scored: false, why: 'already scored' };
    await this.events.publishHeatmap({ version: id });
    return { scored: true, version: id };
  }

  private async predictFor(
    ward: Ward,
    cells: readonly MeasureCell[],
    weekAgoCells: readonly MeasureCell[] | null,
  ): Promise<WardPrediction> {
    const model = (await this.scores.latestModel(ward.profile)) ?? expertDefaultModel(ward.profile);
    const values = (list: readonly MeasureCell[]) => Object.fromEntries(list.map((c) => [c.measureId, c.value]));
    const { probability, drivers } = predict(
      model,
      featuresFromValues(ward.profile, values(cells), weekAgoCells === null ? null : values(weekAgoCells)),
    );
    return {
      probability,
      drivers,
      model: { source: model.source, fittedAt: model.fittedAt, trainingRows: model.trainingRows },
    };
  }
}

/** No incidents from FHIR or a feed: the outcome days read none (an unreadable time says so). */
const NOT_READ: WardContext = { readAt: 'not read', incidents: [], staffing: [] };

function everyone(snapshot: WardSnapshot): PatientOnBoard[] {
  return [
    ...snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])),
    ...(snapshot.unplaced ?? []).map((u) => u.patient),
  ];
}
