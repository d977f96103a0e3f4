/**
 * WARDS_CONFIG: the trust's own file (JSON) of what cannot be discovered from FHIR. It is read once at
 * start-up, by app-config.ts, and a mistake stops the process with the file, the field and what was
 * expected, so the trust's IT team can fix it before a screen shows anything.
 *
 * This part holds the FHIR reading rules (local expected-discharge extensions, key assessments);
 * wards, thresholds and leads join it as those features arrive.
 */
import { readJsonFile } from './read-json-file.js';
import {
  BED_STATUSES,
  DEFAULT_MEASURES,
  OPTIONAL_MEASURES,
  DISCHARGE_DELAY_REASONS,
  ISOLATION_KINDS,
  MHA_EVENTS,
  type IsolationKind,
  type mhaRulesWith,
  type ClaimMapping,
  heatmapMeasures,
  ingestRulesWith,
  measuresFor,
  type HeatmapMeasure,
  type IngestRules,
  type MeasureDefinition,
  type ThresholdOverrides,
  type Ward,
  type WardProfile,
} from '@wardflow/shared';
import { z } from 'zod';
import { DEFAULT_ESCALATION_CONFIG, readEscalationConfig, type EscalationConfig } from './escalation-config.js';
import { readAccessConfig, readWardDisplayOptions, type WardDisplayOptions } from './access-config.js';
import { EMPTY_DIGEST_RECIPIENTS, readDigestRecipients, type DigestRecipientsConfig } from './leads-config.js';
import { validate } from '../core/validate.js';

const systemAndCode = z
  .string()
  .regex(/^[^|\s]+\|[^|\s]+$/, 'expected "system|code", e.g. "http://snomed.info/sct|225338004"');
const absoluteUrl = z.string().refine((s) => URL.canParse(s), 'expected an absolute URL');

const keyAssessmentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'expected lower-case letters, digits and "-"'),
    label: z.string().min(1).max(60),
    profiles: z.array(z.enum(['mental-health', 'acute'])).min(1),
    codes: z.array(systemAndCode).default([]),
    questionnaires: z.array(absoluteUrl).default([]),
    firstDueHours: z
      .number()
      .min(0)
      .max(24 * 90),
    repeatEveryHours: z
      .number()
      .positive()
      .max(24 * 366)
      .nullable(),
  })
  .strict()
  .refine(
    (a) => a.codes.length + a.questionnaires.length > 0,
    'an assessment needs at least one code or questionnaire to be recognised by',
  );

const thresholdOverrides = z.record(
  z.string(),
  z.object({ amber: z.number().optional(), red: z.number().optional(), weight: z.number().min(0).optional() }).strict(),
);

