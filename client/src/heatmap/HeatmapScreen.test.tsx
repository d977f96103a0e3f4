import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { MeasureHistory } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { NOW, minutesBefore } from '../testing/builders';
import { makeCells, makeHeatmap, makePrediction, makeRow } from './heatmap.builders';
import { HeatmapScreen, type HeatmapScreenProps } from './HeatmapScreen';

function renderScreen(overrides: Partial<HeatmapScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <HeatmapScreen heatmap={makeHeatmap()} serverNow={NOW} connection="live" error={null} {...overrides} />
    </MemoryRouter>,
  );
}

const table = (caption: string) => screen.getByRole('table', { name: caption });
const rowOf = (wardName: string) => screen.getByRole('row', { name: new RegExp(wardName) });
const cellOf = (wardName: string, label: RegExp) => within(rowOf(wardName)).getByRole('cell', { name: label });

describe('HeatmapScreen', () => {
  it('should show the title, the data time in London time and the connection state', () => {
    renderScreen();
    expect(screen.getByRole('heading', { name: 'Safety heat map' })).toBeTruthy();
    expect(screen.getByTestId('heatmap-as-of').textContent).toBe('data as of 13:50 GMT');
    expect(screen.getByTestId('heatmap-connection').textContent).toContain('Live');
  });

  it('should show mental-health and acute wards in two tables, each with its own ten measures in slot order', () => {
    renderScreen();
    const headers = (caption: string) =>
      within(table(caption))
        .getAllByRole('columnheader')
        .map((th) => th.textContent);
    expect(headers('Mental-health wards')).toEqual([
      'Mental-health wards',
      'Bed occupancy%',
      'Bank and agency usage%',
      'Staff sickness%',
      'Shift fill rate%',
      'Patient movementscount',
      'Enhanced observationspatients',
      'Violence and aggressionper 1,000 OBD',
      'Restrictive practiceper 1,000 OBD',
      'Absent without leavepatients',
      'Self-harmper 1,000 OBD',
      'Compositescore 0-100',
      'Trendvs a week ago',
      'Needs support (7 days)chance · why',
    ]);
    expect(headers('Acute wards')).toContain('Deteriorating patientspatients');
    expect(headers('Acute wards')).not.toContain('Self-harmper 1,000 OBD');
    expect(
      within(table('Mental-health wards'))
        .getAllByRole('rowheader')
        .map((th) => th.querySelector('button')?.textContent),
    ).toEqual(['Rowan Ward']);
    expect(
      within(table('Acute wards'))
        .getAllByRole('rowheader')
        .map((th) => th.querySelector('button')?.textContent),
    ).toEqual(['Ward 2A General Medicine']);
  });

  it('should keep the server order of wards within a table', () => {
    const wards = [makeRow({ wardId: 'b', name: 'Beech Ward' }), makeRow({ wardId: 'a', name: 'Alder Ward' })];
    renderScreen({ heatmap: makeHeatmap({ wards }) });
    expect(
      within(table('Acute wards'))
        .getAllByRole('rowheader')
        .map((th) => th.querySelector('button')?.textContent),
    ).toEqual(['Beech Ward', 'Alder Ward']);
  });

  it('should show every value with its unit and its band in words, colouring only amber and red', () => {
    const cells = makeCells('acute', {
      occupancy: { value: 96.4, band: 'red' },
      falls: { value: 4.2, band: 'amber' },
      'delayed-discharges': { value: 3, band: 'green' },
    });
    renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ cells })] }) });
    const occupancy = cellOf('Ward 2A', /^Bed occupancy/);
    expect(occupancy.textContent).toBe('96.4%RED');
    expect(occupancy.getAttribute('aria-label')).toBe('Bed occupancy: 96.4%, RED');
    expect(occupancy.className).toContain('heatmap-cell--red');
    const falls = cellOf('Ward 2A', /^Falls/);
    expect(falls.textContent).toBe('4.2 per 1,000 OBDAMBER');
    expect(falls.className).toContain('heatmap-cell--amber');
    const delayed = cellOf('Ward 2A', /^Delayed discharges/);
    expect(delayed.textContent).toBe('3 patientsOK');
    expect(delayed.className).toContain('heatmap-cell--green');
  });

  it('should give a value its detail and where its figures came from, when the server says', () => {
    const cells = makeCells('acute', {
      falls: {
        value: 4.2,
        band: 'amber',
        detail: '1 incident over 238 occupied bed days',
        source: 'Incidents: FHIR, read Sun 6 Dec 07:46 GMT; incident import, Sun 6 Dec 07:31 GMT',
      },
      'bank-agency': { value: 15.8, band: 'amber', source: 'Staffing: roster import, Sun 6 Dec 07:00 GMT' },
      sickness: { value: 3.1, band: 'green' },
    });
    renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ cells })] }) });
    expect(cellOf('Ward 2A', /^Falls/).getAttribute('title')).toBe(
      '1 incident over 238 occupied bed days\nIncidents: FHIR, read Sun 6 Dec 07:46 GMT; incident import, Sun 6 Dec 07:31 GMT',
    );
    expect(cellOf('Ward 2A', /^Bank and agency/).getAttribute('title')).toBe(
      'Staffing: roster import, Sun 6 Dec 07:00 GMT',
    );
    expect(cellOf('Ward 2A', /^Staff sickness/).getAttribute('title')).toBeNull();
  });

  it('should say in words, in the ward drill-down, where the staffing and incident figures come from', async () => {
    const cells = makeCells('acute', {
      'bank-agency': { value: 15.8, band: 'amber', source: 'Staffing: roster import, Sun 6 Dec 07:00 GMT' },
      sickness: { value: 3.1, band: 'green', source: 'Staffing: roster import, Sun 6 Dec 07:00 GMT' },
      falls: { value: 4.2, band: 'amber', source: 'Incidents: FHIR, read Sun 6 Dec 07:46 GMT' },
    });
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() => new Promise(() => undefined)) as unknown as typeof fetch;
    try {
      renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ cells })] }) });
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Ward 2A General Medicine' })));
      const panel = screen.getByRole('region', { name: 'Ward 2A General Medicine: Composite' });
      expect(panel.querySelector('.heatmap-history__sources')?.textContent).toBe(
        'Figures from: Staffing: roster import, Sun 6 Dec 07:00 GMT · Incidents: FHIR, read Sun 6 Dec 07:46 GMT',
      );
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('should say "no data" with the reason when a measure has no value', () => {
    const cells = makeCells('acute', {
      hypoglycaemia: { value: null, band: null, reason: 'No glucose results in the last 7 days' },
    });
    renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ cells })] }) });
    const cell = cellOf('Ward 2A', /^Hypoglycaemia/);
    expect(cell.textContent).toBe('no dataNo glucose results in the last 7 days');
    expect(cell.getAttribute('title')).toBe('No glucose results in the last 7 days');
    expect(cell.getAttribute('aria-label')).toBe('Hypoglycaemia: no data, No glucose results in the last 7 days');
    expect(cell.className).not.toMatch(/--(red|amber|green)/);
  });

  it('should tag a stale row STALE with its reason, keeping its colours', () => {
    const cells = makeCells('acute', { occupancy: { value: 97, band: 'red' } });
    const row = makeRow({ cells, asOf: minutesBefore(25), freshness: 'stale', staleReason: 'FHIR server timed out' });
    renderScreen({ heatmap: makeHeatmap({ wards: [row] }) });
    const ward = within(rowOf('Ward 2A')).getByRole('rowheader');
    expect(ward.querySelector('.heatmap-fresh__tag')?.textContent).toBe('STALE');
    expect(ward.textContent).toContain('STALE as of 13:35 GMTFHIR server timed out');
    expect(cellOf('Ward 2A', /^Bed occupancy/).className).toContain('heatmap-cell--red');
  });

  it('should show NOT CURRENT on an expired row and no band colours, keeping the numbers', () => {
    const cells = makeCells('acute', { occupancy: { value: 97, band: null } });
    const row = makeRow({
      cells,
      asOf: minutesBefore(50),
      freshness: 'expired',
      staleReason: 'Last poll failed',
      composite: { value: 55, band: null },
    });
    renderScreen({ heatmap: makeHeatmap({ wards: [row] }) });
    expect(within(rowOf('Ward 2A')).getByText('NOT CURRENT')).toBeTruthy();
    expect(rowOf('Ward 2A').textContent).toContain('Last poll failed');
    expect(cellOf('Ward 2A', /^Bed occupancy/).textContent).toBe('97%');
    expect(
      rowOf('Ward 2A').querySelectorAll(
        '.heatmap-cell--red, .heatmap-cell--amber, .heatmap-cell--green, .heatmap-band',
      ),
    ).toHaveLength(0);
  });

  it('should age a row on the screen when server time passes 45 minutes with no new heat map, dropping its colours', () => {
    const cells = makeCells('acute', { occupancy: { value: 97, band: 'red' } });
    renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ cells })] }), serverNow: NOW + 40 * 60_000 });
    expect(within(rowOf('Ward 2A')).getByText('NOT CURRENT')).toBeTruthy();
    expect(cellOf('Ward 2A', /^Bed occupancy/).className).not.toContain('heatmap-cell--red');
  });

  it('should show the trend as an arrow and a word', () => {
    const wards = [
      makeRow({ wardId: 'w1', name: 'Worse Ward', trend: 'worse' }),
      makeRow({ wardId: 'w2', name: 'Better Ward', trend: 'better' }),
      makeRow({ wardId: 'w3', name: 'Steady Ward', trend: 'steady' }),
      makeRow({ wardId: 'w4', name: 'New Ward', trend: null }),
    ];
    renderScreen({ heatmap: makeHeatmap({ wards }) });
    expect(cellOf('Worse Ward', /^Trend/).textContent).toBe('▲ worse');
    expect(cellOf('Better Ward', /^Trend/).textContent).toBe('▼ better');
    expect(cellOf('Steady Ward', /^Trend/).textContent).toBe('► steady');
    expect(cellOf('New Ward', /^Trend/).textContent).toBe('—');
  });

  it('should show the composite with its band word', () => {
    renderScreen({ heatmap: makeHeatmap({ wards: [makeRow({ composite: { value: 44.5, band: 'red' } })] }) });
    const composite = cellOf('Ward 2A', /^Composite/);
    expect(composite.textContent).toBe('44.5RED');
    expect(composite.className).toContain('heatmap-cell--red');
  });

  it('should show the prediction as a percentage with its drivers, and say when it comes from expert defaults', () => {
    const wards = [
      makeRow({ wardId: 'w1', name: 'Fitted Ward', prediction: makePrediction({ probability: 0.634 }) }),
      makeRow({
        wardId: 'w2',
        name: 'Default Ward',
        prediction: makePrediction({
          probability: 0.2,
          model: { source: 'expert-default', fittedAt: minutesBefore(60), trainingRows: 0 },
        }),
      }),
      makeRow({ wardId: 'w3', name: 'Unscored Ward', prediction: null }),
    ];
    renderScreen({ heatmap: makeHeatmap({ wards }) });
    const fitted = rowOf('Fitted Ward').querySelector('.heatmap-prediction');
    expect(fitted?.textContent).toBe('63%Bed occupancy · Staff sickness');
    expect(rowOf('Default Ward').querySelector('.heatmap-prediction')?.textContent).toBe(
      '20%Bed occupancy · Staff sicknessexpert defaults',
    );
    expect(rowOf('Unscored Ward').querySelector('.heatmap-prediction')?.textContent).toBe('no prediction yet');
  });

  it('should say it is connecting before the first heat map', () => {
    renderScreen({ heatmap: null, connection: 'connecting', serverNow: null });
    expect(screen.getByRole('status').textContent).toBe('Connecting to the server…');
    expect(screen.getByTestId('heatmap-connection').textContent).toContain('Connecting');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('should show a refused subscription as an error', () => {
    renderScreen({ heatmap: null, error: 'Heat map not available' });
    expect(screen.getByRole('alert').textContent).toBe('The heat map could not be loaded: Heat map not available');
  });

  it('should say so when there are no wards', () => {
    renderScreen({ heatmap: makeHeatmap({ wards: [], asOf: null }) });
    expect(screen.getByRole('status').textContent).toBe('No wards are set up yet.');
    expect(screen.getByTestId('heatmap-as-of').textContent).toBe('no scores yet');
  });

  it('should cover the screen with connection lost, showing the data time, when the connection is lost', () => {
    renderScreen({ connection: 'lost' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Connection lost');
    expect(alert.textContent).toContain('Showing data as of 13:50 GMT');
  });

  it('should not show the overlay while live', () => {
    renderScreen();
    expect(screen.queryByText('Connection lost')).toBeNull();
  });

  describe('ward history', () => {
    const history: MeasureHistory = {
      wardId: 'ward-2a',
      measure: {
        id: 'composite',
        label: 'Composite',
        unit: 'score 0-100',
        direction: 'higher-is-worse',
        amber: 20,
        red: 40,
      },
      from: minutesBefore(30 * 24 * 60),
      to: new Date(NOW).toISOString(),
      aggregation: 'Scores from the last 7 days are every poll.',
      points: [
        { at: minutesBefore(120), value: 10, band: 'green', granularity: 'poll' },
        { at: minutesBefore(60), value: 25, band: 'amber', granularity: 'poll' },
      ],
    };
    const requested: string[] = [];
    const realFetch = globalThis.fetch;

    beforeEach(() => {
      requested.length = 0;
      globalThis.fetch = ((url: string) => {
        requested.push(url);
        return Promise.resolve({ ok: true, status: 200, statusText: 'OK', json: () => Promise.resolve(history) });
      }) as unknown as typeof fetch;
    });

    afterEach(() => {
      globalThis.fetch = realFetch;
    });

    it('should open a history panel for the ward chosen, from a button, with its measures, the thinning note and a link to its board', async () => {
      renderScreen();
      const button = screen.getByRole('button', { name: 'Ward 2A General Medicine' });
      expect(button.getAttribute('aria-expanded')).toBe('false');
      await act(async () => fireEvent.click(button));
      expect(button.getAttribute('aria-expanded')).toBe('true');
      const panel = screen.getByRole('region', { name: 'Ward 2A General Medicine: Composite' });
      expect(requested).toEqual(['/api/wards/ward-2a/history?measure=composite']);
      const options = within(panel)
        .getAllByRole('option')
        .map((o) => o.textContent);
      expect(options).toHaveLength(11);
      expect(options[0]).toBe('Composite');
      expect(options).toContain('Falls');
      expect(await within(panel).findByText('Scores from the last 7 days are every poll.')).toBeTruthy();
      expect(within(panel).getByRole('link', { name: 'Open ward board' }).getAttribute('href')).toBe(
        '/wards/ward-2a/display',
      );

      await act(async () => fireEvent.change(within(panel).getByRole('combobox'), { target: { value: 'falls' } }));
      expect(requested.at(-1)).toBe('/api/wards/ward-2a/history?measure=falls');
      expect(screen.getByRole('region', { name: 'Ward 2A General Medicine: Falls' })).toBeTruthy();

      await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Close' })));
      expect(screen.queryByRole('region')).toBeNull();
    });

    it('should say which days were backfilled from FHIR and why points have no value, so a gap never reads as calm', async () => {
      const backfilled = (daysBack: number, value: number | null) => ({
        at: minutesBefore(daysBack * 24 * 60),
        value,
        band: value === null ? null : ('green' as const),
        granularity: 'day' as const,
        source: 'backfilled' as const,
        ...(value === null ? { reason: 'not backfilled: needs each patient’s record as it was that day' } : {}),
      });
      history.points = [backfilled(3, null), backfilled(2, null), ...history.points];
      try {
        renderScreen();
        await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Ward 2A General Medicine' })));
        const panel = screen.getByRole('region', { name: 'Ward 2A General Medicine: Composite' });
        const notes = (await within(panel).findAllByRole('listitem')).map((li) => li.textContent);
        expect(notes[0]).toMatch(/^2 days backfilled from FHIR \(\w{3} \d+ \w{3} to \w{3} \d+ \w{3}\)\.$/);
        expect(notes).toContain(
          'No value at 2 points: not backfilled: needs each patient’s record as it was that day.',
        );
      } finally {
        history.points = history.points.slice(2);
      }
    });

    it("should not link to a ward board the viewer's role does not include", async () => {
      renderScreen({ mayOpenBoard: () => false });
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Ward 2A General Medicine' })));
      const panel = screen.getByRole('region', { name: 'Ward 2A General Medicine: Composite' });
      expect(await within(panel).findByText('Scores from the last 7 days are every poll.')).toBeTruthy();
      expect(within(panel).queryByRole('link', { name: 'Open ward board' })).toBeNull();
    });
  });
});
