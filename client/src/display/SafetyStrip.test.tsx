import { render, screen, within } from '@testing-library/react';
import type { StaffingSummary, WardSafety } from '@wardflow/shared';
import { TEST_MEASURES, makeCells, makePrediction, makeRow } from '../heatmap/heatmap.builders';
import { NOW, makeBoard, makeOccupiedBed } from '../testing/builders';
import { SafetyStrip } from './SafetyStrip';
import { BEDS_PER_PAGE, PAGE_TURN_MS, WardDisplay, bedPage } from './WardDisplay';

function safety(overrides: Parameters<typeof makeRow>[0] = {}): WardSafety {
  return {
    version: 7,
    measures: TEST_MEASURES.filter((m) => m.profiles.includes('acute')),
    row: makeRow({
      profile: 'acute',
      cells: makeCells('acute', {
        occupancy: { value: 97.5, band: 'red' },
        falls: { value: null, band: null, reason: 'no incidents reported for 7 days' },
      }),
      composite: { value: 45, band: 'red' },
      trend: 'worse',
      prediction: makePrediction({ probability: 0.38 }),
      ...overrides,
    }),
  };
}

const staffing: StaffingSummary = {
  date: '2026-01-14',
  isToday: true,
  plannedHours: 240,
  actualHours: 228,
  fillPercent: 95,
  temporaryStaffPercent: 12.5,
  sicknessPercent: 4,
};
const cells = () => within(screen.getByLabelText('Ward safety measures and staffing')).getAllByRole('listitem');

describe('SafetyStrip', () => {
  it("should show the ward's ten measures with value, band in words, and a reason where there is no data", () => {
    render(<SafetyStrip safety={safety()} staffing={staffing} riskColours now={NOW} />);
    expect(cells()).toHaveLength(10);
    const occupancy = screen.getByLabelText('Bed occupancy: 97.5%, RED');
    expect(occupancy.className).toContain('safety-cell--red');
    expect(occupancy.textContent).toContain('RED');
    expect(screen.getByLabelText('Falls: no data, no incidents reported for 7 days').textContent).toContain('no data');
    // Green stays quiet: no band word shouted, but the accessible name still says OK.
    expect(screen.getByLabelText('Staff sickness: 1%, OK').textContent).not.toContain('OK');
  });

  it('should show the composite, trend and the 7-day outlook with its reasons', () => {
    render(<SafetyStrip safety={safety()} staffing={staffing} riskColours now={NOW} />);
    const strip = screen.getByLabelText('Ward safety measures and staffing').textContent ?? '';
    expect(strip).toContain('Risk 45 RED');
    expect(strip).toContain('worse');
    expect(strip).toContain('Needs support in next 7 days: 38% (Bed occupancy, Staff sickness)');
  });

  it("should show today's staffing as shares, and name the day when the latest report is older", () => {
    const { rerender } = render(<SafetyStrip safety={null} staffing={staffing} riskColours now={NOW} />);
    expect(screen.getByLabelText('Staffing today: 95% filled, 12.5% bank/agency, 4% sick')).toBeTruthy();
    rerender(
      <SafetyStrip
        safety={null}
        staffing={{ ...staffing, date: '2026-01-13', isToday: false }}
        riskColours
        now={NOW}
      />,
    );
    expect(screen.getByLabelText('Staffing yesterday: 95% filled, 12.5% bank/agency, 4% sick').className).toContain(
      'safety-staffing--old',
    );
    rerender(<SafetyStrip safety={null} staffing={null} riskColours now={NOW} />);
    expect(screen.getByText('not reported')).toBeTruthy();
    expect(screen.getByText('Safety measures: no score yet for this ward')).toBeTruthy();
  });

  it('should drop risk colours but keep every number and word when the data has expired', () => {
    render(<SafetyStrip safety={safety()} staffing={staffing} riskColours={false} now={NOW} />);
    const occupancy = screen.getByLabelText('Bed occupancy: 97.5%');
    expect(occupancy.className).not.toMatch(/safety-cell--(red|amber)/);
    expect(occupancy.textContent).toContain('97.5%');
  });

  it('should appear on the wall display under the header', () => {
    render(
      <WardDisplay
        wardId="ward-ash"
        board={makeBoard({ safety: safety(), staffing })}
        serverNow={NOW}
        connection="live"
        error={null}
      />,
    );
    expect(cells()).toHaveLength(10);
  });
});

describe('bed pages', () => {
  const beds = Array.from({ length: 45 }, (_, i) => makeOccupiedBed(i + 1));

  it('should show a ward of up to 40 beds on one page', () => {
    expect(bedPage(beds.slice(0, BEDS_PER_PAGE), NOW)).toMatchObject({ index: 0, count: 1 });
  });

  it('should split a larger ward into even pages that turn with server time', () => {
    const first = bedPage(beds, 0);
    const second = bedPage(beds, PAGE_TURN_MS);
    expect([first.count, first.beds.length, second.beds.length]).toEqual([2, 23, 22]);
    expect(second.index).toBe(1);
    expect(bedPage(beds, 2 * PAGE_TURN_MS).index).toBe(0);
    expect([...first.beds, ...second.beds].map((b) => b.id)).toEqual(beds.map((b) => b.id));
  });

  it('should say which page is on screen rather than scroll', () => {
    render(
      <WardDisplay
        wardId="ward-ash"
        board={makeBoard({ beds })}
        serverNow={PAGE_TURN_MS * 5}
        connection="live"
        error={null}
      />,
    );
    expect(screen.getByText(/Page 2 of 2 · Bed 24 to Bed 45/)).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(22);
  });
});