const wardsConfigSchema = z
  .object({
    /** Per profile: measure id -> amber/red/weight (docs/design.md section 6: thresholds are data, not code). */
    thresholds: z
      .object({ 'mental-health': thresholdOverrides.optional(), acute: thresholdOverrides.optional() })
      .strict()
      .optional(),
    /** Per ward (FHIR Location id): overrides on top of its profile's. */
    wardThresholds: z.record(z.string(), thresholdOverrides).optional(),
    expectedDischargeExtensions: z.array(absoluteUrl).default([]),
    keyAssessments: z
      .array(keyAssessmentSchema)
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'assessment ids must be unique')
      .optional(),
    /** Infection alerts: a default's id adds the trust's codes to it; a new id adds an alert. */
    infectionAlerts: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/, 'expected lower-case letters, digits and "-"'),
            label: z.string().min(1).max(24),
            codes: z.array(systemAndCode).min(1),
          })
          .strict(),
      )
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'infection alert ids must be unique')
      .optional(),
    /** Codes that say isolation is required, by precaution, added to the local ones. */
    isolationCodes: z
      .object(Object.fromEntries(ISOLATION_KINDS.map((kind) => [kind, z.array(systemAndCode).optional()])))
      .strict()
      .optional(),
    /** The PAS's own bed-state codes ("system|code") and the status each means. */
    bedStatusCodes: z.record(systemAndCode, z.enum(BED_STATUSES.filter((s) => s !== 'unknown'))).optional(),
    /** Mental Health Act deadlines: the trust's codes for each event, and the days that make a date due. */
    mentalHealthAct: z
      .object({
        codes: z
          .object(Object.fromEntries(MHA_EVENTS.map((event) => [event, z.array(systemAndCode).optional()])))
          .strict()
          .optional(),
        warnDays: z.number().min(0).max(90).optional(),
        urgentDays: z.number().min(0).max(30).optional(),
        rightsWithinDays: z.number().min(0).max(30).optional(),
        rightsRepeatDays: z.number().positive().max(366).nullable().optional(),
        lapsedLookbackDays: z.number().min(0).max(90).optional(),
      })
      .strict()
      .refine((m) => (m.urgentDays ?? 1) <= (m.warnDays ?? 7), 'urgentDays must not be more than warnDays')
      .optional(),
    /** Observation plans: the trust's codes for NEWS2 observations in a care plan or order, and for a recorded frequency. */
    observationPlans: z
      .object({
        planCodes: z.array(systemAndCode).optional(),
        frequencyCodes: z.array(systemAndCode).optional(),
      })
      .strict()
      .optional(),
    /**
     * Discharge readiness: the trust's codes for the readiness review, its values, the ready date, the
     * pathway and reasons for delay, its pathway and reason codes mapped to the national ones, and
     * Encounter extensions carrying the discharge-ready date.
     */
    dischargeReadiness: z
      .object({
        readinessCodes: z.array(systemAndCode).optional(),
        readyValues: z.array(systemAndCode).optional(),
        notReadyValues: z.array(systemAndCode).optional(),
        readyDateCodes: z.array(systemAndCode).optional(),
        pathwayCodes: z.array(systemAndCode).optional(),
        pathwayValues: z
          .record(systemAndCode, z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]))
          .optional(),
        delayReasonCodes: z.array(systemAndCode).optional(),
        delayReasons: z.record(systemAndCode, z.enum(DISCHARGE_DELAY_REASONS)).optional(),
        readyDateExtensions: z.array(absoluteUrl).optional(),
      })
      .strict()
      .optional(),
    /**
     * VTE: the trust's codes for the risk assessment (or its questionnaire), its outcomes and the
     * prophylaxis prescribed, medicine names matched in prescriptions, the hours it is due within and
     * the ward profiles assessed.
     */
    vte: z
      .object({
        assessmentCodes: z.array(systemAndCode).optional(),
        assessmentQuestionnaires: z.array(absoluteUrl).optional(),
        indicatedCodes: z.array(systemAndCode).optional(),
        notIndicatedCodes: z.array(systemAndCode).optional(),
        contraindicatedCodes: z.array(systemAndCode).optional(),
        prophylaxisCodes: z.array(systemAndCode).optional(),
        prophylaxisNames: z
          .array(z.string().regex(/^[A-Za-z][A-Za-z -]{2,40}$/, 'expected a medicine name'))
          .optional(),
        withinHours: z.number().positive().max(72).optional(),
        profiles: z.array(z.enum(['mental-health', 'acute'])).optional(),
      })
      .strict()
      .optional(),
    /**
     * Expected arrivals: how many hours ahead a planned admission or transfer is shown, how many
     * minutes past its time it is called late, and the trust's admit source codes in words
     * ("system|code" -> "ED").
     */
    expectedArrivals: z
      .object({
        horizonHours: z.number().positive().max(168).optional(),
        lateAfterMinutes: z
          .number()
          .min(0)
          .max(24 * 60)
          .optional(),
        admitSources: z.record(systemAndCode, z.string().trim().min(1).max(40)).optional(),
      })
      .strict()
      .optional(),
    /** Escalation rules and site managers to email (escalation-config.ts validates the inside). */
    escalation: z.unknown().optional(),
    /** The identity provider's claim -> role and scope mapping (access-config.ts validates the inside). */
    access: z.unknown().optional(),
    /** Per ward (FHIR Location id): wall-screen display options (access-config.ts). */
    wards: z.unknown().optional(),
    /** The interim username/password sign-in is gone: say what replaced it rather than "unknown key". */
    users: z
      .undefined({
        error:
          'the username/password sign-in was replaced by OpenID Connect: remove "users" and map your identity provider\'s groups to roles in "access"',
      })
      .optional(),
    /** Inpatient leads for the weekly digest and the email domains allowed (leads-config.ts validates both). */
    leads: z.unknown().optional(),
    emailDomains: z.unknown().optional(),
  })
  .strict();

export interface WardsConfig {
  ingestRules: IngestRules;
  thresholds: MeasureOverrides;
  escalation: EscalationConfig;
  /** Null when WARDS_CONFIG has no `access` section. */
  access: ClaimMapping | null;
  wardDisplay: Record<string, WardDisplayOptions>;
  digest: DigestRecipientsConfig;
}

export interface MeasureOverrides {
  profiles: Partial<Record<WardProfile, ThresholdOverrides>>;
  wards: Record<string, ThresholdOverrides>;
}

/** The measure definitions for a ward: its profile's defaults, then the trust's profile overrides, then the ward's. */
export function measureDefinitionsFor(
  overrides: MeasureOverrides,
  ward: Pick<Ward, 'id' | 'profile'>,
): MeasureDefinition[] {
  return measuresFor(ward.profile, overrides.profiles[ward.profile] ?? {}, overrides.wards[ward.id] ?? {});
}

/** The heat map's columns for the trust: every measure of either profile, with the trust's profile overrides. */
export function trustHeatmapMeasures(overrides: MeasureOverrides): HeatmapMeasure[] {
  return heatmapMeasures({
    'mental-health': measuresFor('mental-health', overrides.profiles['mental-health'] ?? {}),
    acute: measuresFor('acute', overrides.profiles.acute ?? {}),
  });
}

