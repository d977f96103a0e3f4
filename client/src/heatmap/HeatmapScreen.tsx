/**
 * The safety heat map, pure: everything comes in through props (the feed's view), so tests render it
 * with built data. Mental-health and acute wards are two tables because their ten measures differ.
 */
import type { HeatmapMeasure, HeatmapRow, WardProfile } from '@wardflow/shared';
import { useState } from 'react';
import { ConnectionLostOverlay, RestartingNotice } from '../display/ConnectionLostOverlay';
import { londonTimeOf } from '../display/format';
import type { ConnectionStatus } from '../live/connection-monitor';
import { HeatmapTable } from './HeatmapTable';
import type { HeatmapView } from './heatmap-feed';
import { WardHistoryPanel } from './WardHistoryPanel';

export type HeatmapScreenProps = Omit<HeatmapView, 'ended'> & {
  /** Whether the viewer may open a ward's board (the history panel links to it only then). */
  mayOpenBoard?: (row: HeatmapRow) => boolean;
};

const PANEL_ID = 'heatmap-history';

const PROFILES: { profile: WardProfile; title: string }[] = [
  { profile: 'mental-health', title: 'Mental-health wards' },
  { profile: 'acute', title: 'Acute wards' },
];

export function measuresFor(measures: HeatmapMeasure[], profile: WardProfile): HeatmapMeasure[] {
  return measures.filter((m) => m.profiles.includes(profile)).sort((a, b) => a.slot - b.slot);
}

export function HeatmapScreen({
  heatmap,
  serverNow,
  connection,
  error,
  mayOpenBoard = () => true,
}: HeatmapScreenProps) {
  const [selectedWardId, setSelectedWardId] = useState<string | null>(null);
  const selected: HeatmapRow | undefined = heatmap?.wards.find((w) => w.wardId === selectedWardId);

  return (
    <main className="heatmap">
      <header className="heatmap-header">
        <h1 className="heatmap-header__title">Safety heat map</h1>
        <p className="heatmap-header__asof" data-testid="heatmap-as-of">
          {heatmap === null
            ? 'waiting for data'
            : heatmap.asOf === null
              ? 'no scores yet'
              : `data as of ${londonTimeOf(heatmap.asOf)}`}
        </p>
        <ConnectionState connection={connection} />
      </header>
      {connection === 'restarting' && <RestartingNotice />}

      {error !== null && (
        <div className="heatmap-banner heatmap-banner--error" role="alert">
          The heat map could not be loaded: {error}
        </div>
      )}

      {heatmap === null && error === null && connection !== 'lost' && (
        <p className="heatmap-empty" role="status">
          Connecting to the server…
        </p>
      )}

      {heatmap !== null && heatmap.wards.length === 0 && (
        <p className="heatmap-empty" role="status">
          No wards are set up yet.
        </p>
      )}

      {heatmap !== null &&
        PROFILES.map(({ profile, title }) => {
          const rows = heatmap.wards.filter((w) => w.profile === profile);
          if (rows.length === 0) return null;
          return (
            <HeatmapTable
              key={profile}
              title={title}
              measures={measuresFor(heatmap.measures, profile)}
              rows={rows}
              serverNow={serverNow}
              selectedWardId={selectedWardId}
              onSelectWard={(id) => setSelectedWardId((current) => (current === id ? null : id))}
              panelId={PANEL_ID}
            />
          );
        })}

      {heatmap !== null && selected !== undefined && (
        <WardHistoryPanel
          key={selected.wardId}
          id={PANEL_ID}
          row={selected}
          measures={measuresFor(heatmap.measures, selected.profile)}
          boardLink={mayOpenBoard(selected)}
          onClose={() => setSelectedWardId(null)}
        />
      )}

      {connection === 'lost' && <ConnectionLostOverlay asOf={heatmap?.asOf ?? null} />}
    </main>
  );
}

function ConnectionState({ connection }: { connection: ConnectionStatus }) {
  const text =
    connection === 'live'
      ? 'Live'
      : connection === 'connecting'
        ? 'Connecting…'
        : connection === 'restarting'
          ? 'Server restarting'
          : 'Connection lost';
  return (
    <p className={`heatmap-conn heatmap-conn--${connection}`} data-testid="heatmap-connection">
      <span className="heatmap-conn__dot" aria-hidden="true">
        ●
      </span>{' '}
      {text}
    </p>
  );
}
