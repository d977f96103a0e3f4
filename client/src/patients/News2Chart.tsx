/**
 * The patient's NEWS2 over the last 72 hours, with the bands drawn behind the line and named on the
 * chart (colour is never the only signal; the table beside it says the same in words). Times on the
 * axis are London times.
 */
import type { News2Point } from '@wardflow/shared';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { londonDayTimeOf } from '../display/format';
import { NEWS2_CHART_BANDS, news2BandText } from './patient-format';

const AXIS = '#d6dde6';
const LINE = '#8cc8ff';
const FONT = 16;

/** Band fills: quiet for low, amber and red for medium and high, muted when the board data is not current. */
const FILL: Record<(typeof NEWS2_CHART_BANDS)[number]['id'], string> = {
  low: '#1d2733',
  medium: '#ffb224',
  high: '#ff4d4f',
};

interface News2ChartProps {
  points: News2Point[];
  from: string;
  to: string;
  /** False when the data has expired: the bands stay, named, but lose their colour (CS-2). */
  riskColours: boolean;
}

export function News2Chart({ points, from, to, riskColours }: News2ChartProps) {
  const data = points.map((p) => ({ t: Date.parse(p.at), score: p.score, band: p.band }));
  const top = Math.max(20, ...points.map((p) => p.score));
  return (
    <ResponsiveContainer width="100%" height={320}>
      <LineChart data={data} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
        {NEWS2_CHART_BANDS.map((band) => (
          <ReferenceArea
            key={band.id}
            y1={band.from}
            y2={band.id === 'high' ? top : band.to}
            fill={riskColours ? FILL[band.id] : '#2a323d'}
            fillOpacity={band.id === 'low' ? 0.6 : 0.22}
            ifOverflow="hidden"
            label={{ value: `${band.label} ${band.range}`, position: 'insideTopLeft', fill: AXIS, fontSize: FONT }}
          />
        ))}
        <CartesianGrid stroke="#2a323d" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[Date.parse(from), Date.parse(to)]}
          tickFormatter={(t: number) => londonDayTimeOf(new Date(t).toISOString()).replace(/ (GMT|BST)$/, '')}
          tick={{ fill: AXIS, fontSize: FONT }}
          stroke={AXIS}
          minTickGap={60}
        />
        <YAxis
          domain={[0, top]}
          ticks={[0, 3, 5, 7, 10, 15, 20]}
          allowDecimals={false}
          tick={{ fill: AXIS, fontSize: FONT }}
          stroke={AXIS}
          width={40}
        />
        <Tooltip
          labelFormatter={(t) => londonDayTimeOf(new Date(Number(t)).toISOString())}
          formatter={(value, _name, item) => {
            const band = (item.payload as { band?: News2Point['band'] } | undefined)?.band;
            return [`${String(value)}${band === undefined ? '' : ` (${news2BandText(band)})`}`, 'NEWS2'];
          }}
          contentStyle={{ background: '#171c24', border: '1px solid #2a323d', fontSize: FONT }}
          labelStyle={{ color: '#f5f7fa' }}
        />
        <Line
          type="linear"
          dataKey="score"
          name="NEWS2"
          stroke={LINE}
          strokeWidth={3}
          dot={{ r: 5, fill: LINE }}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
