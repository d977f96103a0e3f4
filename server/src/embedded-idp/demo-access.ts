/**
 * The demo's claim mapping, used only when WARDS_CONFIG has no `access` section in the demo: each
 * demo user's group becomes its role, over a scope that shows what scope means. The ward nurse has
 * one ward, the bed manager one site; the inpatient lead has the whole trust (so the weekly email can
 * be sent from the browser); admin and safety officer need no scope.
 */
import type { ClaimMapping, Ward } from '@wardflow/shared';
import { DEMO_USERS } from './demo-users.js';

export interface DemoScope {
  ward: Pick<Ward, 'id' | 'name'>;
  site: { id: string; name: string };
}

/** The first ward (by site and name) for the nurse, its site for the bed manager. */
export function demoScope(wards: readonly Ward[]): DemoScope | null {
  const first = [...wards].sort((a, b) => a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name))[0];
  return first === undefined
    ? null
    : { ward: { id: first.id, name: first.name }, site: { id: first.siteId, name: first.siteName } };
}

export function demoClaimMapping(scope: DemoScope | null): ClaimMapping {
  const group = (role: string) => DEMO_USERS.find((u) => u.role === role)?.group ?? role;
  return {
    claim: 'groups',
    nameClaim: 'name',
    rules: [
      { value: group('ward-staff'), role: 'ward-staff', wards: scope === null ? [] : [scope.ward.id] },
      { value: group('bed-manager'), role: 'bed-manager', sites: scope === null ? [] : [scope.site.id] },
      { value: group('inpatient-lead'), role: 'inpatient-lead', wards: '*' },
      { value: group('admin'), role: 'admin' },
      { value: group('safety-officer'), role: 'safety-officer' },
    ],
  };
}

/** What `npm run demo` prints: each user, its role and scope. */
export function describeDemoUsers(scope: DemoScope | null): string[] {
  const scopeOf: Record<string, string> = {
    'ward-staff': scope === null ? 'no ward' : scope.ward.name,
    'bed-manager': scope === null ? 'no site' : `${scope.site.name} (every ward)`,
    'inpatient-lead': 'the whole trust',
    admin: 'screens, API tokens, sessions, configuration, audit',
    'safety-officer': 'the audit log',
  };
  return DEMO_USERS.map((u) => `${u.username.padEnd(11)} ${u.name} - ${scopeOf[u.role] ?? ''}`);
}
