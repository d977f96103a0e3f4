import { render, screen } from '@testing-library/react';
import type { WardSummary } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { WardList } from './WardList';

function makeSummary(overrides: Partial<WardSummary> = {}): WardSummary {
  return {
    id: 'ward-ash',
    name: 'Ash Ward',
    siteId: 'site-north',
    siteName: 'North General',
    profile: 'acute',
    bedCount: 26,
    occupied: 22,
    asOf: '2026-07-01T09:05:00Z',
    freshness: 'fresh',
    ...overrides,
  };
}

const renderList = (wards: WardSummary[] | null, error: string | null = null) =>
  render(
    <MemoryRouter>
      <WardList wards={wards} error={error} />
    </MemoryRouter>,
  );

describe('WardList', () => {
  it('should list each ward with site, profile, occupancy, freshness and data time, linking to its display', () => {
    renderList([makeSummary(), makeSummary({ id: 'ward-birch', name: 'Birch Ward', profile: 'mental-health', freshness: 'stale', asOf: null })]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent))).toEqual([
      ['Ash Ward', 'Huddle view', 'North General', 'Acute', '22/26', 'Current', '10:05 BST'],
      ['Birch Ward', 'Huddle view', 'North General', 'Mental health', '22/26', 'Waiting for first data', 'No data yet'],
    ]);
    expect(screen.getByRole('link', { name: 'Ash Ward' }).getAttribute('href')).toBe('/wards/ward-ash');
  });

  it('should link to the bed management and heat-map screens', () => {
    renderList([makeSummary()]);
    expect(screen.getByRole('link', { name: 'Bed management by site' }).getAttribute('href')).toBe('/sites');
    expect(screen.getByRole('link', { name: 'Safety heat map' }).getAttribute('href')).toBe('/heatmap');
  });

  it("should link each ward to its huddle view", () => {
    renderList([makeSummary()]);
    expect(screen.getByRole('link', { name: 'Ash Ward huddle view' }).getAttribute('href')).toMatch(/^\/wards\/[^/]+\/huddle$/);
  });

  it('should show a load failure visibly', () => {
    renderList(null, 'the server answered 503');
    expect(screen.getByRole('alert').textContent).toContain('the server answered 503');
  });
});
