/**
 * Heat-map REST API (docs/design.md section 9): the whole heat map, and one ward's history of a measure for
 * the charts, with its thresholds so they can be drawn.
 */
import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import {
  grantsAllow,
  heatmapLimitedTo,
  type Heatmap,
  type HistoryPoint,
  type Identity,
  type MeasureHistory,
} from '@wardflow/shared';
import { z } from 'zod';
import { Allow, CurrentIdentity } from '../core/access.decorators.js';
import { idSchema, isoDateTime, ZodPipe } from '../http/zod.pipe.js';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { HeatmapService } from './heatmap.service.js';
import { ScoringService } from './scoring.service.js';

const DAY_MS = 24 * 3_600_000;
const historyQuery = z
  .object({
    measure: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'expected a measure id such as composite or falls')
      .default('composite'),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
  })
  .strict();

/** How old detail is thinned (the compaction job): said with every history answer, so no chart implies detail it lacks. */
export const HISTORY_AGGREGATION =
  'Scores from the last 7 days are every poll; older ones are the last score of each hour, and after 90 days of each day.';

@Controller()
export class HeatmapController {
  constructor(
    private readonly heatmap: HeatmapService,
    private readonly scores: ScoreRepository,
    private readonly boards: BoardRepository,
    private readonly scoring: ScoringService,
  ) {}

  /** The rows of the wards in the caller's scope, the data time recomputed from those rows. */
  @Allow('heatmap.view')
  @Get('heatmap')
  async getHeatmap(@CurrentIdentity() identity: Identity): Promise<Heatmap> {
    return heatmapLimitedTo(await this.heatmap.getHeatmap(), (row) =>
      grantsAllow(identity.grants, 'heatmap.view', { ward: { id: row.wardId, siteId: row.siteId } }),
    );
  }

  @Allow('ward.history', { ward: 'wardId', from: 'params' })
  @Get('wards/:wardId/history')
  async history(
    @Param('wardId', new ZodPipe(idSchema)) wardId: string,
    @Query(new ZodPipe(historyQuery)) query: z.infer<typeof historyQuery>,
  ): Promise<MeasureHistory> {
    const ward = await this.boards.getWard(wardId);
    if (ward === null) throw new NotFoundException(`Unknown ward ${wardId}`);
    const to = query.to === undefined ? new Date() : new Date(query.to);
    const from = query.from === undefined ? new Date(to.getTime() - 30 * DAY_MS) : new Date(query.from);
    if (from > to) throw new BadRequestException('from must not be after to');
    const definitions = this.scoring.definitionsFor(ward);
    const id = query.measure;
    const def =
      id === 'composite'
        ? { id, label: 'Composite', unit: 'score 0-100', direction: 'higher-is-worse', amber: 20, red: 40 }
        : definitions.find((d) => d.id === id);
    if (def === undefined)
      throw new BadRequestException(
        `Unknown measure ${id} for ${ward.profile === 'acute' ? 'an acute' : 'a mental-health'} ward; expected composite or one of ${definitions.map((d) => d.id).join(', ')}`,
      );
    const rows = await this.scores.history(wardId, from, to);
    const points = rows.map((row): HistoryPoint => {
      // The demo's history of before the import existed reads as imported: it came in the same way.
      const source: Pick<HistoryPoint, 'source'> =
        row.source === 'live' ? {} : { source: row.source === 'backfilled' ? 'backfilled' : 'imported' };
      if (id === 'composite')
        return {
          at: row.at.toISOString(),
          value: row.composite,
          band: row.compositeBand,
          granularity: row.granularity,
          ...source,
        };
      const cell = row.cells.find((c) => c.measureId === id);
      return {
        at: row.at.toISOString(),
        value: cell?.value ?? null,
        band: cell?.band ?? null,
        granularity: row.granularity,
        ...(cell?.reason === undefined
          ? cell === undefined
            ? { reason: 'not measured then' }
            : {}
          : { reason: cell.reason }),
        ...source,
      };
    });
    return {
      wardId,
      measure: {
        id: def.id,
        label: def.label,
        unit: def.unit,
        direction: def.direction,
        amber: def.amber,
        red: def.red,
      },
      from: from.toISOString(),
      to: to.toISOString(),
      aggregation: HISTORY_AGGREGATION,
      points,
    };
  }
}
