/**
 * Isolation and infection alerts (docs/design.md section 7): the Flags a ward's infection-control
 * team keeps, read against code sets a trust can extend (WARDS_CONFIG `infectionAlerts` and
 * `isolationCodes`), because few trusts code these the same way. A Flag counts while it is in force
 * (active, and its period covers now); one that cannot be read is not shown as current.
 */
import type { Flag } from '@medplum/fhirtypes';
import type { InfectionOnBoard, IsolationKind } from '../ward.types.js';
import { flagInForce } from './clinical-flags.js';
import { SYSTEMS } from './fhir-codes.js';
import { arr, codeTokens, isObject, parseTime } from './observation-rules.js';

export const INFECTION_SYSTEMS = {
  /** Local code system for infection alerts a trust has no national code for. */
  alert: 'https://fhir.wardflow.org/CodeSystem/infection-alert',
  /** Local code system for isolation required, by precaution. */
  isolation: 'https://fhir.wardflow.org/CodeSystem/isolation',
} as const;

/** One infection alert the card can show, recognised by any of its codes ("system|code"). */
export interface InfectionAlertRule {
  id: string;
  /** Short, as a nurse says it: "MRSA", "C. diff". */
  label: string;
  codes: readonly string[];
}

const local = (code: string) => `${INFECTION_SYSTEMS.alert}|${code}`;

/**
 * The alerts every trust has. SNOMED is given only where the concept is certain (840539006 COVID-19);
 * a trust adds the codes its own system uses (docs/configuration.md).
 */
export const DEFAULT_INFECTION_ALERTS: readonly InfectionAlertRule[] = Object.freeze([
  { id: 'mrsa', label: 'MRSA', codes: [local('mrsa')] },
  { id: 'c-difficile', label: 'C. diff', codes: [local('c-difficile')] },
  { id: 'cpe', label: 'CPE', codes: [local('cpe')] },
  { id: 'norovirus', label: 'Norovirus', codes: [local('norovirus')] },
  { id: 'covid-19', label: 'COVID-19', codes: [local('covid-19'), `${SYSTEMS.snomed}|840539006`] },
]);

export const ISOLATION_KINDS: readonly IsolationKind[] = [
  'airborne',
  'droplet',
  'contact',
  'protective',
  'unspecified',
];

/** Codes that say isolation is required, by precaution; `unspecified` when the record does not say which. */
export type IsolationCodes = Readonly<Record<IsolationKind, readonly string[]>>;

export const DEFAULT_ISOLATION_CODES: IsolationCodes = Object.freeze({
  airborne: [`${INFECTION_SYSTEMS.isolation}|airborne`],
  droplet: [`${INFECTION_SYSTEMS.isolation}|droplet`],
  contact: [`${INFECTION_SYSTEMS.isolation}|contact`],
  protective: [`${INFECTION_SYSTEMS.isolation}|protective`],
  // SNOMED 40174006 "Isolation procedure".
  unspecified: [`${INFECTION_SYSTEMS.isolation}|isolation`, `${SYSTEMS.snomed}|40174006`],
});

function startOf(flag: Flag): number | null {
  return isObject(flag.period) ? parseTime(flag.period.start) : null;
}

const earliest = (times: ReadonlyArray<number | null>): string | null => {
  const known = times.filter((t): t is number => t !== null);
  return known.length === 0 ? null : new Date(Math.min(...known)).toISOString();
};

/**
 * Isolation and alerts in force at `now` from a stay's Flags, or null when there are none. When
 * several isolation Flags are in force the strictest precaution is shown (airborne, droplet, contact,
 * protective, then unspecified), since that is the one a nurse must follow at the door.
 */
export function infectionStatus(
  flags: readonly Flag[],
  now: number,
  alertRules: readonly InfectionAlertRule[] = DEFAULT_INFECTION_ALERTS,
  isolationCodes: IsolationCodes = DEFAULT_ISOLATION_CODES,
): InfectionOnBoard | null {
  const inForce = arr<Flag>(flags)
    .filter((f) => isObject(f) && flagInForce(f, now))
    .map((flag) => ({ codes: codeTokens(flag.code), start: startOf(flag) }));
  const alerts = alertRules
    .map((rule) => ({ rule, matching: inForce.filter((f) => rule.codes.some((c) => f.codes.has(c))) }))
    .filter(({ matching }) => matching.length > 0)
    .map(({ rule, matching }) => ({ id: rule.id, label: rule.label, since: earliest(matching.map((f) => f.start)) }));
  let isolation: InfectionOnBoard['isolation'] = null;
  for (const kind of ISOLATION_KINDS) {
    const matching = inForce.filter((f) => isolationCodes[kind].some((c) => f.codes.has(c)));
    if (matching.length === 0) continue;
    isolation = { kind, since: earliest(matching.map((f) => f.start)) };
    break;
  }
  return isolation === null && alerts.length === 0 ? null : { isolation, alerts };
}
