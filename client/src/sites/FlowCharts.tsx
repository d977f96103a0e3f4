/**
 * The site's flow as three charts, each with the same facts in words beneath it (the figcaption):
 * admissions and discharges by London hour of day, occupancy by hour, and length of stay now.
 */
import { formatLondonDay, type SiteFlowResponse } from '@wardflow/shared';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { londonTimeOf } from '../display/format';
import { lengthOfStaySummary, movementsSummary, occupancySummary } from './flow-summary';

const AXIS = '#d6dde6';
const GRID = '#2a323d';
const ADMISSIONS = '#8cc8ff';
const DISCHARGES = '#5fd39a';
const FONT = 18;
const tooltipStyle = { background: '#171c24', border: '1px solid #2a323d', fontSize: 18 };

const tick = { fill: AXIS, fontSize: FONT };
const tooltipLabel = { color: '#f5f7fa' };
const barCursor = { fill: '#ffffff14' };
const chartMargin = (right: number) => ({ top: 8, right, bottom: 8, left: 0 });
/** The count axis of a bar chart: whole numbers only. */
const countAxis = { allowDecimals: false, tick, stroke: AXIS, width: 48 };

/** One chart with its title, and the same facts in words beneath it. */
function ChartFigure({
  id,
  summaryId,
  title,
  summary,
  children,
}: {
  id: string;
  summaryId: string;
  title: ReactNode;
  summary: string;
  children: ReactNode;
}) {
  return (
    <figure className="sites-chart" aria-labelledby={`flow-${id}-title`}>
      <h3 id={`flow-${id}-title`} className="sites-chart__title">
        {title}
      </h3>
      {children}
      <figcaption className="sites-chart__caption" data-testid={`flow-${summaryId}-summary`}>
        {summary}
      </figcaption>
    </figure>
  );
}

export function FlowCharts({ flow }: { flow: SiteFlowResponse }) {
  const hours = flow.movements.byHour.map((h) => ({ ...h, label: String(h.hour).padStart(2, '0') }));
  const occupancy = flow.occupancy.points.map((p) => ({
    t: Date.parse(p.at),
    percent: p.percent === null ? null : Math.round(p.percent * 10) / 10,
  }));
  return (
    <div className="sites-charts">
      <ChartFigure
        id="hours"
        summaryId="movements"
        title="Admissions and discharges by hour of day (London)"
        summary={movementsSummary(flow)}
      >
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={hours} margin={chartMargin(16)}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="label" tick={tick} stroke={AXIS} interval={1} />
            <YAxis {...countAxis} />
            <Tooltip
              contentStyle={tooltipStyle}
              labelStyle={tooltipLabel}
              labelFormatter={(l) => `${String(l)}:00`}
              cursor={barCursor}
            />
            <Legend wrapperStyle={{ fontSize: FONT, color: AXIS }} />
            <Bar dataKey="admissions" name="Admissions" fill={ADMISSIONS} isAnimationActive={false} />
            <Bar dataKey="discharges" name="Discharges" fill={DISCHARGES} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <ChartFigure
        id="occupancy"
        summaryId="occupancy"
        title={`Occupancy, last ${flow.days === 1 ? 'day' : `${flow.days} days`}`}
        summary={occupancySummary(flow)}
      >
        {occupancy.length === 0 ? (
          <p className="sites-note">No census recorded yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height={300}>
            <LineChart data={occupancy} margin={chartMargin(24)}>
              <CartesianGrid stroke={GRID} vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => londonTimeOf(new Date(t).toISOString()).slice(0, 5)}
                tick={tick}
                stroke={AXIS}
                minTickGap={40}
              />
              <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={tick} stroke={AXIS} width={64} />
              <Tooltip
                contentStyle={tooltipStyle}
                labelStyle={tooltipLabel}
                labelFormatter={(t) => {
                  const iso = new Date(Number(t)).toISOString();
                  return `${formatLondonDay(iso)} ${londonTimeOf(iso)}`;
                }}
                formatter={(v) => (typeof v === 'number' ? `${v}%` : 'no data')}
              />
              <Line
                type="monotone"
                dataKey="percent"
                name="Occupancy"
                stroke={ADMISSIONS}
                strokeWidth={3}
                dot={occupancy.length < 3}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </ChartFigure>

      <ChartFigure
        id="los"
        summaryId="los"
        title="Length of stay of current inpatients"
        summary={lengthOfStaySummary(flow)}
      >
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={flow.lengthOfStay.bins} margin={chartMargin(16)}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="label" tick={tick} stroke={AXIS} />
            <YAxis {...countAxis} />
            <Tooltip contentStyle={tooltipStyle} labelStyle={tooltipLabel} cursor={barCursor} />
            <Bar dataKey="patients" name="Patients" fill={ADMISSIONS} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
