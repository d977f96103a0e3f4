/**
 * Inpatient leads (matrons, service leads): who receives the weekly digest, for which wards.
 * Configured in WARDS_CONFIG for a real trust; the simulated demo trust comes with a default set.
 */
import type { Ward } from '../ward.types.js';

/** One inpatient lead, as `GET /api/leads` returns it. */
export interface Lead {
  id: string;
  name: string;
  email: string;
  /** FHIR Location ids of the wards in the lead's digest. */
  wardIds: string[];
}

/** The demo trust's email domain: RFC 2606 reserves `.example`, so nothing there can reach a person. */
export const DEMO_EMAIL_DOMAIN = 'demo-trust.example';

/**
 * The demo trust's leads: a matron per site (the site's wards) and a service lead per profile (every
 * ward of that profile), so every ward is in at least two digests. Derived from the discovered wards,
 * so any simulator size gets a matching set.
 */
export function demoLeads(wards: ReadonlyArray<Pick<Ward, 'id' | 'siteId' | 'siteName' | 'profile'>>): Lead[] {
  const sites = new Map<string, { name: string; wardIds: string[] }>();
  for (const w of wards) {
    const site = sites.get(w.siteId) ?? { name: w.siteName, wardIds: [] };
    site.wardIds.push(w.id);
    sites.set(w.siteId, site);
  }
  const leads: Lead[] = [...sites.entries()].map(([siteId, site]) => ({
    id: `matron-${siteId}`,
    name: `Matron, ${site.name}`,
    email: `matron.${siteId}@${DEMO_EMAIL_DOMAIN}`,
    wardIds: site.wardIds,
  }));
  const services = [
    { profile: 'acute', id: 'lead-acute', name: 'Acute inpatient services lead' },
    { profile: 'mental-health', id: 'lead-mental-health', name: 'Mental health inpatient services lead' },
  ] as const;
  for (const s of services) {
    const wardIds = wards.filter((w) => w.profile === s.profile).map((w) => w.id);
    if (wardIds.length > 0) leads.push({ id: s.id, name: s.name, email: `${s.id}@${DEMO_EMAIL_DOMAIN}`, wardIds });
  }
  return leads;
}
