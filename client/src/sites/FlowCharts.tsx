/**
 * The site's flow as three charts, each with the same facts in words beneath it (the figcaption):
 * admissions and discharges by London hour of day, occupancy by hour, and length of stay now.
 */
import { formatLondonDay, type SiteFlowResponse } from '@wardflow/shared';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { londonTimeOf } from '../display/format';
import { lengthOfStaySummary, movementsSummary, occupancySummary } from './flow-summary';

const AXIS = '#d6dde6';
const GRID = '#2a323d';
const ADMISSIONS = '#8cc8ff';
const DISCHARGES = '#5fd39a';
const FONT = 18;
const tooltipStyle = { background: '#171c24', border: '1px solid #2a323d', fontSize: 18 };

export function FlowCharts({ flow }: { flow: SiteFlowResponse }) {
  const hours = flow.movements.byHour.map((h) => ({ ...h, label: String(h.hour).padStart(2, '0') }));
  const occupancy = flow.occupancy.points.map((p) => ({ t: Date.parse(p.at), percent: p.percent === null ? null : Math.round(p.percent * 10) / 10 }));
  return (
    <div className="sites-charts">
      <figure className="sites-chart" aria-labelledby="flow-hours-title">
        <h3 id="flow-hours-title" className="sites-chart__title">
          Admissions and discharges by hour of day (London)
        </h3>
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={hours} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: AXIS, fontSize: FONT }} stroke={AXIS} interval={1} />
            <YAxis allowDecimals={false} tick={{ fill: AXIS, fontSize: FONT }} stroke={AXIS} width={48} />
            <Tooltip contentStyle={tooltipStyle} labelStyle={{ color: '#f5f7fa' }} labelFormatter={(l) => `${String(l)}:00`} cursor={{ fill: '#ffffff14' }} />
            <Legend wrapperStyle={{ fontSize: FONT, color: AXIS }} />
            <Bar dataKey="admissions" name="Admissions" fill={ADMISSIONS} isAnimationActive={false} />
            <Bar dataKey="discharges" name="Discharges" fill={DISCHARGES} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="sites-chart__caption" data-testid="flow-movements-summary">
          {movementsSummary(flow)}
        </figcaption>
      </figure>

      <figure className="sites-chart" aria-labelledby="flow-occupancy-title">
        <h3 id="flow-occupancy-title" className="sites-chart__title">
          Occupancy, last {flow.days === 1 ? 'day' : `${flow.days} days`}
        </h3>
        {occupancy.length === 0 ? (
          <p className="sites-note">No census recorded yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height={300}>
            <LineChart data={occupancy} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
              <CartesianGrid stroke={GRID} vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => londonTimeOf(new Date(t).toISOString()).slice(0, 5)}
                tick={{ fill: AXIS, fontSize: FONT }}
                stroke={AXIS}
                minTickGap={40}
              />
              <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fill: AXIS, fontSize: FONT }} stroke={AXIS} width={64} />
              <Tooltip
                contentStyle={tooltipStyle}
                labelStyle={{ color: '#f5f7fa' }}
                labelFormatter={(t) => {
                  const iso = new Date(Number(t)).toISOString();
                  return `${formatLondonDay(iso)} ${londonTimeOf(iso)}`;
                }}
                formatter={(v) => (typeof v === 'number' ? `${v}%` : 'no data')}
              />
              <Line type="monotone" dataKey="percent" name="Occupancy" stroke={ADMISSIONS} strokeWidth={3} dot={occupancy.length < 3} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
        <figcaption className="sites-chart__caption" data-testid="flow-occupancy-summary">
          {occupancySummary(flow)}
        </figcaption>
      </figure>

      <figure className="sites-chart" aria-labelledby="flow-los-title">
        <h3 id="flow-los-title" className="sites-chart__title">
          Length of stay of current inpatients
        </h3>
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={flow.lengthOfStay.bins} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={GRID} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: AXIS, fontSize: FONT }} stroke={AXIS} />
            <YAxis allowDecimals={false} tick={{ fill: AXIS, fontSize: FONT }} stroke={AXIS} width={48} />
            <Tooltip contentStyle={tooltipStyle} labelStyle={{ color: '#f5f7fa' }} cursor={{ fill: '#ffffff14' }} />
            <Bar dataKey="patients" name="Patients" fill={ADMISSIONS} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="sites-chart__caption" data-testid="flow-los-summary">
          {lengthOfStaySummary(flow)}
        </figcaption>
      </figure>
    </div>
  );
}
