import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { NOW, makeBoard, makeNews2, makeOccupiedBed, makeWard, minutesBefore } from '../testing/builders';
import { FittedReasons, HuddleView, type HuddleViewProps } from './HuddleView';

// NOW is 14:00 GMT: the afternoon discharge huddle.
const beds = [
  makeOccupiedBed(1, { initials: 'J.S.', awol: { since: null } }),
  makeOccupiedBed(2, { initials: 'A.B.', expectedDischargeDate: '2026-01-14', news2: makeNews2(7) }),
  makeOccupiedBed(3, {
    initials: 'C.D.',
    assessments: [
      { id: 'falls', label: 'Falls assessment', lastDoneAt: null, dueAt: minutesBefore(60), state: 'overdue' },
    ],
  }),
];

function renderHuddle(overrides: Partial<HuddleViewProps> = {}) {
  return render(
    <HuddleView
      wardId="ward-ash"
      board={makeBoard({ beds })}
      serverNow={NOW}
      connection="live"
      error={null}
      {...overrides}
    />,
    { wrapper: MemoryRouter },
  );
}

const section = (name: RegExp) => within(screen.getByRole('region', { name }));

describe('HuddleView', () => {
  // The recorded actions load beside the board (HuddleActions.test.tsx): their answer never comes here.
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    globalThis.fetch = (() => new Promise(() => undefined)) as unknown as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('should lead with the check-in the time of day calls for, then the rest', () => {
    renderHuddle();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Now · Afternoon discharge huddleDischarges and delays (1)',
      'Safety risks (2)',
      'Care reviews (1)',
      'Becoming unwell (1)',
      // The huddle's recorded actions under the check-ins, and the outcomes' run charts beside them.
      expect.stringMatching(/^Actions/),
      expect.stringMatching(/^Outcomes by week/),
    ]);
  });

  it('should name each patient by bed and initials with the reasons in words, urgent ones marked', () => {
    renderHuddle();
    const safety = section(/Safety risks/);
    const items = safety.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Bed 1J.S.URGENTAbsent without leave', 'Bed 2A.B.URGENTDeteriorating: NEWS2 7']);
    expect(section(/Discharges/).getByText('Expected home today')).toBeTruthy();
    expect(section(/Care reviews/).getByText('Falls assessment overdue')).toBeTruthy();
  });

  it('should show the ward’s VTE figures above the care reviews, with the patients behind them', () => {
    const vte = (prophylaxis: boolean) => ({
      assessment: { dueAt: minutesBefore(600), doneAt: minutesBefore(1200), state: 'done' as const },
      outcome: 'indicated' as const,
      prophylaxis: prophylaxis ? { medication: 'Enoxaparin', prescribedAt: null } : null,
    });
    renderHuddle({
      board: makeBoard({
        // Admitted 14 h before the due time.
        beds: [
          makeOccupiedBed(1, { initials: 'J.S.', admittedAt: minutesBefore(600 + 14 * 60), vte: vte(true) }),
          makeOccupiedBed(2, { initials: 'A.B.', admittedAt: minutesBefore(600 + 14 * 60), vte: vte(false) }),
        ],
      }),
    });
    const care = screen.getByRole('region', { name: /Care reviews/ });
    expect(
      within(care).getByText('VTE assessed within 14 h: 100% (2 of 2) · prophylaxis where indicated: 50% (1 of 2)'),
    ).toBeTruthy();
    expect(within(care).getByText('VTE prophylaxis indicated, none prescribed')).toBeTruthy();
  });

  it('should say so when a part of the huddle has nobody to discuss', () => {
    renderHuddle({ board: makeBoard({ beds: [makeOccupiedBed(1)] }) });
    expect(section(/Safety risks/).getByText('Nobody on the board for this')).toBeTruthy();
  });

  it('should show no initials on a bed-only ward', () => {
    renderHuddle({ board: makeBoard({ beds, ward: makeWard({ displayLabel: 'bed-only' }) }) });
    expect(screen.queryByText('J.S.')).toBeNull();
    expect(section(/Safety risks/).getAllByText('Bed 1')).toHaveLength(1);
  });

  it('should show the stale banner, and NOT CURRENT with urgent colours removed but words kept when expired', () => {
    const { rerender } = renderHuddle({
      board: makeBoard({ beds, asOf: minutesBefore(25), freshness: 'stale', staleReason: 'FHIR server timed out' }),
    });
    expect(screen.getByRole('status').textContent).toContain('FHIR server timed out');
    rerender(
      <HuddleView
        wardId="ward-ash"
        board={makeBoard({ beds, asOf: minutesBefore(50) })}
        serverNow={NOW}
        connection="live"
        error={null}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('NOT CURRENT');
    const urgent = section(/Safety risks/).getAllByText('URGENT');
    expect(urgent).toHaveLength(2);
    expect(urgent[0]?.closest('li')?.className).toContain('huddle-item--urgent-muted');
  });

  it('should cover the screen when the connection is lost, and wait visibly before the first data', () => {
    const { container, rerender } = renderHuddle({ connection: 'lost' });
    expect(container.querySelector('.connection-lost')?.textContent).toMatch(/Connection lost/);
    rerender(<HuddleView wardId="ward-ash" board={null} serverNow={null} connection="connecting" error={null} />);
    expect(screen.getByRole('heading', { name: 'Waiting for first data' })).toBeTruthy();
  });

  it('should link each bed to patient detail only for staff whose role includes it', () => {
    const { rerender } = renderHuddle({ mayOpenPatient: true });
    const link = section(/Safety risks/).getByRole('link', { name: 'Bed 2: patient detail' });
    expect(link.getAttribute('href')).toBe('/wards/ward-ash/beds/bed-2');
    rerender(
      <HuddleView wardId="ward-ash" board={makeBoard({ beds })} serverNow={NOW} connection="live" error={null} />,
    );
    expect(screen.queryByRole('link', { name: /patient detail/ })).toBeNull();
  });
});

describe('FittedReasons', () => {
  // jsdom lays nothing out: a reasons line "overflows" its two lines past 60 characters.
  const heights = {
    scrollHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollHeight'),
    clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  };
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return (this.textContent ?? '').length > 60 ? 100 : 50;
      },
    });
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 50 });
  });
  afterAll(() => {
    for (const [name, descriptor] of Object.entries(heights))
      if (descriptor !== undefined) Object.defineProperty(HTMLElement.prototype, name, descriptor);
  });

  it('should show the reasons that fit and say how many more, never cut one off silently', () => {
    const reasons = ['Observations refused 09:04 GMT, next due 10:04 GMT', 'NEWS2 4, single parameter 3', 'Falls risk'];
    const { container } = render(<FittedReasons reasons={reasons} />);
    const line = container.querySelector('.huddle-item__reasons') as HTMLElement;
    expect(line.textContent).toBe('Observations refused 09:04 GMT, next due 10:04 GMT (+2 more)');
    // Everything is still there for whoever points at it.
    expect(line.title).toBe(reasons.join(' · '));
  });

  it('should show every reason when they fit', () => {
    const { container } = render(<FittedReasons reasons={['NEWS2 7', 'Falls risk']} />);
    expect(container.querySelector('.huddle-item__reasons')?.textContent).toBe('NEWS2 7 · Falls risk');
  });
});
