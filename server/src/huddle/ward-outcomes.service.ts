/**
 * The huddle's M-BRACE run charts (issue 15 item 7): the ward's stored outcome days over the last
 * twelve London weeks, pooled into weekly points by the shared rules (ward-outcomes.ts), with when
 * they were last read so the huddle can say how old they are.
 */
import { Inject, Injectable } from '@nestjs/common';
import { OUTCOME_WEEKS, addCalendarDays, londonDate, outcomeRunCharts, type WardOutcomes } from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { OutcomeRepository } from '../store/outcome.repository.js';

@Injectable()
export class WardOutcomesService {
  constructor(
    private readonly outcomes: OutcomeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forWard(wardId: string): Promise<WardOutcomes> {
    const now = this.clock();
    // Twelve weeks back from today reaches the first chart week's Monday whatever today's weekday.
    const from = addCalendarDays(londonDate(now), -7 * OUTCOME_WEEKS);
    const [days, extent] = await Promise.all([this.outcomes.days(wardId, from), this.outcomes.extent(wardId)]);
    return {
      wardId,
      at: new Date(now).toISOString(),
      readAt: extent.readAt?.toISOString() ?? null,
      firstDay: extent.firstDay,
      charts: outcomeRunCharts(days, now, OUTCOME_WEEKS),
    };
  }
}
