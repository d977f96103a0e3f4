import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { NOW, makeFlow, makeSite, makeSites, makeWardRow, minutesBefore } from './sites.builders';
import { SiteScreen, type SiteScreenProps } from './SiteScreen';

function renderScreen(overrides: Partial<SiteScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <SiteScreen
        siteId="site-north"
        sites={makeSites()}
        flow={makeFlow()}
        error={null}
        serverNow={NOW}
        {...overrides}
      />
    </MemoryRouter>,
  );
}

describe('SiteScreen', () => {
  it("should show the site's wards table and its data time", () => {
    renderScreen();
    expect(screen.getByRole('heading', { level: 1, name: 'North General' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'North General wards' })).toBeTruthy();
    expect(screen.getByTestId('sites-as-of').textContent).toBe('Data as of 13:55 GMT');
  });

  it('should put each chart in a figure with its facts in words', () => {
    renderScreen();
    expect(screen.getByRole('figure', { name: 'Admissions and discharges by hour of day (London)' })).toBeTruthy();
    expect(screen.getByTestId('flow-movements-summary').textContent).toBe(
      'Since Sun 11 Jan 14:00 GMT: 5 admissions and 5 discharges, 1 of the discharges before noon (20%); 1 transfer in and 2 out. By London hour of day: most admissions 15:00–16:00 (3); most discharges 16:00–17:00 (4).',
    );
    expect(screen.getByRole('figure', { name: 'Occupancy, last 3 days' })).toBeTruthy();
    expect(screen.getByTestId('flow-occupancy-summary').textContent).toBe(
      'Occupancy 91% in the hour from 13:00 GMT: 42 of 46 open beds. Over the last 3 days: lowest 87%, highest 91%.',
    );
    expect(screen.getByRole('figure', { name: 'Length of stay of current inpatients' })).toBeTruthy();
    expect(screen.getByTestId('flow-los-summary').textContent).toBe(
      '37 inpatients now, median stay 4 days. 11 stayed more than 7 days, 2 more than 28. 1 patient without a recorded admission time.',
    );
  });

  it('should show delayed discharges by reason and pathway, the count linking to the patients', () => {
    renderScreen();
    const heading = screen.getByRole('heading', { level: 2, name: /Delayed discharges/ });
    expect(within(heading).getByRole('link', { name: '4 patients' }).getAttribute('href')).toBe(
      '/sites/site-north/beds?filter=delayed',
    );
    expect(screen.getByTestId('delays-summary').textContent).toBe(
      '4 delayed discharges, 11 days waited since ready; most often: awaiting a new home care package (pathway 1) (2); 1 more ready today.',
    );
    const table = screen.getByRole('table', { name: /by what holds them and their pathway/ });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows[1]).toEqual(['Awaiting a new home care package (pathway 1)', '–', '2', '–', '–', '–', '2', '5']);
    expect(rows[3]).toEqual([
      'No reason recorded (1 from a discharge task only: no ready date or pathway)',
      '',
      '1',
      '',
    ]);
    expect(rows[4]).toEqual(['All delayed patients', '0', '2', '0', '1', '1', '4', '11']);
  });

  it('should say there are no delayed discharges, without an empty table', () => {
    const flow = makeFlow();
    renderScreen({
      flow: {
        ...flow,
        delayedDischarges: { ...flow.delayedDischarges, patients: 0, daysWaiting: 0, byReason: [], withoutReason: 0 },
      },
    });
    expect(screen.getByTestId('delays-summary').textContent).toBe('No delayed discharges; 1 patient ready today.');
    expect(screen.queryByRole('table', { name: /by what holds them/ })).toBeNull();
  });

  it('should say when there is no census yet and no inpatients, rather than draw empty charts silently', () => {
    const flow = makeFlow();
    renderScreen({
      flow: {
        ...flow,
        occupancy: { ...flow.occupancy, points: [] },
        lengthOfStay: {
          bins: flow.lengthOfStay.bins.map((b) => ({ ...b, patients: 0 })),
          patients: 0,
          unknown: 0,
          medianDays: null,
        },
      },
    });
    expect(screen.getByTestId('flow-occupancy-summary').textContent).toBe(
      'No census has been recorded in the last 3 days yet.',
    );
    expect(screen.getByTestId('flow-los-summary').textContent).toBe('No inpatients on this site now.');
  });

  it('should warn that the figures are not current when a ward has expired', () => {
    const wards = [
      makeWardRow({
        freshness: 'expired',
        asOf: minutesBefore(50),
        staleReason: 'No successful poll since the time shown',
      }),
    ];
    renderScreen({ sites: makeSites({ sites: [makeSite({ freshness: 'expired', asOf: minutesBefore(50), wards })] }) });
    expect(screen.getByTestId('sites-freshness').textContent).toBe('NOT CURRENT');
    expect(
      within(screen.getByTestId('sites-not-current')).getByText(/Ash Ward: NOT CURRENT, data as of 13:10 GMT/),
    ).toBeTruthy();
  });

  it('should show loading, an unknown site and a load failure', () => {
    const { rerender } = renderScreen({ sites: null, flow: null });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    const again = (props: Partial<SiteScreenProps>) =>
      rerender(
        <MemoryRouter>
          <SiteScreen siteId="site-north" sites={null} flow={null} error={null} serverNow={null} {...props} />
        </MemoryRouter>,
      );
    again({ siteId: 'nowhere', sites: makeSites() });
    expect(screen.getByRole('status').textContent).toBe('No site nowhere is known. All sites');
    again({ error: 'the server answered 404 Not Found: Unknown site site-north' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load this site: the server answered 404 Not Found: Unknown site site-north',
    );
  });
});
