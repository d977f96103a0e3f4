import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { NOW, makeCounts, makeSite, makeSites, makeWardRow, minutesBefore } from './sites.builders';
import { SitesScreen, type SitesScreenProps } from './SitesScreen';

function renderScreen(overrides: Partial<SitesScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <SitesScreen data={makeSites()} error={null} serverNow={NOW} {...overrides} />
    </MemoryRouter>,
  );
}

const table = (name: string) => screen.getByRole('table', { name });
const rowOf = (name: RegExp) => screen.getByRole('row', { name });

describe('SitesScreen', () => {
  it('should show the title, the data time in London time with GMT or BST, and that it is current', () => {
    renderScreen();
    expect(screen.getByRole('heading', { level: 1, name: 'Bed management' })).toBeTruthy();
    expect(screen.getByTestId('sites-as-of').textContent).toBe('Data as of 13:55 GMT');
    expect(screen.getByTestId('sites-freshness').textContent).toBe('Current');
    expect(screen.queryByTestId('sites-not-current')).toBeNull();
  });

  it('should give each site a table of its wards with headers, and link the site to its own page', () => {
    renderScreen();
    expect(screen.getByRole('link', { name: 'North General' }).getAttribute('href')).toBe('/sites/site-north');
    const headers = within(table('North General wards'))
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual([
      'Ward',
      'Data',
      'Occupancy',
      'Beds',
      'Occupied',
      'Free',
      'Cleaning',
      'Cleaning over 2 h',
      'Closed',
      'Reserved',
      'Blocked',
      'Isolated',
      'Contam\u00ADinated',
      'Status unknown',
      'On leave',
      'Discharge due today',
      'Discharge due tomorrow',
      'Past expected discharge',
      'Delayed discharge',
      'Not in a bed',
    ]);
    expect(Array.from(rowOf(/^Ash Ward/).querySelectorAll('td'), (td) => td.textContent)).toEqual([
      'Current13:55 GMT',
      '87%',
      '24',
      '20',
      '1',
      '2',
      '1',
      '1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '1',
      '3',
      '2',
      '4',
      '1',
      '0',
    ]);
  });

  it('should link every number above zero to the beds behind it, for the ward and for the site total', () => {
    renderScreen();
    const ash = rowOf(/^Ash Ward/);
    expect(within(ash).getByRole('link', { name: 'Ash Ward' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?wardId=ward-ash',
    );
    expect(within(ash).getByRole('link', { name: 'Ash Ward: 4 past expected discharge' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?wardId=ward-ash&filter=past-edd',
    );
    expect(within(ash).getByRole('link', { name: 'Ash Ward: 1 cleaning over 2 h' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?wardId=ward-ash&filter=cleaning-long',
    );
    expect(within(ash).getByRole('link', { name: 'Ash Ward: 3 discharge due today' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?wardId=ward-ash&filter=edd-today',
    );
    // A zero is plain text: no tab stop for an empty list.
    expect(within(ash).queryByRole('link', { name: /reserved$/ })).toBeNull();
    const total = rowOf(/North General total/);
    expect(
      within(total).getByRole('link', { name: 'North General total: 1 delayed discharge' }).getAttribute('href'),
    ).toBe('/sites/site-north/beds?filter=delayed');
  });

  it('should mark counts needing attention on current data', () => {
    renderScreen();
    const cell = within(rowOf(/^Ash Ward/))
      .getByRole('link', { name: 'Ash Ward: 4 past expected discharge' })
      .closest('td');
    expect(cell?.className).toContain('sites-count--attention');
  });

  it('should say which wards are stale and why, keeping their numbers', () => {
    const stale = makeWardRow({
      wardId: 'ward-birch',
      wardName: 'Birch Ward',
      freshness: 'stale',
      asOf: minutesBefore(25),
      staleReason: 'FHIR server timed out',
    });
    const site = makeSite({ freshness: 'stale', wardsNotCurrent: 1, wards: [makeWardRow(), stale] });
    renderScreen({ data: makeSites({ freshness: 'stale', asOf: minutesBefore(25), sites: [site] }) });
    expect(screen.getByTestId('sites-freshness').textContent).toBe('May be out of date');
    expect(screen.getByTestId('sites-as-of').textContent).toBe('Data as of 13:35 GMT');
    expect(screen.getByTestId('sites-not-current').textContent).toBe(
      'May be out of date: 1 wardBirch Ward: May be out of date, data as of 13:35 GMT (FHIR server timed out)',
    );
    expect(within(rowOf(/^Birch Ward/)).getByText('May be out of date')).toBeTruthy();
    expect(
      within(rowOf(/^Birch Ward/)).getByRole('link', { name: 'Birch Ward: 4 past expected discharge' }),
    ).toBeTruthy();
  });

  it('should show NOT CURRENT on expired data, keeping the numbers but dropping the attention colour', () => {
    const expired = makeWardRow({
      freshness: 'expired',
      asOf: minutesBefore(50),
      staleReason: 'No successful poll since the time shown',
    });
    renderScreen({
      data: makeSites({
        freshness: 'expired',
        asOf: minutesBefore(50),
        sites: [makeSite({ freshness: 'expired', wards: [expired] })],
      }),
    });
    expect(screen.getByTestId('sites-freshness').textContent).toBe('NOT CURRENT');
    expect(screen.getByTestId('sites-not-current').textContent).toContain('NOT CURRENT: 1 ward');
    const row = rowOf(/^Ash Ward/);
    expect(within(row).getByText('NOT CURRENT')).toBeTruthy();
    expect(row.querySelectorAll('.sites-count--attention')).toHaveLength(0);
    expect(within(row).getByRole('link', { name: 'Ash Ward: 4 past expected discharge' })).toBeTruthy();
  });

  it('should age data on screen between reloads: 50 minutes on, current data is NOT CURRENT', () => {
    renderScreen({ serverNow: NOW + 45 * 60_000 });
    expect(screen.getByTestId('sites-freshness').textContent).toBe('NOT CURRENT');
    expect(within(rowOf(/^Ash Ward/)).getByText('NOT CURRENT')).toBeTruthy();
  });

  it('should say "no data yet" for a ward never polled rather than show zeros', () => {
    const never = makeWardRow({
      wardId: 'ward-new',
      wardName: 'New Ward',
      asOf: null,
      freshness: 'expired',
      staleReason: 'No data received from FHIR yet',
      counts: null,
    });
    renderScreen({ data: makeSites({ sites: [makeSite({ wardsWithoutData: 1, wards: [makeWardRow(), never] })] }) });
    const row = rowOf(/^New Ward/);
    expect(row.textContent).toContain('No data received from FHIR yet');
    expect(row.textContent).toContain('no data yet');
    expect(rowOf(/North General total/).textContent).toContain('1 ward without data');
  });

  it('should say so when there are no wards', () => {
    renderScreen({ data: makeSites({ asOf: null, sites: [] }) });
    expect(screen.getByText('No wards are set up yet.')).toBeTruthy();
    expect(screen.getByTestId('sites-as-of').textContent).toBe('No data yet');
  });

  it('should show loading, then a load failure visibly', () => {
    const { rerender } = renderScreen({ data: null });
    expect(screen.getByRole('status').textContent).toBe('Loading sites…');
    rerender(
      <MemoryRouter>
        <SitesScreen data={null} error="the server answered 503 Service Unavailable" serverNow={null} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the sites: the server answered 503 Service Unavailable',
    );
  });

  it('should keep the last figures under a failed refresh, and say so', () => {
    renderScreen({ error: 'the server answered 502 Bad Gateway' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not refresh: the server answered 502 Bad Gateway The figures below are the last ones received.',
    );
    expect(table('North General wards')).toBeTruthy();
  });

  it('should count cleaning beds nobody timed beside the cleaning figure', () => {
    renderScreen({
      data: makeSites({
        sites: [makeSite({ wards: [makeWardRow({ counts: makeCounts({ cleaning: 3, cleaningSinceUnknown: 2 }) })] })],
      }),
    });
    expect(within(rowOf(/^Ash Ward/)).getByText('2 untimed')).toBeTruthy();
  });
});
