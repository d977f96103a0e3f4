import { render, screen, within } from '@testing-library/react';
import { addCalendarDays, outcomeRunCharts, type WardOutcomeDay, type WardOutcomes } from '@wardflow/shared';
import { installFakeApi, type FakeApi } from '../testing/fake-api';
import { NOW } from '../testing/builders';
import { OutcomeRunCharts } from './OutcomeRunCharts';

// NOW is 14:00 GMT on Wednesday 14 January 2026.
const PATH = '/api/wards/ward-ash/outcomes';

/** Twelve weeks of days: the first six with every VTE prophylaxis given, the last six with 7 in 10. */
function days(): WardOutcomeDay[] {
  const out: WardOutcomeDay[] = [];
  for (let back = 83; back >= 0; back--) {
    const date = addCalendarDays('2026-01-14', -back);
    const week = Math.floor((83 - back) / 7);
    out.push({
      date,
      vte: { indicated: 2, prescribed: week < 6 ? 2 : back % 2 === 0 ? 1 : 2 },
      discharges: { total: 2, beforeNoon: back % 2 },
      falls: back % 7 === 0 ? 1 : 0,
      lowGlucose: null,
    });
  }
  return out;
}

const outcomes = (extra: Partial<WardOutcomes> = {}): WardOutcomes => ({
  wardId: 'ward-ash',
  at: new Date(NOW).toISOString(),
  readAt: new Date(NOW - 10 * 60_000).toISOString(),
  firstDay: '2025-10-23',
  charts: outcomeRunCharts(days(), NOW),
  ...extra,
});

describe('OutcomeRunCharts', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it('gives each outcome its last week, this week so far and median in words, and says when it was read', async () => {
    api = installFakeApi({ [`GET ${PATH}`]: { body: outcomes() } });
    render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours />);
    const vte = within(await screen.findByRole('figure', { name: 'VTE prophylaxis where indicated' }));
    expect(vte.getByText(/^Last week \d+(\.\d)?%$/)).toBeTruthy();
    expect(vte.getByText(/^of 14 patient-days · median \d+(\.\d)?%$/)).toBeTruthy();
    expect(vte.getByText(/^this week so far \d+(\.\d)?%$/)).toBeTruthy();
    const falls = within(screen.getByRole('figure', { name: 'Falls' }));
    expect(falls.getByText('Last week 1')).toBeTruthy();
    expect(falls.getByText(/^median \d+(\.\d)? · this week so far 1$/)).toBeTruthy();
    // Nothing read for low blood sugar on this ward: said, not drawn as zero.
    expect(
      within(screen.getByRole('figure', { name: 'Low blood sugar' })).getByText('Not recorded on this ward'),
    ).toBeTruthy();
    expect(
      screen.getByRole('heading', { name: /Outcomes by week \(12 weeks from Mon 27 Oct\) read 13:50/ }),
    ).toBeTruthy();
  });

  it('names a shift the wrong way in words beside the colour', async () => {
    api = installFakeApi({ [`GET ${PATH}`]: { body: outcomes() } });
    render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours />);
    const vte = within(await screen.findByRole('figure', { name: 'VTE prophylaxis where indicated' }));
    const shift = vte.getByText(/6 weeks below the median: worse/);
    expect(shift.className).toContain('outcome-tile__shift--worse');
  });

  it('keeps a worse shift’s words but not its colour when the board’s data has expired', async () => {
    api = installFakeApi({ [`GET ${PATH}`]: { body: outcomes() } });
    render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours={false} />);
    const vte = within(await screen.findByRole('figure', { name: 'VTE prophylaxis where indicated' }));
    expect(vte.getByText(/6 weeks below the median: worse/).className).not.toContain('--worse');
  });

  it('says when the outcomes were last read over an hour ago, when nothing is recorded yet, and when loading failed', async () => {
    api = installFakeApi({
      [`GET ${PATH}`]: { body: outcomes({ readAt: new Date(NOW - 3 * 3_600_000).toISOString() }) },
    });
    const { unmount } = render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours />);
    expect(await screen.findByText(/last read 11:00/)).toBeTruthy();
    unmount();
    api.on(`GET ${PATH}`, { body: outcomes({ readAt: null, firstDay: null }) });
    const second = render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours />);
    expect(await screen.findByText(/Not recorded yet: the weeks fill in as Wardflow reads the ward/)).toBeTruthy();
    second.unmount();
    api.on(`GET ${PATH}`, { status: 503, body: { statusCode: 503, message: 'Database unavailable' } });
    render(<OutcomeRunCharts wardId="ward-ash" now={NOW} colours />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Outcomes could not be loaded: .*Database unavailable/,
    );
  });
});
