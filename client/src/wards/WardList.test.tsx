import { render, screen } from '@testing-library/react';
import type { WardSummary } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { makeWardSummary } from '../testing/builders';
import { WardList } from './WardList';

const makeSummary = (overrides: Partial<WardSummary> = {}) =>
  makeWardSummary({ bedCount: 26, occupied: 22, asOf: '2026-07-01T09:05:00Z', ...overrides });

const renderList = (
  wards: WardSummary[] | null,
  error: string | null = null,
  mayOpenBoard?: (ward: WardSummary) => boolean,
) =>
  render(
    <MemoryRouter>
      <WardList wards={wards} error={error} {...(mayOpenBoard === undefined ? {} : { mayOpenBoard })} />
    </MemoryRouter>,
  );

describe('WardList', () => {
  it('should list each ward with site, profile, occupancy, freshness and data time, linking to its display', () => {
    renderList([
      makeSummary(),
      makeSummary({ id: 'ward-birch', name: 'Birch Ward', profile: 'mental-health', freshness: 'stale', asOf: null }),
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent))).toEqual([
      ['Ash Ward', 'Huddle view', 'North General', 'Acute', '22/26', 'Current', '10:05 BST'],
      ['Birch Ward', 'Huddle view', 'North General', 'Mental health', '22/26', 'Waiting for first data', 'No data yet'],
    ]);
    expect(screen.getByRole('link', { name: 'Ash Ward' }).getAttribute('href')).toBe('/wards/ward-ash');
  });

  it("should name a ward without links when the viewer's role does not include its board", () => {
    renderList(
      [makeSummary(), makeSummary({ id: 'ward-birch', name: 'Birch Ward' })],
      null,
      (ward) => ward.id === 'ward-ash',
    );
    expect(screen.getByRole('link', { name: 'Ash Ward' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Birch Ward' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Birch Ward huddle view' })).toBeNull();
    expect(screen.getByRole('row', { name: /Birch Ward/ }).textContent).toContain('Birch Ward');
  });

  it('should link each ward to its huddle view', () => {
    renderList([makeSummary()]);
    expect(screen.getByRole('link', { name: 'Ash Ward huddle view' }).getAttribute('href')).toMatch(
      /^\/wards\/[^/]+\/huddle$/,
    );
  });

  it('should show a load failure visibly', () => {
    renderList(null, 'the server answered 503');
    expect(screen.getByRole('alert').textContent).toContain('the server answered 503');
  });

  it('should list retired wards apart, never as live, with since when and why', () => {
    renderList([
      makeSummary(),
      makeSummary({
        id: 'ward-old',
        name: 'Old Ward',
        retired: { since: '2026-07-01T09:20:00Z', reason: 'No longer found on the FHIR server' },
      }),
    ]);
    const [live, retired] = screen.getAllByRole('table');
    expect(live?.textContent).not.toContain('Old Ward');
    const section = screen.getByRole('region', { name: 'Retired wards (not live; history kept)' });
    expect(section.textContent).toContain('Old Ward');
    const cells = Array.from(retired?.querySelectorAll('tbody td') ?? [], (cell) => cell.textContent);
    expect(cells).toEqual(['Old Ward', 'North General', 'Wed 1 Jul 10:20 BST', 'No longer found on the FHIR server']);
    expect(screen.getByRole('link', { name: 'Old Ward' }).getAttribute('href')).toBe('/wards/ward-old');
  });
});
