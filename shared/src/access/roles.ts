/**
 * Who may do what (SEC-2): the five roles people and API tokens hold, the two a wall screen holds,
 * what each role may do (capabilities), and whether a set of grants reaches a ward, a site or the
 * whole trust. The server enforces these on every route and socket event; the client reads the same
 * table only to decide which links to show.
 *
 * Scope: a grant covers the wards it names and every ward of the sites it names; `'*'` is the whole
 * trust. A capability is either scoped (it needs the ward or site in scope) or trust-wide (the
 * role alone decides: managing devices, tokens and sessions, reading the audit log).
 */

/** Roles a person (through the OIDC claim mapping) or an API token can hold. */
export const ROLES = ['ward-staff', 'bed-manager', 'inpatient-lead', 'admin', 'safety-officer', 'monitoring'] as const;
export type Role = (typeof ROLES)[number];

/** What an enrolled wall screen holds: one ward's wall feed, or one site's heat map. Never assignable to people or tokens. */
export type ScreenRole = 'ward-screen' | 'heatmap-screen';

export type GrantRole = Role | ScreenRole;

export const ROLE_LABELS: Record<GrantRole, string> = {
  'ward-staff': 'Ward staff',
  'bed-manager': 'Bed manager',
  'inpatient-lead': 'Inpatient lead',
  admin: 'Admin',
  'safety-officer': 'Clinical safety officer',
  monitoring: 'Monitoring (metrics and readiness)',
  'ward-screen': 'Ward wall screen',
  'heatmap-screen': 'Heat-map screen',
};

export const CAPABILITIES = [
  /** A ward's board: wall view, huddle view, `ward:subscribe`, the board REST route. */
  'ward.board',
  /** Patient detail with identifiers (people only, audited). */
  'ward.patient',
  /** A ward's measure history. */
  'ward.history',
  /** Record the huddle's actions on a ward in scope and close them (people only, audited); reading them is `ward.board`. */
  'huddle.actions',
  /** Heat-map rows of the wards in scope. */
  'heatmap.view',
  /** The bed manager's site drill-down. */
  'site.beds',
  'escalations.view',
  'escalations.acknowledge',
  /** Poll a ward now instead of waiting for its schedule. */
  'polls.request',
  /** Inpatient leads, the weekly email ledger and previews of leads in scope. */
  'digests.view',
  /** Send this week's emails now, release an email for resending. */
  'digests.send',
  /** Approve a wall screen's pairing code for a ward in scope, and remove it. */
  'devices.enrol',
  'devices.manage',
  'tokens.manage',
  'sessions.manage',
  'config.view',
  'audit.view',
  /**
   * Load days of measure history: from a trust's own records (POST /api/history/import), or worked
   * out from what the FHIR server holds (POST /api/history/backfill).
   */
  'history.import',
  /** Send staffing and incident CSV exports (POST /api/feeds/roster, /api/feeds/incidents). */
  'feeds.import',
  /** Readiness detail (GET /api/ready) and Prometheus metrics (GET /metrics). */
  'service.status',
  /** The job queues' own view (bull-board at /api/admin/queues/): admins, signed in, read only. */
  'queues.view',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * GET /api/wards lists a ward to anyone who may see something of it: ward-level facts only (names,
 * counts, data times), so also to admins binding screens and safety officers reading the audit.
 */
export const WARD_LISTING_CAPABILITIES: readonly Capability[] = [
  'ward.board',
  'heatmap.view',
  'site.beds',
  'ward.history',
  'escalations.view',
  'devices.enrol',
  'devices.manage',
  'audit.view',
  'config.view',
];

/** Capabilities that need no ward or site in scope: the role alone decides. */
export const TRUST_WIDE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'devices.manage',
  'tokens.manage',
  'sessions.manage',
  'config.view',
  'audit.view',
  'history.import',
  'feeds.import',
  'service.status',
  'queues.view',
]);

export const ROLE_CAPABILITIES: Record<GrantRole, readonly Capability[]> = {
  'ward-staff': ['ward.board', 'ward.patient', 'huddle.actions', 'escalations.view', 'devices.enrol'],
  'bed-manager': ['ward.board', 'site.beds', 'escalations.view', 'escalations.acknowledge', 'polls.request'],
  'inpatient-lead': ['heatmap.view', 'ward.history', 'digests.view', 'digests.send'],
  admin: [
    'devices.enrol',
    'devices.manage',
    'tokens.manage',
    'sessions.manage',
    'config.view',
    'audit.view',
    'history.import',
    'feeds.import',
    'service.status',
    'queues.view',
  ],
  'safety-officer': ['audit.view'],
  /** For the trust's monitoring (Prometheus, an uptime checker): GET /metrics and /api/ready, nothing else. */
  monitoring: ['service.status'],
  'ward-screen': ['ward.board', 'escalations.view'],
  'heatmap-screen': ['heatmap.view'],
};

/** `'*'`: every ward (or site) of the trust. */
export type ScopeList = '*' | readonly string[];

/** One role over some wards and sites. A principal holds any number of them. */
export interface Grant {
  role: GrantRole;
  wards: ScopeList;
  sites: ScopeList;
}

/** A ward as scope checks see it: its id and its site. */
export interface ScopeWard {
  id: string;
  siteId: string;
}

/** Where an action lands: one ward, one site, every ward of the trust, or anywhere at all (a list the handler filters). */
export type AccessTarget =
  { ward: ScopeWard } | { site: string } | { wards: readonly ScopeWard[] } | 'trust' | 'anywhere';

const listHas = (list: ScopeList, id: string) => list === '*' || list.includes(id);

/** Whether one grant covers a ward. */
export function grantCoversWard(grant: Grant, ward: ScopeWard): boolean {
  return listHas(grant.wards, ward.id) || listHas(grant.sites, ward.siteId);
}

/** Whether one grant covers a whole site (the site named, or the whole trust; naming every ward of it is not enough). */
export function grantCoversSite(grant: Grant, siteId: string): boolean {
  return listHas(grant.sites, siteId) || grant.wards === '*';
}

const grantCoversTrust = (grant: Grant) => grant.wards === '*' || grant.sites === '*';

/** Whether the grants allow `capability` at `target`. */
export function grantsAllow(grants: readonly Grant[], capability: Capability, target: AccessTarget): boolean {
  const holding = grants.filter((g) => ROLE_CAPABILITIES[g.role].includes(capability));
  if (holding.length === 0) return false;
  if (TRUST_WIDE_CAPABILITIES.has(capability) || target === 'anywhere') return true;
  if (target === 'trust') return holding.some(grantCoversTrust);
  if ('ward' in target) return holding.some((g) => grantCoversWard(g, target.ward));
  if ('site' in target) return holding.some((g) => grantCoversSite(g, target.site));
  return target.wards.every((ward) => holding.some((g) => grantCoversWard(g, ward)));
}

/** The wards among `wards` where the grants allow `capability`: what a filtered list may show. */
export function wardsAllowed<W extends ScopeWard>(
  grants: readonly Grant[],
  capability: Capability,
  wards: readonly W[],
): W[] {
  return wards.filter((ward) => grantsAllow(grants, capability, { ward }));
}

/** Every capability the grants hold somewhere (for the client's navigation). */
export function capabilitiesOf(grants: readonly Grant[]): Capability[] {
  return CAPABILITIES.filter((c) => grants.some((g) => ROLE_CAPABILITIES[g.role].includes(c)));
}

/** True for a role a person or token may hold (not a screen's). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
