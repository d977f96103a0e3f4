/**
 * The pages a person may open, from their capabilities: the session bar and /admin offer only these,
 * so nobody is sent to a page that would only refuse them. The server decides again on every request.
 */
import { capabilitiesOf, WARD_LISTING_CAPABILITIES, type Capability, type Grant } from '@wardflow/shared';

export interface PageLink {
  to: string;
  label: string;
  /** Any one of these opens the page. */
  anyOf: readonly Capability[];
  /** One line on /admin. */
  description?: string;
  /** A page the server serves itself (not this client's): a plain link, listed on /admin only. */
  servedByServer?: true;
}

/** Who may see the ward list: anyone who may see something of a ward (the server's own rule). */
export const WARD_LIST_CAPABILITIES: readonly Capability[] = WARD_LISTING_CAPABILITIES;

export const DESK_PAGES: readonly PageLink[] = [
  { to: '/', label: 'Wards', anyOf: WARD_LIST_CAPABILITIES },
  { to: '/sites', label: 'Bed management by site', anyOf: ['site.beds'] },
  { to: '/heatmap', label: 'Safety heat map', anyOf: ['heatmap.view'] },
  { to: '/digests', label: 'Weekly digest', anyOf: ['digests.view'] },
];

export const ADMIN_PAGES: readonly PageLink[] = [
  {
    to: '/admin/devices',
    label: 'Wall screens',
    anyOf: ['devices.enrol', 'devices.manage'],
    description: 'Approve the pairing code a wall screen shows, and remove screens.',
  },
  {
    to: '/admin/tokens',
    label: 'API tokens',
    anyOf: ['tokens.manage'],
    description: 'Create and revoke tokens for the trust’s own programs.',
  },
  {
    to: '/admin/sessions',
    label: 'Sessions',
    anyOf: ['sessions.manage'],
    description: 'Who is signed in now; end a session.',
  },
  {
    to: '/admin/audit',
    label: 'Audit log',
    anyOf: ['audit.view'],
    description: 'Who did what and when, patient views included; check the log has not been altered.',
  },
  {
    to: '/admin/config',
    label: 'Configuration',
    anyOf: ['config.view'],
    description: 'What this server runs with (no secrets).',
  },
  {
    to: '/admin/history',
    label: 'History backfill',
    anyOf: ['history.import'],
    description: 'Work out the wards’ past safety measures from the FHIR server, and watch a run’s progress.',
  },
  {
    to: '/api/admin/queues/',
    label: 'Job queues',
    anyOf: ['queues.view'],
    description: 'Polls, scores, digests and backfills waiting, running, delayed or failed, and why (read only).',
    servedByServer: true,
  },
];

export const ADMIN_CAPABILITIES: readonly Capability[] = [...new Set(ADMIN_PAGES.flatMap((p) => p.anyOf))];

/** The links among `pages` that the grants open. */
export function pagesFor(grants: readonly Grant[], pages: readonly PageLink[]): PageLink[] {
  const held = new Set(capabilitiesOf(grants));
  return pages.filter((page) => page.anyOf.some((c) => held.has(c)));
}
