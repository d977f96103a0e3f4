/**
 * WARDS_CONFIG: the trust's own file (JSON) of what cannot be discovered from FHIR. It is read once at
 * start-up, by app-config.ts, and a mistake stops the process with the file, the field and what was
 * expected, so the trust's IT team can fix it before a screen shows anything.
 *
 * This part holds the FHIR reading rules (local expected-discharge extensions, key assessments);
 * wards, thresholds and leads join it as those features arrive.
 */
import { readFileSync } from 'node:fs';
import { ingestRulesWith, type IngestRules } from '@wardflow/shared';
import { z } from 'zod';

const systemAndCode = z.string().regex(/^[^|\s]+\|[^|\s]+$/, 'expected "system|code", e.g. "http://snomed.info/sct|225338004"');
const absoluteUrl = z.string().refine((s) => URL.canParse(s), 'expected an absolute URL');

const keyAssessmentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'expected lower-case letters, digits and "-"'),
    label: z.string().min(1).max(60),
    profiles: z.array(z.enum(['mental-health', 'acute'])).min(1),
    codes: z.array(systemAndCode).default([]),
    questionnaires: z.array(absoluteUrl).default([]),
    firstDueHours: z.number().min(0).max(24 * 90),
    repeatEveryHours: z.number().positive().max(24 * 366).nullable(),
  })
  .strict()
  .refine((a) => a.codes.length + a.questionnaires.length > 0, 'an assessment needs at least one code or questionnaire to be recognised by');

const wardsConfigSchema = z
  .object({
    expectedDischargeExtensions: z.array(absoluteUrl).default([]),
    keyAssessments: z
      .array(keyAssessmentSchema)
      .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'assessment ids must be unique')
      .optional(),
  })
  .strict();

export interface WardsConfig {
  ingestRules: IngestRules;
}

/** Reads and validates the file; returns problems (each naming the field) instead of throwing. */
export function readWardsConfig(path: string | undefined): { config: WardsConfig; problems: string[] } {
  const fallback: WardsConfig = { ingestRules: ingestRulesWith({}) };
  if (path === undefined) return { config: fallback, problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? `not valid JSON (${error.message})` : `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { config: fallback, problems: [`WARDS_CONFIG: ${path}: ${why}`] };
  }
  const parsed = wardsConfigSchema.safeParse(json);
  if (!parsed.success) {
    return {
      config: fallback,
      problems: parsed.error.issues.map((issue) => `WARDS_CONFIG: ${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`),
    };
  }
  return {
    config: {
      ingestRules: ingestRulesWith({
        expectedDischargeExtensions: parsed.data.expectedDischargeExtensions,
        ...(parsed.data.keyAssessments === undefined ? {} : { keyAssessments: parsed.data.keyAssessments }),
      }),
    },
    problems: [],
  };
}
