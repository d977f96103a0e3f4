/**
 * The trust-specific parts of reading FHIR that are configuration, not code (WARDS_CONFIG): which
 * extensions carry the expected discharge date, and which key assessments are expected how often.
 */
import { EXTENSIONS } from './fhir-codes.js';
import { DEFAULT_KEY_ASSESSMENTS, type KeyAssessmentRule } from './key-assessments.js';

export interface IngestRules {
  /**
   * Encounter extension URLs holding the expected discharge date, in order of preference. The R5
   * cross-version extension is always read; trusts add their local ones (docs/design.md section 7).
   */
  expectedDischargeExtensions: readonly string[];
  /** Key assessments by ward profile, with their first-due and repeat intervals. */
  keyAssessments: readonly KeyAssessmentRule[];
}

export const DEFAULT_INGEST_RULES: IngestRules = {
  expectedDischargeExtensions: [EXTENSIONS.plannedEndDate],
  keyAssessments: DEFAULT_KEY_ASSESSMENTS,
};

/** Rules with the trust's additions: local discharge-date extensions after the standard one, and its own assessments if it lists any. */
export function ingestRulesWith(overrides: {
  expectedDischargeExtensions?: readonly string[];
  keyAssessments?: readonly KeyAssessmentRule[];
}): IngestRules {
  const extensions = [
    EXTENSIONS.plannedEndDate,
    ...(overrides.expectedDischargeExtensions ?? []).filter((u) => u !== EXTENSIONS.plannedEndDate),
  ];
  return {
    expectedDischargeExtensions: extensions,
    keyAssessments: overrides.keyAssessments ?? DEFAULT_KEY_ASSESSMENTS,
  };
}
