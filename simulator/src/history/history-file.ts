/**
 * Generated history written in the shape of Wardflow's history import (docs/operations.md, "Importing
 * history"): one row per ward per day, one column (CSV) or key (NDJSON) per measure, empty or null where
 * the dashboard had no data that day. The demo loads its trust's past this way, through the same
 * validated import a trust uses for the history it keeps in spreadsheets.
 */
import type { WardProfile } from '../trust/news2.model.js';
import { HISTORY_MEASURE_IDS, type HistoryWard, type WardHistoryRow } from './ward-history.generator.js';

export type HistoryFormat = 'csv' | 'ndjson';

/** Beds only scale the simulated bed days: typical ward sizes serve (mental-health wards are smaller). */
export function historyWardsOf(wards: readonly { id: string; profile: WardProfile }[]): HistoryWard[] {
  return wards.map((w) => ({ id: w.id, profile: w.profile, beds: w.profile === 'mental-health' ? 18 : 28 }));
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatHistory(rows: readonly WardHistoryRow[], format: HistoryFormat): string {
  if (format === 'ndjson') {
    return rows
      .map((r) =>
        JSON.stringify({
          ward: r.wardId,
          date: r.date,
          measures: r.values,
          harmIncidents: r.harmIncidents,
          occupiedBedDays: r.occupiedBedDays,
        }),
      )
      .map((line) => `${line}\n`)
      .join('');
  }
  const measureIds = [...new Set([...HISTORY_MEASURE_IDS.acute, ...HISTORY_MEASURE_IDS['mental-health']])];
  const header = ['ward', 'date', ...measureIds, 'harm_incidents', 'occupied_bed_days'];
  const lines = rows.map((r) =>
    [r.wardId, r.date, ...measureIds.map((id) => r.values[id] ?? null), r.harmIncidents, r.occupiedBedDays]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].map((line) => `${line}\n`).join('');
}
