import { render, screen, within } from '@testing-library/react';
import {
  NOW,
  makeBed,
  makeBoard,
  makeNews2,
  makeOccupiedBed,
  makePatient,
  makeWard,
  minutesBefore,
} from '../testing/builders';
import { WardDisplay, type WardDisplayProps } from './WardDisplay';

function renderDisplay(overrides: Partial<WardDisplayProps> = {}) {
  return render(
    <WardDisplay wardId="ward-ash" board={makeBoard()} serverNow={NOW} connection="live" error={null} {...overrides} />,
  );
}

const bedCard = (label: string) => screen.getByRole('article', { name: label });

describe('WardDisplay', () => {
  it('should show the ward, its census and every bed', () => {
    renderDisplay();
    expect(screen.getByRole('heading', { name: 'Ash Ward' })).toBeTruthy();
    expect(screen.getByText(/North General/)).toBeTruthy();
    const census = within(screen.getByLabelText('Ward census'));
    expect(census.getByText('Occupied').parentElement?.textContent).toBe('Occupied2/3');
    expect(census.getByText('Free').parentElement?.textContent).toBe('Free1');
    expect(census.getByText('Expected discharges today').parentElement?.textContent).toBe('Expected discharges today0');
    expect(screen.getAllByRole('article').map((bed) => bed.getAttribute('aria-label'))).toEqual([
      'Bed 1',
      'Bed 2',
      'Bed 3',
    ]);
    expect(within(bedCard('Bed 1')).getByText('J.S.')).toBeTruthy();
    expect(within(bedCard('Bed 3')).getByText('Free')).toBeTruthy();
  });

  it('should always show when the data is from, in London time with GMT or BST', () => {
    renderDisplay();
    expect(screen.getByTestId('as-of').textContent).toContain('Data as of 13:50 GMT');
    expect(screen.getByTestId('as-of').textContent).toContain('Current');
  });

  it('should show no freshness banner when the data is current', () => {
    renderDisplay();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('should show the amber banner with time and reason when the data is stale', () => {
    renderDisplay({
      board: makeBoard({ asOf: minutesBefore(25), freshness: 'stale', staleReason: 'FHIR server timed out' }),
    });
    expect(screen.getByRole('status').textContent).toBe(
      '⚠ Data may be out of date — last updated 13:35 GMT — FHIR server timed out',
    );
  });

  it('should turn stale by itself when server time passes 20 minutes with no new data', () => {
    renderDisplay({ serverNow: NOW + 11 * 60_000 });
    expect(screen.getByRole('status').textContent).toContain('Data may be out of date — last updated 13:50 GMT');
  });

  it('should show NOT CURRENT and remove risk colours when the data has expired', () => {
    const beds = [makeOccupiedBed(1, { news2: makeNews2(8, 90) })];
    renderDisplay({
      board: makeBoard({ beds, asOf: minutesBefore(50), freshness: 'expired', staleReason: 'Last poll failed' }),
    });
    expect(screen.getByRole('alert').textContent).toContain('NOT CURRENT — last updated 13:10 GMT');
    const news2 = bedCard('Bed 1').querySelector('.news2');
    expect(news2?.textContent).toBe('NEWS2 8 High');
    expect(news2?.getAttribute('data-tone')).toBe('none');
    expect(bedCard('Bed 1').getAttribute('data-alert')).toBe('none');
  });

  it('should colour a high NEWS2 while the data is current, with the band in words', () => {
    renderDisplay({ board: makeBoard({ beds: [makeOccupiedBed(1, { news2: makeNews2(8, 10) })] }) });
    const news2 = bedCard('Bed 1').querySelector('.news2');
    expect(news2?.textContent).toBe('NEWS2 8 High');
    expect(news2?.getAttribute('data-tone')).toBe('urgent');
    expect(bedCard('Bed 1').getAttribute('data-alert')).toBe('urgent');
  });

  it('should show waiting for first data with the reason before the first poll', () => {
    renderDisplay({
      board: makeBoard({
        asOf: null,
        freshness: 'expired',
        staleReason: 'No data received from FHIR yet',
        census: null,
        beds: [],
      }),
    });
    expect(screen.getByRole('status').textContent).toBe('Waiting for first data — No data received from FHIR yet');
    expect(screen.getByTestId('as-of').textContent).toBe('Data as of –… Waiting for first data');
  });

  it('should cover the screen with connection lost, showing the data time, when the connection is lost', () => {
    renderDisplay({ connection: 'lost' });
    expect(screen.getByRole('alert').textContent).toContain('Connection lost');
    expect(screen.getByRole('alert').textContent).toContain('Showing data as of 13:50 GMT');
    expect(screen.getByTestId('as-of').textContent).not.toContain('Current');
  });

  it('should say calmly that the server is restarting, never calling the data current, while it restarts', () => {
    renderDisplay({ connection: 'restarting' });
    expect(screen.queryByRole('alert')).toBeNull();
    // Said where the data time is, covering nothing.
    expect(screen.getByTestId('as-of').textContent).toBe('Data as of 13:50 GMT↻ Server restarting');
    expect(screen.getByTestId('as-of').className).toContain('as-of--stale');
  });

  it('should not show the connection lost overlay while live', () => {
    renderDisplay({ connection: 'live' });
    expect(screen.queryByText('Connection lost')).toBeNull();
  });

  it('should show no initials on a bed-only ward', () => {
    const beds = [makeOccupiedBed(1, { initials: null }), makeOccupiedBed(2, { initials: null })];
    renderDisplay({ board: makeBoard({ ward: makeWard({ displayLabel: 'bed-only' }), beds }) });
    expect(bedCard('Bed 1').querySelector('.bed__initials')).toBeNull();
    expect(within(bedCard('Bed 1')).getByText('Occupied')).toBeTruthy();
    expect(bedCard('Bed 1').querySelector('.news2')?.textContent).toBe('NEWS2 1 Low');
  });

  it('should warn when two patients share initials, naming the other bed', () => {
    const beds = [
      makeOccupiedBed(4, { initials: 'J.S.', sameInitialsAs: ['enc-7'] }),
      makeOccupiedBed(7, { initials: 'J.S.', sameInitialsAs: ['enc-4'] }),
    ];
    renderDisplay({ board: makeBoard({ beds }) });
    expect(within(bedCard('Bed 4')).getByText(/same initials as Bed 7/)).toBeTruthy();
    expect(within(bedCard('Bed 7')).getByText(/same initials as Bed 4/)).toBeTruthy();
  });

  it('should mark NEWS2 overdue once server time passes the due time', () => {
    const beds = [makeOccupiedBed(1, { news2: makeNews2(5, 61) })];
    renderDisplay({ board: makeBoard({ beds }) });
    const card = within(bedCard('Bed 1'));
    expect(bedCard('Bed 1').querySelector('.news2')?.textContent).toBe('NEWS2 5 Medium');
    expect(card.getByText('1 h ago')).toBeTruthy();
    expect(card.getByText('OVERDUE')).toBeTruthy();
  });

  it('should say when no NEWS2 has been recorded, and show on-leave and the expected discharge', () => {
    const beds = [makeOccupiedBed(1, { news2: null, onLeave: true, expectedDischargeDate: '2026-01-15' })];
    renderDisplay({ board: makeBoard({ beds }) });
    const card = within(bedCard('Bed 1'));
    expect(card.getByText('No NEWS2 recorded')).toBeTruthy();
    expect(card.getByText('On leave')).toBeTruthy();
    expect(card.getByText('EDD Tomorrow')).toBeTruthy();
  });

  it('should label every bed status in words', () => {
    const statuses = ['free', 'cleaning', 'closed', 'reserved', 'blocked'] as const;
    const beds = statuses.map((status, i) => makeBed({ id: `b${i}`, label: `Bed ${i + 1}`, status }));
    renderDisplay({ board: makeBoard({ beds }) });
    expect(screen.getAllByRole('article').map((bed) => bed.textContent)).toEqual([
      'Bed 1Free',
      'Bed 2Cleaning',
      'Bed 3Closed',
      'Bed 4Reserved',
      'Bed 5Blocked',
    ]);
  });

  it('should show an empty ward calmly: free beds in words, no alerts, and say so when the ward has no beds at all', () => {
    const { rerender } = renderDisplay({
      board: makeBoard({ beds: [makeBed({ id: 'bed-1', label: 'Bed 1' }), makeBed({ id: 'bed-2', label: 'Bed 2' })] }),
    });
    expect(screen.getAllByRole('article').map((bed) => bed.getAttribute('data-alert'))).toEqual(['none', 'none']);
    expect(within(bedCard('Bed 2')).getByText('Free')).toBeTruthy();
    rerender(
      <WardDisplay wardId="ward-ash" board={makeBoard({ beds: [] })} serverNow={NOW} connection="live" error={null} />,
    );
    expect(screen.getByText('No beds to show yet.')).toBeTruthy();
  });

  it('should show a refused subscription visibly', () => {
    renderDisplay({ board: null, error: 'Unknown ward ward-ash', connection: 'live' });
    expect(screen.getByRole('heading', { name: 'Cannot show this ward' })).toBeTruthy();
    expect(screen.getByText('Unknown ward ward-ash')).toBeTruthy();
  });

  it('should show connection lost before any data when the screen never connects', () => {
    renderDisplay({ board: null, connection: 'lost' });
    expect(screen.getByRole('alert').textContent).toContain('No ward data has been received yet');
  });

  it('should show patients who are not in a bed, with the reason, so nobody vanishes from the board', () => {
    renderDisplay({
      board: makeBoard({
        unplaced: [
          {
            patient: makePatient({ encounterId: 'enc-9', initials: 'K.M.' }),
            reason: 'No current bed on this ward in the FHIR record',
          },
        ],
      }),
    });
    expect(screen.getByRole('status').textContent).toBe(
      'DATA ERROR 1 patient on this ward not shown in a bed: K.M. (No current bed on this ward in the FHIR record)',
    );
  });

  it('should not name unplaced patients on a bed-only ward', () => {
    renderDisplay({
      board: makeBoard({
        ward: makeWard({ displayLabel: 'bed-only' }),
        unplaced: [
          { patient: makePatient({ initials: null }), reason: 'No current bed on this ward in the FHIR record' },
        ],
      }),
    });
    expect(screen.getByRole('status').textContent).not.toContain('J.S.');
  });

  it('should mark a patient whose data could not be trusted as a data error with the reason', () => {
    renderDisplay({
      board: makeBoard({
        beds: [
          makeOccupiedBed(1, { dataErrors: ['Patient record missing from FHIR', '1 NEWS2 reading could not be read'] }),
        ],
      }),
    });
    expect(within(bedCard('Bed 1')).getByText(/DATA ERROR/).parentElement?.textContent).toBe(
      'DATA ERROR Patient record missing from FHIR (+1)',
    );
  });

  it('should say who is expected in the header, where from and when, a held bed on its card, and count what does not fit', () => {
    const arrival = (from: string | null, minutes: number, extra = {}) => ({
      kind: 'admission' as const,
      from,
      expectedAt: new Date(NOW + minutes * 60_000).toISOString(),
      late: false,
      bedLabel: null,
      needsSideRoom: false,
      ...extra,
    });
    renderDisplay({
      board: makeBoard({
        beds: [
          makeOccupiedBed(1),
          makeBed({
            id: 'bed-2',
            label: 'Bed 2',
            status: 'reserved',
            heldFor: { kind: 'admission', from: 'ED', expectedAt: new Date(NOW + 30 * 60_000).toISOString() },
          }),
        ],
        expected: [
          arrival('ED', 30, { bedLabel: 'Bed 2' }),
          arrival('Ward 3A', 90, { kind: 'transfer', needsSideRoom: true }),
          arrival(null, -120, { late: true }),
          arrival('GP referral', 24 * 60),
        ],
      }),
    });
    // 14:00 GMT now: 14:30, 15:30, 12:00 (late), and the fourth counted, not cut off.
    expect(screen.getByTestId('expected').textContent).toBe(
      '4 expected: from ED 14:30 (Bed 2) · from Ward 3A 15:30, side room +2 more',
    );
    expect(within(bedCard('Bed 2')).getByTestId('bed-held').textContent).toBe('Held from ED 14:30');
  });

  it('should show no expected line when nobody is expected', () => {
    renderDisplay();
    expect(screen.queryByTestId('expected')).toBeNull();
  });
});
