/**
 * Gathers what the digest says about each ward, once per run: the heat-map row (latest score and
 * board freshness, composed by the shared rules as the heat map is), the score nearest to a week
 * before, and the daily composites for the trend chart. Composing a lead's digest from that is
 * then pure (shared/), so 1,000 leads cost three queries per ward, not per lead.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  composeDigest,
  composeHeatmapRow,
  heatmapWardInput,
  type DailyComposite,
  type DigestContent,
  type DigestWardInput,
  type HeatmapMeasure,
  type Lead,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { trustHeatmapMeasures } from '../config/wards-config.js';
import { BoardRepository } from '../store/board.repository.js';
import { DigestRepository } from '../store/digest.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

const DAY = 86_400_000;
/** How far back the trend chart reaches. */
export const TREND_DAYS = 42;
/** "A week before" is the score nearest to 7 days ago within this much either side. */
const WEEK_BEFORE_TOLERANCE = 3.5 * DAY;

/** Everything a run needs to compose any lead's digest. */
export interface DigestSnapshot {
  now: number;
  week: string;
  measures: HeatmapMeasure[];
  wards: Map<string, DigestWardInput>;
}

@Injectable()
export class DigestContentService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    private readonly digests: DigestRepository,
  ) {}

  async snapshot(now: number, week: string): Promise<DigestSnapshot> {
    const [wards, summaries, latest] = await Promise.all([
      this.boards.liveWards(),
      this.boards.listBoardSummaries(),
      this.scores.latestScores(),
    ]);
    const boardOf = new Map(summaries.map((s) => [s.wardId, s]));
    const daily = await this.digests.dailyComposites(
      wards.map((w) => w.id),
      new Date(now - TREND_DAYS * DAY),
      new Date(now),
    );
    const inputs = new Map<string, DigestWardInput>();
    for (const ward of wards) {
      const board = boardOf.get(ward.id);
      const row = composeHeatmapRow(
        heatmapWardInput(
          { wardId: ward.id, name: ward.name, siteId: ward.siteId, siteName: ward.siteName, profile: ward.profile },
          board === undefined
            ? null
            : { asOf: board.asOf?.toISOString() ?? null, lastPollOk: board.lastPollOk, staleReason: board.staleReason },
          latest.get(ward.id),
        ),
        now,
      );
      // A week before the data shown, not before now: a ward whose polls stopped compares like with like.
      const reference = row.asOf === null ? now : Date.parse(row.asOf);
      const before = await this.scores.scoreNear(ward.id, new Date(reference - 7 * DAY), WEEK_BEFORE_TOLERANCE);
      inputs.set(ward.id, {
        row,
        weekBefore:
          before === null
            ? null
            : {
                at: before.at.toISOString(),
                composite: before.composite,
                probability: before.prediction?.probability ?? null,
              },
        daily: fillDays(daily.get(ward.id) ?? [], now),
      });
    }
    return { now, week, measures: trustHeatmapMeasures(this.config.measureOverrides), wards: inputs };
  }

  compose(snapshot: DigestSnapshot, lead: Lead): DigestContent {
    return composeDigest({
      lead,
      week: snapshot.week,
      now: snapshot.now,
      measures: snapshot.measures,
      wards: lead.wardIds.map((id) => snapshot.wards.get(id)).filter((w): w is DigestWardInput => w !== undefined),
      threshold: this.config.digest.threshold,
      dashboardUrl: this.config.digest.publicUrl,
    });
  }
}

/** One point per London day of the period, null where the ward has no score that day (the chart shows a gap). */
function fillDays(points: readonly DailyComposite[], now: number): DailyComposite[] {
  const byDate = new Map(points.map((p) => [p.date, p.composite]));
  const days: DailyComposite[] = [];
  const last = new Date(now).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  const [y, m, d] = last.split('-').map(Number) as [number, number, number];
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const date = new Date(Date.UTC(y, m - 1, d) - i * DAY).toISOString().slice(0, 10);
    days.push({ date, composite: byDate.get(date) ?? null });
  }
  return days;
}
