import { render, screen, within } from '@testing-library/react';
import type { SiteArrivalRow, SiteBedFilter, SiteBedRow } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { NOW, makeBedRow, makeBeds, minutesBefore } from './sites.builders';
import { SiteBedsScreen, type SiteBedsScreenProps } from './SiteBedsScreen';

function renderScreen(overrides: Partial<SiteBedsScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <SiteBedsScreen
        siteId="site-north"
        wardId={null}
        filter="past-edd"
        data={makeBeds()}
        error={null}
        serverNow={NOW}
        {...overrides}
      />
    </MemoryRouter>,
  );
}

const cells = (row: HTMLElement) => Array.from(row.querySelectorAll('th, td'), (c) => c.textContent);

describe('SiteBedsScreen', () => {
  it('should name what is listed and where, with the way back up as links', () => {
    renderScreen();
    expect(screen.getByRole('heading', { level: 1, name: 'Past expected discharge: North General' })).toBeTruthy();
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(crumbs).getByRole('link', { name: 'Sites' }).getAttribute('href')).toBe('/sites');
    expect(within(crumbs).getByRole('link', { name: 'North General' }).getAttribute('href')).toBe('/sites/site-north');
    expect(screen.getByTestId('sites-as-of').textContent).toBe('Data as of 13:55 GMT');
  });

  it('should list each bed with status, time in it, initials, admission, stay, expected discharge and delays', () => {
    renderScreen();
    const table = screen.getByRole('table', { name: 'Past expected discharge: North General, 1 row' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual([
      'Ward',
      'Bed',
      'Bay or room',
      'Status',
      'In this status',
      'Patient',
      'Admitted',
      'Stay',
      'Expected discharge',
      'Delays',
    ]);
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(cells(row)).toEqual([
      'Ash Ward',
      'Bed 3',
      '—',
      'Occupied',
      '3 d',
      'J.S.',
      'Sun 11 Jan 14:00 GMT',
      '3 d',
      'Past EDD · 12 Jan',
      'Awaiting package of care',
    ]);
    expect(within(row).getByRole('link', { name: 'Bed 3, Ash Ward: open the ward board' }).getAttribute('href')).toBe(
      '/wards/ward-ash/display',
    );
  });

  it('should show a bed cleaning too long with its time, and one whose start nobody recorded as unknown', () => {
    const beds = [
      makeBedRow({
        bedId: 'bed-4',
        bedLabel: 'Bed 4',
        status: 'cleaning',
        statusSince: minutesBefore(185),
        minutesInStatus: 185,
        cleaningLong: true,
        patient: null,
      }),
      makeBedRow({
        bedId: 'bed-5',
        bedLabel: 'Bed 5',
        status: 'cleaning',
        statusSince: null,
        minutesInStatus: null,
        patient: null,
      }),
    ];
    renderScreen({ filter: 'cleaning', data: makeBeds({ filter: 'cleaning', beds }) });
    const [, long, unknown] = screen.getAllByRole('row') as HTMLElement[];
    expect(cells(long as HTMLElement).slice(1, 6)).toEqual(['Bed 4', '—', 'Cleaning', '3 h 5 min too long', '—']);
    expect(cells(unknown as HTMLElement).slice(1, 5)).toEqual(['Bed 5', '—', 'Cleaning', 'unknown']);
  });

  it('should list an inpatient not in a bed with the reason, never drop them', () => {
    const row = makeBedRow({
      bedId: null,
      bedLabel: null,
      status: null,
      statusSince: null,
      minutesInStatus: null,
      unplacedReason: 'No current bed on this ward in the FHIR record',
    });
    renderScreen({ filter: 'unplaced', data: makeBeds({ filter: 'unplaced', beds: [row] }) });
    expect(cells(screen.getAllByRole('row')[1] as HTMLElement).slice(0, 6)).toEqual([
      'Ash Ward',
      'Not in a bed',
      '—',
      'No current bed on this ward in the FHIR record',
      '—',
      'J.S.',
    ]);
  });

  it('should show the bay and whom it is for, a mixed-sex placement, isolation, alerts and an unreadable status code', () => {
    const beds = [
      makeBedRow({
        area: 'Bay B',
        areaSex: 'male',
        sexMismatch: true,
        patient: {
          ...(makeBedRow().patient as NonNullable<SiteBedRow['patient']>),
          infection: {
            isolation: { kind: 'contact', since: null },
            alerts: [{ id: 'cpe', label: 'CPE', since: null }],
          },
        },
      }),
      makeBedRow({
        bedId: 'bed-9',
        bedLabel: 'Bed 9',
        status: 'unknown',
        unreadableStatus: 'https://pas.example.nhs.uk/bed-state|AVL',
        patient: null,
      }),
    ];
    renderScreen({ filter: 'all', data: makeBeds({ filter: 'all', beds }) });
    const [, placed, odd] = screen.getAllByRole('row') as HTMLElement[];
    expect(cells(placed as HTMLElement).slice(2, 6)).toEqual([
      'Bay B male mixed-sex',
      'Occupied',
      '3 d',
      'J.S. isolate: contact CPE',
    ]);
    expect(cells(odd as HTMLElement).slice(1, 4)).toEqual([
      'Bed 9',
      '—',
      'Status unknown (code https://pas.example.nhs.uk/bed-state|AVL)',
    ]);
  });

  it('should offer every filter as a link, marking the one shown', () => {
    renderScreen({ wardId: 'ward-ash' });
    const nav = screen.getByRole('navigation', { name: 'Which beds' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toContain('Cleaning too long');
    const current = links.filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.textContent)).toEqual(['Past expected discharge']);
    expect(within(nav).getByRole('link', { name: 'Delayed discharge' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?wardId=ward-ash&filter=delayed',
    );
    expect(within(nav).getByRole('link', { name: 'Show the whole site' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?filter=past-edd',
    );
  });

  it.each<[SiteBedFilter, string]>([
    ['past-edd', 'No beds to show: none match “past expected discharge” on this site.'],
    ['all', 'No beds to show: none recorded on this site.'],
  ])('should say plainly when no bed matches %s', (filter, text) => {
    renderScreen({ filter, data: makeBeds({ filter, beds: [] }) });
    expect(screen.getByRole('status').textContent).toBe(text);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('should mark a stale ward with its reason', () => {
    const data = makeBeds({
      freshness: 'stale',
      asOf: minutesBefore(25),
      wards: [
        {
          wardId: 'ward-ash',
          wardName: 'Ash Ward',
          profile: 'acute',
          asOf: minutesBefore(25),
          freshness: 'stale',
          staleReason: 'FHIR server timed out',
        },
      ],
    });
    renderScreen({ data });
    expect(screen.getByTestId('sites-freshness').textContent).toBe('May be out of date');
    expect(screen.getByTestId('sites-not-current').textContent).toContain(
      'Ash Ward: May be out of date, data as of 13:35 GMT (FHIR server timed out)',
    );
  });

  it('should mark rows of expired data NOT CURRENT and drop their attention colour', () => {
    const data = makeBeds({
      freshness: 'expired',
      asOf: minutesBefore(60),
      wards: [
        {
          wardId: 'ward-ash',
          wardName: 'Ash Ward',
          profile: 'acute',
          asOf: minutesBefore(60),
          freshness: 'expired',
          staleReason: 'No successful poll since the time shown',
        },
      ],
      beds: [makeBedRow({ freshness: 'expired' })],
    });
    renderScreen({ data });
    const row = screen.getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('NOT CURRENT')).toBeTruthy();
    expect(row.querySelectorAll('.sites-attention')).toHaveLength(0);
    expect(screen.getByTestId('sites-freshness').textContent).toBe('NOT CURRENT');
  });

  it('should show loading, and the server refusing a filter', () => {
    const { rerender } = renderScreen({ data: null });
    expect(screen.getByRole('status').textContent).toBe('Loading beds…');
    rerender(
      <MemoryRouter>
        <SiteBedsScreen
          siteId="site-north"
          wardId={null}
          filter="all"
          data={null}
          error="the server answered 400 Bad Request: filter: expected one of all, occupied"
          serverNow={null}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the beds: the server answered 400 Bad Request: filter: expected one of all, occupied',
    );
  });

  it('should list who is expected beside the beds that fit, and say where none does', () => {
    const arrival = (extra: Partial<SiteArrivalRow>): SiteArrivalRow => ({
      kind: 'admission',
      from: 'ED',
      expectedAt: new Date(NOW + 30 * 60_000).toISOString(),
      late: false,
      heldBedId: null,
      initials: 'R.T.',
      sex: 'female',
      isolation: null,
      alerts: [],
      fits: [],
      noFit: null,
      problems: [],
      wardId: 'ward-ash',
      wardName: 'Ash Ward',
      freshness: 'fresh',
      ...extra,
    });
    renderScreen({
      data: makeBeds({
        expected: [
          arrival({
            fits: [
              { bedId: 'b4', label: 'Bed 4', area: 'Bay B', note: 'held for them' },
              { bedId: 'b9', label: 'Bed 9', area: 'Side room 1', note: 'side room' },
            ],
          }),
          arrival({
            kind: 'transfer',
            from: 'Birch Ward',
            initials: 'S.N.',
            sex: 'male',
            isolation: 'contact',
            alerts: ['C. diff'],
            noFit: 'No side room free for isolation',
          }),
        ],
      }),
    });
    expect(screen.getByTestId('arrivals-summary').textContent).toBe(
      '1 expected patient has no bed that fits on their ward.',
    );
    const table = screen.getByRole('table', { name: 'Expected arrivals and the beds that fit' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(cells)).toEqual([
      [
        'Ash Ward',
        'Admission from ED 14:30',
        'R.T.Female',
        'No isolation',
        'Bed 4 (Bay B): held for themBed 9 (Side room 1): side room',
      ],
      [
        'Ash Ward',
        'Transfer from Birch Ward 14:30',
        'S.N.Male',
        'Isolate: contact (side room)C. diff',
        'No side room free for isolation',
      ],
    ]);
  });

  it('should say nobody is expected rather than show an empty table', () => {
    renderScreen();
    expect(screen.getByTestId('arrivals-summary').textContent).toBe('Nobody expected on these wards in the next day.');
    expect(screen.queryByRole('table', { name: 'Expected arrivals and the beds that fit' })).toBeNull();
  });
});
