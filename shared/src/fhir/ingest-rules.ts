/**
 * The trust-specific parts of reading FHIR that are configuration, not code (WARDS_CONFIG): which
 * extensions carry the expected discharge date, and which key assessments are expected how often.
 */
import { EXTENSIONS } from './fhir-codes.js';
import { DEFAULT_KEY_ASSESSMENTS, type KeyAssessmentRule } from './key-assessments.js';
import {
  DEFAULT_INFECTION_ALERTS,
  DEFAULT_ISOLATION_CODES,
  type InfectionAlertRule,
  type IsolationCodes,
} from './infection.js';
import type { BedStatus, IsolationKind } from '../ward.types.js';
import { DEFAULT_VTE_RULES, vteRulesWith, type VteConfig, type VteRules } from './vte.js';
import {
  DEFAULT_DISCHARGE_READINESS_RULES,
  dischargeReadinessRulesWith,
  type DischargeReadinessConfig,
  type DischargeReadinessRules,
} from './discharge-readiness.js';
import {
  DEFAULT_EXPECTED_ARRIVAL_RULES,
  expectedArrivalRulesWith,
  type ExpectedArrivalConfig,
  type ExpectedArrivalRules,
} from './expected-arrivals.js';
import { DEFAULT_MHA_RULES, mhaRulesWith, type MhaRules } from './mha-deadlines.js';
import {
  DEFAULT_OBSERVATION_PLAN_RULES,
  observationPlanRulesWith,
  type ObservationPlanRules,
} from './observation-plans.js';

export interface IngestRules {
  /**
   * Encounter extension URLs holding the expected discharge date, in order of preference. The R5
   * cross-version extension is always read; trusts add their local ones (docs/design.md section 7).
   */
  expectedDischargeExtensions: readonly string[];
  /** Key assessments by ward profile, with their first-due and repeat intervals. */
  keyAssessments: readonly KeyAssessmentRule[];
  /** Infection alerts shown on the card, in order: the defaults with the trust's codes and alerts added. */
  infectionAlerts: readonly InfectionAlertRule[];
  /** Codes that say isolation is required, by precaution: the local codes plus the trust's. */
  isolationCodes: IsolationCodes;
  /**
   * The trust's own bed-state codes ("system|code") and the status each means, for a PAS that does
   * not send v2-0116. Any other code is shown as unknown.
   */
  bedStatusCodes: ReadonlyMap<string, BedStatus>;
  /** Mental Health Act deadlines: the local and trust codes, and the days that make a date due or urgent. */
  mentalHealthAct: MhaRules;
  /** Codes of a NEWS2 observation plan (care plan activity, ServiceRequest) and of a recorded frequency. */
  observationPlans: ObservationPlanRules;
  /** Codes of discharge readiness, pathway and reasons for delay, and the trust's mappings to the national ones. */
  dischargeReadiness: DischargeReadinessRules;
  /** VTE risk assessment and prophylaxis codes, medicines, the hours it is due within and the profiles assessed. */
  vte: VteRules;
  /** Expected arrivals: how far ahead they are shown, when one is late, and admit sources in words. */
  expectedArrivals: ExpectedArrivalRules;
}

export const DEFAULT_INGEST_RULES: IngestRules = {
  expectedDischargeExtensions: [EXTENSIONS.plannedEndDate],
  keyAssessments: DEFAULT_KEY_ASSESSMENTS,
  infectionAlerts: DEFAULT_INFECTION_ALERTS,
  isolationCodes: DEFAULT_ISOLATION_CODES,
  bedStatusCodes: new Map(),
  mentalHealthAct: DEFAULT_MHA_RULES,
  observationPlans: DEFAULT_OBSERVATION_PLAN_RULES,
  dischargeReadiness: DEFAULT_DISCHARGE_READINESS_RULES,
  vte: DEFAULT_VTE_RULES,
  expectedArrivals: DEFAULT_EXPECTED_ARRIVAL_RULES,
};

/** Rules with the trust's additions: local discharge-date extensions after the standard one, and its own assessments if it lists any. */
export function ingestRulesWith(overrides: {
  expectedDischargeExtensions?: readonly string[];
  keyAssessments?: readonly KeyAssessmentRule[];
  infectionAlerts?: readonly InfectionAlertRule[];
  isolationCodes?: Partial<Record<IsolationKind, readonly string[]>>;
  bedStatusCodes?: Readonly<Record<string, BedStatus>>;
  mentalHealthAct?: Parameters<typeof mhaRulesWith>[0];
  observationPlans?: Partial<ObservationPlanRules>;
  dischargeReadiness?: DischargeReadinessConfig;
  vte?: VteConfig;
  expectedArrivals?: ExpectedArrivalConfig;
}): IngestRules {
  const extensions = [
    EXTENSIONS.plannedEndDate,
    ...(overrides.expectedDischargeExtensions ?? []).filter((u) => u !== EXTENSIONS.plannedEndDate),
  ];
  return {
    expectedDischargeExtensions: extensions,
    keyAssessments: overrides.keyAssessments ?? DEFAULT_KEY_ASSESSMENTS,
    infectionAlerts: withInfectionAlerts(overrides.infectionAlerts ?? []),
    isolationCodes: Object.fromEntries(
      Object.entries(DEFAULT_ISOLATION_CODES).map(([kind, codes]) => [
        kind,
        [...new Set([...codes, ...(overrides.isolationCodes?.[kind as IsolationKind] ?? [])])],
      ]),
    ) as unknown as IsolationCodes,
    bedStatusCodes: new Map(Object.entries(overrides.bedStatusCodes ?? {})),
    mentalHealthAct: mhaRulesWith(overrides.mentalHealthAct ?? {}),
    observationPlans: observationPlanRulesWith(overrides.observationPlans ?? {}),
    dischargeReadiness: dischargeReadinessRulesWith(overrides.dischargeReadiness ?? {}),
    vte: vteRulesWith(overrides.vte ?? {}),
    expectedArrivals: expectedArrivalRulesWith(overrides.expectedArrivals ?? {}),
  };
}

/**
 * The default alerts with the trust's: an alert with a default's id adds its codes to it (and may
 * rename it); a new id is shown after the defaults, in the order given.
 */
function withInfectionAlerts(extra: readonly InfectionAlertRule[]): InfectionAlertRule[] {
  const merged = DEFAULT_INFECTION_ALERTS.map((rule) => {
    const local = extra.find((e) => e.id === rule.id);
    return local === undefined
      ? rule
      : { id: rule.id, label: local.label, codes: [...new Set([...rule.codes, ...local.codes])] };
  });
  return [...merged, ...extra.filter((e) => !DEFAULT_INFECTION_ALERTS.some((d) => d.id === e.id))];
}
