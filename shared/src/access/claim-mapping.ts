/**
 * From an identity provider's claims to Wardflow grants (SEC-2). The trust names, in WARDS_CONFIG
 * `access`, the claim that carries group or role values and what each value means here: a role and
 * the wards or sites it covers. A person whose claims match no rule gets no grant and cannot sign in.
 *
 * The claim is a path, so the same rule shape reads what each provider sends:
 * - Microsoft Entra ID: `groups` (group object ids) or `roles` (app roles);
 * - Keycloak: `groups` (with a group-membership mapper) or `realm_access.roles`;
 * - NHS CIS2: `nhsid_nrbac_roles[].role_code` (or `...[].activity_codes[]`), from the userinfo
 *   endpoint with the `nationalrbacaccess` scope, each rule requiring the trust's `org_code`.
 */
import { isRole, type Grant, type Role, type ScopeList } from './roles.js';

export interface ClaimMappingRule {
  /** The claim value, compared exactly (group object ids, group paths, role codes are all case-sensitive somewhere). */
  value: string;
  /**
   * Other fields that must hold beside the value, in the same claim entry: CIS2 role codes are national,
   * so `{ "org_code": "RWK" }` counts a role only where the person holds it at this trust. With a
   * top-level claim (`groups`) they are top-level claims (`{ "tid": "<tenant id>" }`).
   */
  requires?: Readonly<Record<string, string>>;
  role: Role;
  /** Wards covered (FHIR Location ids), or `'*'`. Default: none. */
  wards?: ScopeList;
  /** Sites covered, or `'*'`. Default: none. */
  sites?: ScopeList;
}

export interface ClaimMapping {
  /** Path of the claim holding the values: `groups`, `realm_access.roles`, `nhsid_nrbac_roles[].role_code`. */
  claim: string;
  /** Claim holding the person's display name; `name` by default, then `preferred_username`, then `sub`. */
  nameClaim: string;
  rules: ClaimMappingRule[];
}

/**
 * Every string value at `path` in `claims`. Segments are separated by dots; an array met on the way is
 * walked element by element (so `[]` after a segment is optional and only says so). Numbers count as
 * their decimal text; anything else is ignored.
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  return walk([claims], segmentsOf(path)).flatMap(scalarText);
}

const segmentsOf = (path: string) => path.split('.').map((raw) => (raw.endsWith('[]') ? raw.slice(0, -2) : raw));

/** Everything at `segments` below `from`, arrays walked element by element. */
function walk(from: unknown[], segments: readonly string[]): unknown[] {
  let current = from;
  for (const segment of segments) {
    current = current
      .flatMap(flatten)
      .flatMap((value) =>
        value !== null && typeof value === 'object' && Object.hasOwn(value, segment)
          ? [(value as Record<string, unknown>)[segment]]
          : [],
      );
  }
  return current.flatMap(flatten);
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function scalarText(value: unknown): string[] {
  return typeof value === 'string' ? [value] : typeof value === 'number' ? [String(value)] : [];
}

/** Whether some entry holding the claim has `value`, with every `requires` field beside it. */
function ruleMatches(claims: Readonly<Record<string, unknown>>, path: string, rule: ClaimMappingRule): boolean {
  const segments = segmentsOf(path);
  const last = segments.at(-1) ?? '';
  const entries = walk([claims], segments.slice(0, -1)).filter(
    (e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e),
  );
  return entries.some((entry) => {
    if (!Object.hasOwn(entry, last) || !walk([entry], [last]).flatMap(scalarText).includes(rule.value)) return false;
    return Object.entries(rule.requires ?? {}).every(
      ([field, wanted]) => Object.hasOwn(entry, field) && walk([entry], [field]).flatMap(scalarText).includes(wanted),
    );
  });
}

/** The grants the claims earn under the mapping: one per matching rule, in rule order. */
export function grantsFromClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): Grant[] {
  return mapping.rules
    .filter((rule) => isRole(rule.role) && ruleMatches(claims, mapping.claim, rule))
    .map((rule) => ({ role: rule.role, wards: rule.wards ?? [], sites: rule.sites ?? [] }));
}

/** The person's display name from the claims: the configured claim, then the usual ones, then the subject. */
export function displayNameFromClaims(claims: Readonly<Record<string, unknown>>, nameClaim: string): string {
  for (const path of [nameClaim, 'name', 'preferred_username', 'email', 'sub']) {
    const value = claimValues(claims, path)[0];
    if (value !== undefined && value.trim() !== '') return value.trim().slice(0, 120);
  }
  return 'Unknown user';
}
