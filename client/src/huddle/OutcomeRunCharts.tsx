/**
 * The M-BRACE outcomes at the huddle (issue 15 item 7): four small run charts over twelve London weeks
 * (VTE prophylaxis where indicated, discharges before noon, falls, low blood sugar), each with its
 * last whole week, this week so far and its median in words, and a shift named when the latest weeks
 * are in one. Weeks are pooled by the server from what the polls read (GET /api/wards/:id/outcomes);
 * the panel says when that was, and marks it when it is over an hour old. Counts only, no patient.
 */
import {
  OUTCOME_CHARTS,
  runChartWords,
  shortLondonClock,
  formatLondonDay,
  type OutcomeId,
  type RunChart,
  type RunChartPoint,
  type WardOutcomes,
} from '@wardflow/shared';
import { Line, LineChart, ReferenceLine, ResponsiveContainer, YAxis } from 'recharts';
import { useApi } from '../api/useApi';

/** The charts change once a poll is scored: every 15 minutes is as often as there is news. */
const RELOAD_MS = 15 * 60_000;
/** Older than this, the panel says so beside the time (polls are every 15 minutes). */
const OLD_AFTER_MS = 60 * 60_000;

const LINE = '#8cc8ff';
const MEDIAN = '#aab4c0';
const WORSE = '#ffb224';
const FRAME = '#3a4452';

export interface OutcomeRunChartsProps {
  wardId: string;
  now: number;
  /** The board's data is current enough for colour (CS-3): expired, a worse shift keeps its words, not its amber. */
  colours: boolean;
}

export function OutcomeRunCharts({ wardId, now, colours }: OutcomeRunChartsProps) {
  const outcomes = useApi<WardOutcomes>(`/api/wards/${encodeURIComponent(wardId)}/outcomes`, { reloadMs: RELOAD_MS });
  const data = outcomes.data;
  const old = data?.readAt != null && now - Date.parse(data.readAt) > OLD_AFTER_MS;
  // Old figures are said to be old; they are not coloured as news.
  const coloured = colours && !old;
  const weekOne = data?.charts.falls.points[0]?.weekStart;
  return (
    <section className="huddle-outcomes" aria-labelledby="huddle-outcomes-title">
      <h2 className="huddle-outcomes__title" id="huddle-outcomes-title">
        Outcomes by week{' '}
        <span className="huddle-section__count">
          {weekOne === undefined ? '(12 weeks)' : `(12 weeks from ${formatLondonDay(`${weekOne}T12:00:00Z`)})`}
        </span>
        {data?.readAt != null && (
          <span className={`huddle-outcomes__read${old ? ' huddle-outcomes__read--old' : ''}`}>
            {old && <span aria-hidden="true">⚠ </span>}
            {old ? 'last read ' : 'read '}
            {shortLondonClock(data.readAt, now)}
          </span>
        )}
      </h2>
      {outcomes.error !== null && (
        <p className="huddle-actions__error" role="alert">
          Outcomes could not be loaded: {outcomes.error}
        </p>
      )}
      {data !== null && data.firstDay === null && (
        <p className="huddle-actions__none">Not recorded yet: the weeks fill in as Wardflow reads the ward.</p>
      )}
      {data !== null && data.firstDay !== null && (
        <div className="huddle-outcomes__grid">
          {OUTCOME_CHARTS.map((meta) => (
            <OutcomeTile key={meta.id} id={meta.id} chart={data.charts[meta.id]} coloured={coloured} />
          ))}
        </div>
      )}
    </section>
  );
}

function OutcomeTile({ id, chart, coloured }: { id: OutcomeId; chart: RunChart; coloured: boolean }) {
  const meta = OUTCOME_CHARTS.find((m) => m.id === id) as (typeof OUTCOME_CHARTS)[number];
  const words = runChartWords(chart, meta);
  const nothing = chart.points.every((p) => p.value === null);
  const titleId = `outcome-${id}`;
  const top = meta.kind === 'share' ? 100 : Math.max(2, ...chart.points.map((p) => p.value ?? 0));
  return (
    <figure className="outcome-tile" aria-labelledby={titleId} data-testid={`outcome-${id}`}>
      <span className="outcome-tile__title" id={titleId}>
        {meta.title}
      </span>
      <figcaption className="outcome-tile__text">
        {nothing ? (
          <span className="outcome-tile__none">Not recorded on this ward</span>
        ) : (
          <>
            <span className="outcome-tile__last">{words.lastWeek}</span>
            {meta.kind === 'count' ? (
              // A count's median and week so far are short: one line, so the four tiles fit beside the actions.
              <span className="outcome-tile__more">
                {[words.detail, words.thisWeek].filter((w) => w !== null).join(' · ')}
              </span>
            ) : (
              <>
                {words.detail !== null && <span className="outcome-tile__more">{words.detail}</span>}
                {words.thisWeek !== null && <span className="outcome-tile__more">{words.thisWeek}</span>}
              </>
            )}
            {words.shift !== null && (
              <span
                className={`outcome-tile__shift${words.shiftWorse && coloured ? ' outcome-tile__shift--worse' : ''}`}
              >
                {words.shiftWorse ? '⚠ ' : ''}
                {words.shift}
              </span>
            )}
          </>
        )}
      </figcaption>
      {!nothing && (
        <div className="outcome-tile__chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            {/* Words beside it say everything the chart does: no keyboard stop in a picture hidden from screen readers. */}
            <LineChart data={chart.points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <YAxis hide type="number" domain={[0, top]} />
              {/* The chart's floor and ceiling (0, and 100% or the most counted), so a flat line reads as where it is. */}
              <ReferenceLine y={0} stroke={FRAME} strokeWidth={1} />
              <ReferenceLine y={top} stroke={FRAME} strokeWidth={1} />
              {chart.median !== null && (
                <ReferenceLine y={chart.median} stroke={MEDIAN} strokeDasharray="6 4" strokeWidth={2} />
              )}
              <Line
                dataKey="value"
                stroke={LINE}
                strokeWidth={2}
                connectNulls={false}
                isAnimationActive={false}
                dot={(props: { cx?: number; cy?: number; payload?: RunChartPoint; index?: number }) => (
                  <WeekDot
                    key={props.index}
                    {...props}
                    median={chart.median}
                    better={meta.better}
                    coloured={coloured}
                  />
                )}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

/** A week: filled when whole, hollow when partial; amber when in a shift the wrong way (the words say so too). */
function WeekDot({
  cx,
  cy,
  payload,
  median,
  better,
  coloured,
}: {
  cx?: number;
  cy?: number;
  payload?: RunChartPoint;
  median: number | null;
  better: 'higher' | 'lower';
  coloured: boolean;
}) {
  if (cx === undefined || cy === undefined || payload?.value == null) return <g />;
  const worse = coloured && payload.shift && median !== null && payload.value > median === (better === 'lower');
  const colour = worse ? WORSE : LINE;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={4}
      stroke={colour}
      strokeWidth={2}
      fill={payload.partial ? 'var(--card)' : colour}
      className={payload.partial ? 'outcome-dot outcome-dot--partial' : 'outcome-dot'}
    />
  );
}
