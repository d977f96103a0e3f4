import { makeGrant } from './session.builders';
import { ADMIN_PAGES, DESK_PAGES, pagesFor } from './nav-links';

const labels = (grants: Parameters<typeof pagesFor>[0]) =>
  [...pagesFor(grants, DESK_PAGES), ...pagesFor(grants, ADMIN_PAGES)].map((p) => p.label);

describe('pagesFor', () => {
  it('should offer each role only the pages it opens', () => {
    expect(labels([makeGrant('ward-staff', ['ward-ash'])])).toEqual(['Wards', 'Wall screens']);
    expect(labels([makeGrant('bed-manager', [], ['site-north'])])).toEqual(['Wards', 'Bed management by site']);
    expect(labels([makeGrant('inpatient-lead')])).toEqual(['Wards', 'Safety heat map', 'Weekly digest']);
    expect(labels([makeGrant('safety-officer')])).toEqual(['Wards', 'Audit log']);
    expect(labels([makeGrant('admin')])).toEqual([
      'Wards',
      'Wall screens',
      'API tokens',
      'Sessions',
      'Audit log',
      'Configuration',
      'History backfill',
      'Job queues',
    ]);
    // The monitoring role opens no page: it is for programs reading /metrics and /api/ready.
    expect(labels([makeGrant('monitoring')])).toEqual([]);
  });

  it('should offer nothing to nobody', () => {
    expect(labels([])).toEqual([]);
  });
});
