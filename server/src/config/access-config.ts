/**
 * WARDS_CONFIG `access` and `wards`: how the identity provider's claims become Wardflow roles and
 * scopes (SEC-2), and each ward's wall-screen display options (SEC-1). Called from wards-config.ts,
 * which prefixes each problem with the file; every problem names its field. Ward and site ids cannot
 * be checked here (they are discovered from FHIR later); start-up logs the ones FHIR does not know.
 */
import { ROLES, type ClaimMapping, type Ward } from '@wardflow/shared';
import { z } from 'zod';
import { validate, within } from '../core/validate.js';

const scopeList = z.union([z.literal('*'), z.array(z.string().min(1).max(128)).max(500)]);

const ruleSchema = z
  .object({
    value: z.string().min(1).max(256),
    role: z.enum(ROLES),
    wards: scopeList.optional(),
    sites: scopeList.optional(),
    /** Fields that must hold beside the value (CIS2: { "org_code": "<trust ODS code>" }). */
    requires: z
      .record(z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, 'expected a claim field name'), z.string().min(1).max(256))
      .optional(),
  })
  .strict();

const accessSchema = z
  .object({
    claim: z
      .string()
      .regex(
        /^[A-Za-z0-9_:-]+(\[\])?(\.[A-Za-z0-9_:-]+(\[\])?)*$/,
        'expected a claim path such as "groups", "realm_access.roles" or "nhsid_nrbac_roles[].role_code"',
      ),
    nameClaim: z.string().min(1).max(128).default('name'),
    rules: z.array(ruleSchema).min(1, 'map at least one claim value to a role'),
  })
  .strict();

export type WardDisplayOptions = Partial<Pick<Ward, 'displayLabel' | 'showMentalHealthAct'>> & {
  /** The trust does not want this ward served (a day unit typed as a ward, a test ward): it is retired. */
  exclude?: boolean;
};

const wardOptionsSchema = z.record(
  z.string().min(1).max(128),
  z
    .object({
      /** "initials" (default) or "bed-only": a screen where the public can read it shows bed numbers only. */
      displayLabel: z.enum(['initials', 'bed-only']).optional(),
      /** Mental Health Act section on the wall screen: on by default (staff areas). */
      showMentalHealthAct: z.boolean().optional(),
      /** Not served: retired, its history kept (a ward discovery finds that the trust does not want on screens). */
      exclude: z.boolean().optional(),
    })
    .strict(),
);

/** The `access` section, or null when absent (the demo then maps its own demo users; a trust must configure it). */
export function readAccessConfig(raw: unknown): { mapping: ClaimMapping | null; problems: string[] } {
  if (raw === undefined) return { mapping: null, problems: [] };
  const parsed = validate(accessSchema, raw, within('access'));
  if (!parsed.ok) return { mapping: null, problems: parsed.problems };
  const mapping: ClaimMapping = {
    claim: parsed.data.claim,
    nameClaim: parsed.data.nameClaim,
    rules: parsed.data.rules.map((r) => ({
      value: r.value,
      role: r.role,
      ...(r.wards === undefined ? {} : { wards: r.wards }),
      ...(r.sites === undefined ? {} : { sites: r.sites }),
      ...(r.requires === undefined ? {} : { requires: r.requires }),
    })),
  };
  const unscoped = parsed.data.rules.flatMap((r, i) =>
    ['ward-staff', 'bed-manager', 'inpatient-lead'].includes(r.role) &&
    (r.wards ?? []).length === 0 &&
    (r.sites ?? []).length === 0
      ? [
          `access.rules.${i}: role ${r.role} needs "wards" or "sites" (or "*" for the whole trust): with neither it would see nothing`,
        ]
      : [],
  );
  return { mapping: unscoped.length > 0 ? null : mapping, problems: unscoped };
}

/** The `wards` section: display options per ward id. */
export function readWardDisplayOptions(raw: unknown): {
  options: Record<string, WardDisplayOptions>;
  problems: string[];
} {
  if (raw === undefined) return { options: {}, problems: [] };
  const parsed = validate(wardOptionsSchema, raw, within('wards'));
  if (!parsed.ok) return { options: {}, problems: parsed.problems };
  return { options: parsed.data, problems: [] };
}

/** A discovered ward with the trust's display options applied. */
export function withDisplayOptions(ward: Ward, options: Record<string, WardDisplayOptions>): Ward {
  const own = options[ward.id];
  if (own === undefined) return ward;
  const { exclude: _exclude, ...display } = own;
  return { ...ward, ...display };
}

/** Wards WARDS_CONFIG excludes from service. */
export function excludedWards(options: Record<string, WardDisplayOptions>): Set<string> {
  return new Set(
    Object.entries(options)
      .filter(([, own]) => own.exclude === true)
      .map(([id]) => id),
  );
}
