/**
 * A ward's history of one measure as a line, with its amber and red thresholds drawn and labelled so
 * the line can be read against them without knowing the numbers. Dates on the axis are London dates.
 */
import { formatLondonDay, formatLondonTime, type MeasureHistory } from '@wardflow/shared';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, valueText } from './heatmap-format';

const AMBER = '#ffb224';
const RED = '#ff4d4f';
const LINE = '#8cc8ff';
const AXIS = '#d6dde6';

interface Datum {
  t: number;
  value: number | null;
}

export function HistoryChart({ history }: { history: MeasureHistory }) {
  const data: Datum[] = history.points.map((p) => ({ t: Date.parse(p.at), value: p.value }));
  const { amber, red, unit } = history.measure;
  const top = Math.max(amber, red, ...data.map((d) => d.value ?? 0));
  // Headroom above the highest of line and thresholds, so the red label is never cut off; round ticks read at a glance.
  const step = niceStep((top * 1.1) / 5);
  const ticks = Array.from({ length: Math.ceil((top * 1.1) / step) + 1 }, (_, i) => i * step);
  const yMax = ticks.at(-1) ?? 1;
  const fontSize = 20;
  return (
    <ResponsiveContainer width="100%" height={380}>
      <LineChart data={data} margin={{ top: 16, right: 120, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#2a323d" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(t: number) => formatLondonDay(new Date(t).toISOString())}
          tick={{ fill: AXIS, fontSize }}
          stroke={AXIS}
          minTickGap={40}
        />
        <YAxis
          domain={[0, yMax]}
          ticks={ticks}
          tick={{ fill: AXIS, fontSize }}
          stroke={AXIS}
          width={70}
          tickFormatter={(v: number) => formatNumber(v)}
        />
        <Tooltip
          labelFormatter={(t) => {
            const iso = new Date(Number(t)).toISOString();
            return `${formatLondonDay(iso)} ${formatLondonTime(iso)}`;
          }}
          formatter={(v) => (typeof v === 'number' ? valueText(v, unit) : 'no data')}
          contentStyle={{ background: '#171c24', border: '1px solid #2a323d', fontSize: 18 }}
          labelStyle={{ color: '#f5f7fa' }}
        />
        <ReferenceLine
          y={amber}
          stroke={AMBER}
          strokeDasharray="8 6"
          strokeWidth={2}
          label={{ value: `Amber ${formatNumber(amber)}`, position: 'right', fill: AMBER, fontSize }}
        />
        <ReferenceLine
          y={red}
          stroke={RED}
          strokeDasharray="8 6"
          strokeWidth={2}
          label={{ value: `Red ${formatNumber(red)}`, position: 'right', fill: RED, fontSize }}
        />
        <Line
          type="monotone"
          dataKey="value"
          name={history.measure.label}
          stroke={LINE}
          strokeWidth={3}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** The smallest of 1, 2, 5 times a power of ten that is at least `v`. */
function niceStep(v: number): number {
  if (!(v > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= v) ?? 10 * magnitude;
}
