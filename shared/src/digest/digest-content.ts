/**
 * What a lead's weekly digest says (docs/design.md section 1: which of their wards may need extra support in
 * the coming week, why, compared with last week). Pure: the server gathers the heat-map rows, last
 * week's scores and the daily composites; this decides the facts and their words, so the HTML and
 * the plain-text parts (and the preview) say the same thing. Ward-level only: nothing here can
 * name a patient (SEC-9, minimum content).
 */
import type { HeatmapMeasure, HeatmapRow } from '../heatmap.js';
import { formatLondonDay, formatLondonTime } from '../london-time.js';
import type { Band } from '../measures/measure.types.js';
import type { WardProfile } from '../ward.types.js';
import { weekLabel } from './digest-week.js';
import type { Lead } from './leads.js';

/** Default probability from which a ward is listed as "may need extra support" (DIGEST_THRESHOLD). */
export const DEFAULT_DIGEST_THRESHOLD = 0.3;

/** A ward's score about a week before, for "change since last week". */
export interface ScoreWeekBefore {
  at: string;
  composite: number | null;
  probability: number | null;
}

/** One point of the trend chart: the ward's last composite of a London day. */
export interface DailyComposite {
  date: string;
  composite: number | null;
}

export interface DigestWardInput {
  row: HeatmapRow;
  weekBefore: ScoreWeekBefore | null;
  /** Oldest first. */
  daily: DailyComposite[];
}

export interface DigestInput {
  lead: Lead;
  week: string;
  /** Server time (epoch ms) the digest was composed at. */
  now: number;
  measures: readonly HeatmapMeasure[];
  wards: readonly DigestWardInput[];
  /** Probability from which a ward is listed as predicted to need extra support. */
  threshold: number;
  /** The dashboard's address (PUBLIC_URL), without a trailing slash. */
  dashboardUrl: string;
}

export interface DigestCell {
  measureId: string;
  label: string;
  unit: string;
  value: number | null;
  /** "96.4%", "3 patients", or "no data". */
  valueText: string;
  band: Band | null;
  /** "RED", "AMBER", "OK"; "not current" when the data expired; "no data" without a value (CS-9). */
  bandWord: string;
  reason?: string;
}

export interface DigestChange {
  comparedAt: string;
  compositeBefore: number | null;
  compositeDelta: number | null;
  probabilityBefore: number | null;
  /** Percentage points. */
  probabilityDeltaPoints: number | null;
  /** "composite 34, was 28 (+6); chance 41%, was 30% (+11 points)". */
  text: string;
}

export interface DigestWard {
  wardId: string;
  name: string;
  siteName: string;
  profile: WardProfile;
  asOf: string | null;
  /** "Mon 30 Mar 06:45 BST", or "no score yet". */
  asOfText: string;
  freshness: HeatmapRow['freshness'];
  staleReason?: string;
  cells: DigestCell[];
  composite: { value: number | null; band: Band | null; bandWord: string; text: string };
  probability: number | null;
  /** "41%" or "not available". */
  probabilityText: string;
  /** Top drivers in words, largest first. */
  drivers: string[];
  predicted: boolean;
  change: DigestChange | null;
  daily: DailyComposite[];
}

export interface DigestContent {
  leadId: string;
  leadName: string;
  email: string;
  week: string;
  weekLabel: string;
  subject: string;
  generatedAt: string;
  /** The newest data time among the lead's wards. */
  dataAsOf: string | null;
  dataAsOfText: string;
  threshold: number;
  thresholdText: string;
  /** Highest risk first. */
  wards: DigestWard[];
  /** The wards at or above the threshold, highest first. */
  predicted: DigestWard[];
  /** Wards configured for the lead that the trust's data does not know (said in the email, not hidden). */
  missingWardIds: string[];
  dashboardUrl: string;
}

/** Band in words (CS-9), the heat map's words: green is quiet. */
export function digestBandWord(band: Band | null, hasValue: boolean): string {
  if (!hasValue) return 'no data';
  switch (band) {
    case 'red':
      return 'RED';
    case 'amber':
      return 'AMBER';
    case 'green':
      return 'OK';
    case null:
      return 'not current';
  }
}

/** At most one decimal place, none when whole. */
export function formatDigestNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** "96.4%", "1 patient", "3 patients", "4" (a bare count reads better without the word "count"). */
export function digestValueText(value: number | null, unit: string): string {
  if (value === null) return 'no data';
  const n = formatDigestNumber(value);
  if (unit === '%') return `${n}%`;
  if (unit === 'count') return n;
  if (unit === 'patients' && value === 1) return `${n} patient`;
  return `${n} ${unit}`;
}

