import { DEMO_EMAIL_DOMAIN, demoLeads } from './leads.js';

const wards = [
  { id: 'ward-2a', siteId: 'site-1', siteName: 'General', profile: 'acute' as const },
  { id: 'ward-cedar', siteId: 'site-2', siteName: 'Cedar House', profile: 'mental-health' as const },
  { id: 'ward-2b', siteId: 'site-1', siteName: 'General', profile: 'acute' as const },
];

describe('demo trust leads', () => {
  it('should give a matron per site and a service lead per profile, on the example domain', () => {
    expect(demoLeads(wards)).toEqual([
      {
        id: 'matron-site-1',
        name: 'Matron, General',
        email: `matron.site-1@${DEMO_EMAIL_DOMAIN}`,
        wardIds: ['ward-2a', 'ward-2b'],
      },
      {
        id: 'matron-site-2',
        name: 'Matron, Cedar House',
        email: `matron.site-2@${DEMO_EMAIL_DOMAIN}`,
        wardIds: ['ward-cedar'],
      },
      {
        id: 'lead-acute',
        name: 'Acute inpatient services lead',
        email: `lead-acute@${DEMO_EMAIL_DOMAIN}`,
        wardIds: ['ward-2a', 'ward-2b'],
      },
      {
        id: 'lead-mental-health',
        name: 'Mental health inpatient services lead',
        email: `lead-mental-health@${DEMO_EMAIL_DOMAIN}`,
        wardIds: ['ward-cedar'],
      },
    ]);
  });

  it('should cover every ward', () => {
    const covered = new Set(demoLeads(wards).flatMap((l) => l.wardIds));
    expect([...covered].sort()).toEqual(wards.map((w) => w.id).sort());
  });

  it('should give no leads for no wards', () => {
    expect(demoLeads([])).toEqual([]);
  });
});
