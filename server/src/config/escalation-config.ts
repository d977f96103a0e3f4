/**
 * WARDS_CONFIG `escalation`: the escalation rules (the shared defaults with the trust's overrides)
 * and, optionally, whom to email per site when one is raised. Called from wards-config.ts, which
 * prefixes each problem with the file; every problem names its field.
 */
import { ESCALATION_RULE_KINDS, escalationRulesWith, type EscalationRule } from '@wardflow/shared';
import { z } from 'zod';
import { validate, within } from '../core/validate.js';

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected lower-case letters, digits and "-"'),
    kind: z.enum(ESCALATION_RULE_KINDS as [string, ...string[]]).optional(),
    threshold: z.number().finite().optional(),
    enabled: z.boolean().optional(),
    label: z.string().min(1).max(80).optional(),
  })
  .strict();

const notifySchema = z
  .object({
    siteId: z.string().min(1).max(128),
    email: z.email('expected an email address'),
  })
  .strict();

const escalationSchema = z
  .object({
    rules: z.array(ruleSchema).default([]),
    notify: z.array(notifySchema).default([]),
  })
  .strict();

export interface EscalationNotify {
  siteId: string;
  email: string;
}

export interface EscalationConfig {
  rules: EscalationRule[];
  /** Site managers to email once per raised escalation on their site; empty: no email. */
  notify: EscalationNotify[];
}

export const DEFAULT_ESCALATION_CONFIG: EscalationConfig = { rules: escalationRulesWith([]).rules, notify: [] };

/** The `escalation` section (absent: the defaults), or problems naming each bad field. */
export function readEscalationConfig(raw: unknown): { config: EscalationConfig; problems: string[] } {
  if (raw === undefined) return { config: DEFAULT_ESCALATION_CONFIG, problems: [] };
  const parsed = validate(escalationSchema, raw, within('escalation'));
  if (!parsed.ok) return { config: DEFAULT_ESCALATION_CONFIG, problems: parsed.problems };
  const { rules, problems } = escalationRulesWith(
    parsed.data.rules.map((r) => ({
      id: r.id,
      ...(r.kind === undefined ? {} : { kind: r.kind as EscalationRule['kind'] }),
      ...(r.threshold === undefined ? {} : { threshold: r.threshold }),
      ...(r.enabled === undefined ? {} : { enabled: r.enabled }),
      ...(r.label === undefined ? {} : { label: r.label }),
    })),
  );
  if (problems.length > 0) return { config: DEFAULT_ESCALATION_CONFIG, problems };
  return { config: { rules, notify: parsed.data.notify }, problems: [] };
}
