/**
 * Loads the simulator's generated history (SIMULATED_HISTORY_DAYS days per ward, from hidden drivers
 * in a known way) into the score history, for the demo trust only, so its heat map has trends and a
 * fitted prediction from the first minute. A ward that already has scores is left alone. Each day
 * becomes one row at London noon, marked `simulated`, scored by the same shared rules as live polls.
 */
import { Injectable, Logger } from '@nestjs/common';
import { addCalendarDays, bandFor, compositeScore, londonDate, trendOf, type MeasureCell, type Ward } from '@wardflow/shared';
import { generateWardHistory, SIMULATED_HISTORY_DAYS } from '../simulator/history/ward-history.generator.js';
import { ScoreRepository, type NewScore } from '../store/score.repository.js';
import { ScoringService } from './scoring.service.js';

/** London noon of a date as a UTC instant (11:00Z in summer, 12:00Z in winter). */
function londonNoon(date: string): Date {
  for (const hourUtc of [11, 12]) {
    const t = new Date(`${date}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
    if (londonDate(t) === date && new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(t) === '12') return t;
  }
  return new Date(`${date}T12:00:00Z`);
}

@Injectable()
export class SimulatedHistoryService {
  private readonly logger = new Logger(SimulatedHistoryService.name);

  constructor(
    private readonly scores: ScoreRepository,
    private readonly scoring: ScoringService,
  ) {}

  /** Returns the number of wards given history. */
  async load(wards: readonly Ward[], now: Date, seed: number): Promise<number> {
    const empty: Ward[] = [];
    for (const ward of wards) if ((await this.scores.countScores(ward.id)) === 0) empty.push(ward);
    if (empty.length === 0) return 0;
    const endDate = addCalendarDays(londonDate(now), -1);
    const rows = generateWardHistory({
      seed,
      // Beds only scale the simulated bed days; typical ward sizes serve (mental-health wards are smaller).
      wards: empty.map((w) => ({ id: w.id, profile: w.profile, beds: w.profile === 'mental-health' ? 18 : 28 })),
      days: SIMULATED_HISTORY_DAYS,
      endDate,
    });
    const byWard = new Map<string, typeof rows>();
    for (const row of rows) byWard.set(row.wardId, [...(byWard.get(row.wardId) ?? []), row]);
    const scores: NewScore[] = [];
    for (const ward of empty) {
      const definitions = this.scoring.definitionsFor(ward);
      const days = byWard.get(ward.id) ?? [];
      const composites = new Map<string, number | null>();
      days.forEach((day, i) => {
        const cells: MeasureCell[] = definitions.map((def) => {
          const value = day.values[def.id] ?? null;
          return value === null ? { measureId: def.id, value: null, band: null, reason: 'not recorded that day' } : { measureId: def.id, value, band: bandFor(value, def) };
        });
        const composite = compositeScore(cells, definitions);
        composites.set(day.date, composite.value);
        const week = days.slice(Math.max(0, i - 6), i + 1);
        scores.push({
          wardId: ward.id,
          at: londonNoon(day.date),
          granularity: 'day',
          cells,
          composite: composite.value,
          compositeBand: composite.band,
          trend: trendOf(composite.value, composites.get(addCalendarDays(day.date, -7)) ?? null),
          prediction: null,
          harmIncidents7d: week.length === 7 ? week.reduce((a, d) => a + d.harmIncidents, 0) : null,
          occupiedBedDays7d: week.length === 7 ? week.reduce((a, d) => a + d.occupiedBedDays, 0) : null,
          source: 'simulated',
        });
      });
    }
    await this.scores.insertScores(scores);
    this.logger.log(`Loaded ${SIMULATED_HISTORY_DAYS} days of simulated history for ${empty.length} wards (to ${endDate})`);
    return empty.length;
  }
}