export function percent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatDigestNumber(n)}` : n < 0 ? `−${formatDigestNumber(-n)}` : 'no change';
}

/** London day and time with GMT/BST (CS-1). */
export function londonStamp(iso: string): string {
  return `${formatLondonDay(iso)} ${formatLondonTime(iso)}`;
}

function changeOf(row: HeatmapRow, before: ScoreWeekBefore | null): DigestChange | null {
  if (before === null) return null;
  const now = row.composite.value;
  const compositeDelta = now !== null && before.composite !== null ? now - before.composite : null;
  const probabilityNow = row.prediction?.probability ?? null;
  const probabilityDeltaPoints =
    probabilityNow !== null && before.probability !== null
      ? Math.round(probabilityNow * 100) - Math.round(before.probability * 100)
      : null;
  const parts: string[] = [];
  parts.push(
    before.composite === null
      ? 'composite: none a week before'
      : `composite ${now === null ? 'none' : formatDigestNumber(now)}, was ${formatDigestNumber(before.composite)}${compositeDelta === null ? '' : ` (${signed(compositeDelta)})`}`,
  );
  if (before.probability !== null) {
    parts.push(
      `chance ${probabilityNow === null ? 'not available' : percent(probabilityNow)}, was ${percent(before.probability)}${
        probabilityDeltaPoints === null
          ? ''
          : ` (${probabilityDeltaPoints === 0 ? 'no change' : `${signed(probabilityDeltaPoints)} points`})`
      }`,
    );
  }
  return {
    comparedAt: before.at,
    compositeBefore: before.composite,
    compositeDelta,
    probabilityBefore: before.probability,
    probabilityDeltaPoints,
    text: `${parts.join('; ')} (against ${londonStamp(before.at)})`,
  };
}

function wardOf(input: DigestWardInput, measures: readonly HeatmapMeasure[], threshold: number): DigestWard {
  const { row } = input;
  const byId = new Map(measures.map((m) => [m.id, m]));
  const cellOf = new Map(row.cells.map((c) => [c.measureId, c]));
  // Every measure of the ward's profile gets a cell, even one the score did not carry: a gap is said, not skipped.
  const cells: DigestCell[] = measures
    .filter((m) => m.profiles.includes(row.profile))
    .map((m) => {
      const cell = cellOf.get(m.id);
      const value = cell?.value ?? null;
      const band = cell?.band ?? null;
      return {
        measureId: m.id,
        label: byId.get(m.id)?.label ?? m.id,
        unit: m.unit,
        value,
        valueText: digestValueText(value, m.unit),
        band,
        bandWord: digestBandWord(band, value !== null),
        ...(value === null ? { reason: cell?.reason ?? 'not measured' } : {}),
      };
    });
  const probability = row.prediction?.probability ?? null;
  const compositeValue = row.composite.value;
  return {
    wardId: row.wardId,
    name: row.name,
    siteName: row.siteName,
    profile: row.profile,
    asOf: row.asOf,
    asOfText: row.asOf === null ? 'no score yet' : londonStamp(row.asOf),
    freshness: row.freshness,
    ...(row.staleReason === undefined ? {} : { staleReason: row.staleReason }),
    cells,
    composite: {
      value: compositeValue,
      band: row.composite.band,
      bandWord: digestBandWord(row.composite.band, compositeValue !== null),
      text:
        compositeValue === null
          ? `no composite (${row.composite.reason ?? 'not enough data'})`
          : `${formatDigestNumber(compositeValue)} of 100`,
    },
    probability,
    probabilityText: probability === null ? 'not available' : percent(probability),
    drivers: (row.prediction?.drivers ?? []).map((d) => d.label),
    predicted: probability !== null && probability >= threshold,
    change: changeOf(row, input.weekBefore),
    daily: input.daily,
  };
}

/** The digest of one lead for one week. Wards come highest risk first, as on the heat map. */
export function composeDigest(input: DigestInput): DigestContent {
  const wards = input.wards.map((w) => wardOf(w, input.measures, input.threshold));
  wards.sort(
    (a, b) =>
      (b.probability ?? -1) - (a.probability ?? -1) ||
      (b.composite.value ?? -1) - (a.composite.value ?? -1) ||
      a.name.localeCompare(b.name, 'en-GB'),
  );
  const known = new Set(wards.map((w) => w.wardId));
  const predicted = wards.filter((w) => w.predicted);
  const times = wards
    .map((w) => w.asOf)
    .filter((t): t is string => t !== null)
    .sort();
  const dataAsOf = times.at(-1) ?? null;
  const label = weekLabel(input.week);
  const subject =
    predicted.length === 0
      ? `Ward safety digest, ${label}: no ward predicted to need extra support`
      : `Ward safety digest, ${label}: ${predicted.length} of ${wards.length} ward${wards.length === 1 ? '' : 's'} may need extra support`;
  return {
    leadId: input.lead.id,
    leadName: input.lead.name,
    email: input.lead.email,
    week: input.week,
    weekLabel: label,
    subject,
    generatedAt: new Date(input.now).toISOString(),
    dataAsOf,
    dataAsOfText: dataAsOf === null ? 'no data yet' : londonStamp(dataAsOf),
    threshold: input.threshold,
    thresholdText: percent(input.threshold),
    wards,
    predicted,
    missingWardIds: input.lead.wardIds.filter((id) => !known.has(id)),
    dashboardUrl: input.dashboardUrl.replace(/\/+$/, ''),
  };
}