/** Every override must make sense where it can apply; problems name the field. */
function thresholdProblems(path: string, overrides: MeasureOverrides): string[] {
  const problems: string[] = [];
  for (const profile of ['mental-health', 'acute'] as const) {
    try {
      measuresFor(profile, overrides.profiles[profile] ?? {});
    } catch (error) {
      problems.push(`WARDS_CONFIG: ${path}: thresholds.${profile}: ${(error as Error).message}`);
    }
  }
  for (const [wardId, own] of Object.entries(overrides.wards)) {
    // The ward's profile comes from FHIR later: the override must fit a profile that has all its measures.
    const fits = (['mental-health', 'acute'] as const).filter((p) =>
      Object.keys(own).every((id) => [...DEFAULT_MEASURES[p], ...OPTIONAL_MEASURES[p]].some((d) => d.id === id)),
    );
    if (fits.length === 0)
      problems.push(
        `WARDS_CONFIG: ${path}: wardThresholds.${wardId}: measure ids not in either profile: ${Object.keys(own).join(', ')}`,
      );
    for (const profile of fits) {
      try {
        measuresFor(profile, overrides.profiles[profile] ?? {}, own);
      } catch (error) {
        problems.push(`WARDS_CONFIG: ${path}: wardThresholds.${wardId}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** Reads and validates the file; returns problems (each naming the field) instead of throwing. */
export function readWardsConfig(path: string | undefined): { config: WardsConfig; problems: string[] } {
  const fallback: WardsConfig = {
    ingestRules: ingestRulesWith({}),
    thresholds: { profiles: {}, wards: {} },
    escalation: DEFAULT_ESCALATION_CONFIG,
    access: null,
    wardDisplay: {},
    digest: EMPTY_DIGEST_RECIPIENTS,
  };
  if (path === undefined) return { config: fallback, problems: [] };
  const file = readJsonFile('WARDS_CONFIG', path);
  if ('problem' in file) return { config: fallback, problems: [file.problem] };
  const { json } = file;
  const parsed = validate(wardsConfigSchema, json, (at) => `WARDS_CONFIG: ${path}: ${at || '(top level)'}`);
  if (!parsed.ok) return { config: fallback, problems: parsed.problems };
  const thresholds: MeasureOverrides = {
    profiles: {
      ...(parsed.data.thresholds?.['mental-health']
        ? { 'mental-health': parsed.data.thresholds['mental-health'] }
        : {}),
      ...(parsed.data.thresholds?.acute ? { acute: parsed.data.thresholds.acute } : {}),
    },
    wards: parsed.data.wardThresholds ?? {},
  };
  const escalation = readEscalationConfig(parsed.data.escalation);
  const access = readAccessConfig(parsed.data.access);
  const display = readWardDisplayOptions(parsed.data.wards);
  const digest = readDigestRecipients(parsed.data.leads, parsed.data.emailDomains);
  const problems = [
    ...thresholdProblems(path, thresholds),
    ...[...escalation.problems, ...access.problems, ...display.problems, ...digest.problems].map(
      (p) => `WARDS_CONFIG: ${path}: ${p}`,
    ),
  ];
  if (problems.length > 0) return { config: fallback, problems };
  return {
    config: {
      thresholds,
      escalation: escalation.config,
      access: access.mapping,
      wardDisplay: display.options,
      digest: digest.config,
      ingestRules: ingestRulesWith({
        expectedDischargeExtensions: parsed.data.expectedDischargeExtensions,
        ...(parsed.data.keyAssessments === undefined ? {} : { keyAssessments: parsed.data.keyAssessments }),
        ...(parsed.data.infectionAlerts === undefined ? {} : { infectionAlerts: parsed.data.infectionAlerts }),
        ...(parsed.data.isolationCodes === undefined
          ? {}
          : { isolationCodes: parsed.data.isolationCodes as Partial<Record<IsolationKind, string[]>> }),
        ...(parsed.data.bedStatusCodes === undefined ? {} : { bedStatusCodes: parsed.data.bedStatusCodes }),
        ...(parsed.data.observationPlans === undefined ? {} : { observationPlans: parsed.data.observationPlans }),
        ...(parsed.data.dischargeReadiness === undefined ? {} : { dischargeReadiness: parsed.data.dischargeReadiness }),
        ...(parsed.data.vte === undefined ? {} : { vte: parsed.data.vte }),
        ...(parsed.data.expectedArrivals === undefined ? {} : { expectedArrivals: parsed.data.expectedArrivals }),
        ...(parsed.data.mentalHealthAct === undefined
          ? {}
          : { mentalHealthAct: parsed.data.mentalHealthAct as Parameters<typeof mhaRulesWith>[0] }),
      }),
    },
    problems: [],
  };
}
