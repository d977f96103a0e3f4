/**
 * Escalation rules as data (docs/design.md sections 1 and 9: "escalations raised automatically when thresholds are
 * crossed"). Each kind has one meaning for its threshold, a unit and a default; a trust overrides the
 * threshold, label or switch of a rule, or adds another rule of a kind, in WARDS_CONFIG
 * `escalation.rules` (validated by the server at start-up against the limits below).
 */

/** What a rule watches. Ward-level kinds have the ward as subject; the others one bed or patient each. */
export type EscalationRuleKind =
  | 'occupancy'
  | 'composite'
  | 'past-expected-discharge'
  | 'cleaning-long'
  | 'news2'
  | 'awol'
  | 'mha-section-expiry'
  | 'mha-rights'
  | 'mha-leave-overdue';

export interface EscalationRule {
  /** Stable id, stored with every escalation raised by the rule: renaming one resolves its open escalations and raises new ones. */
  id: string;
  kind: EscalationRuleKind;
  /** The number the condition is compared with; its meaning and unit are the kind's (`ESCALATION_KINDS`). */
  threshold: number;
  enabled: boolean;
  /** What a bed manager reads: "Occupancy above 95%". */
  label: string;
}

export interface EscalationKindInfo {
  /** Whether each escalation is about the ward, or one bed or patient on it. */
  level: 'ward' | 'patient';
  /** What the threshold means, for validation messages and the README. */
  thresholdMeaning: string;
  min: number;
  max: number;
  /** Higher is more urgent: the wall screen names the most urgent open escalation first. */
  urgency: number;
}

export const ESCALATION_KINDS: Readonly<Record<EscalationRuleKind, EscalationKindInfo>> = Object.freeze({
  news2: { level: 'patient', thresholdMeaning: 'raised at a NEWS2 score of this or more', min: 1, max: 20, urgency: 6 },
  awol: {
    level: 'patient',
    thresholdMeaning: 'raised when absent without leave for more than this many hours (0: at once)',
    min: 0,
    max: 168,
    urgency: 5,
  },
  composite: {
    level: 'ward',
    thresholdMeaning: 'raised at a composite safety score of this or more (the red band starts at 40)',
    min: 1,
    max: 100,
    urgency: 4,
  },
  occupancy: {
    level: 'ward',
    thresholdMeaning: 'raised when occupied beds are above this percentage of open beds',
    min: 0,
    max: 200,
    urgency: 3,
  },
  'cleaning-long': {
    level: 'patient',
    thresholdMeaning: 'raised when a bed has been in cleaning for more than this many hours',
    min: 0.25,
    max: 168,
    urgency: 2,
  },
  'past-expected-discharge': {
    level: 'patient',
    thresholdMeaning: 'raised when the expected discharge date is more than this many days before today (London)',
    min: 0,
    max: 365,
    urgency: 1,
  },
  'mha-leave-overdue': {
    level: 'patient',
    thresholdMeaning:
      'raised when a patient on section 17 leave is this many hours past the time due back (0: at once)',
    min: 0,
    max: 72,
    urgency: 5,
  },
  'mha-section-expiry': {
    level: 'patient',
    thresholdMeaning: 'raised this many days before a Mental Health Act section ends, and when it has lapsed unrenewed',
    min: 0,
    max: 90,
    urgency: 4,
  },
  'mha-rights': {
    level: 'patient',
    thresholdMeaning: 'raised when section 132 rights are this many hours past due (0: once due)',
    min: 0,
    max: 720,
    urgency: 2,
  },
});

export const ESCALATION_RULE_KINDS = Object.keys(ESCALATION_KINDS) as EscalationRuleKind[];

/** The defaults: one rule per kind. */
export const DEFAULT_ESCALATION_RULES: readonly EscalationRule[] = Object.freeze([
  { id: 'occupancy-high', kind: 'occupancy', threshold: 95, enabled: true, label: 'Occupancy above 95%' },
  { id: 'composite-red', kind: 'composite', threshold: 40, enabled: true, label: 'Ward red on the safety composite' },
  {
    id: 'past-expected-discharge',
    kind: 'past-expected-discharge',
    threshold: 0,
    enabled: true,
    label: 'Patient past expected discharge',
  },
  { id: 'cleaning-long', kind: 'cleaning-long', threshold: 2, enabled: true, label: 'Bed in cleaning over 2 hours' },
  { id: 'news2-high', kind: 'news2', threshold: 7, enabled: true, label: 'NEWS2 of 7 or more' },
  { id: 'awol', kind: 'awol', threshold: 0, enabled: true, label: 'Patient absent without leave' },
  {
    id: 'mha-section-7d',
    kind: 'mha-section-expiry',
    threshold: 7,
    enabled: true,
    label: 'Mental Health Act section ends within 7 days',
  },
  {
    id: 'mha-section-1d',
    kind: 'mha-section-expiry',
    threshold: 1,
    enabled: true,
    label: 'Mental Health Act section ends within a day',
  },
  {
    id: 'mha-rights-overdue',
    kind: 'mha-rights',
    threshold: 0,
    enabled: true,
    label: 'Section 132 rights not given in time',
  },
  {
    id: 'mha-leave-overdue',
    kind: 'mha-leave-overdue',
    threshold: 0,
    enabled: true,
    label: 'Section 17 leave: return overdue',
  },
]);

/** A rule as WARDS_CONFIG may give it: a default's id with some fields changed, or a new rule in full. */
export interface EscalationRuleOverride {
  id: string;
  kind?: EscalationRuleKind;
  threshold?: number;
  enabled?: boolean;
  label?: string;
}

/**
 * The defaults with the trust's overrides applied, and every problem named by rule: an override of a
 * default may not change its kind, a new rule needs kind, threshold and label, thresholds stay within
 * the kind's range, ids are unique.
 */
export function escalationRulesWith(overrides: readonly EscalationRuleOverride[]): {
  rules: EscalationRule[];
  problems: string[];
} {
  const problems: string[] = [];
  const rules = DEFAULT_ESCALATION_RULES.map((r) => ({ ...r }));
  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    const where = `escalation.rules.${i} (${o.id})`;
    if (seen.has(o.id)) problems.push(`${where}: the id appears twice`);
    seen.add(o.id);
    const existing = rules.find((r) => r.id === o.id);
    if (existing !== undefined) {
      if (o.kind !== undefined && o.kind !== existing.kind)
        problems.push(`${where}: a default rule keeps its kind ${existing.kind}; give a new id for a ${o.kind} rule`);
      Object.assign(existing, {
        ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
        ...(o.enabled === undefined ? {} : { enabled: o.enabled }),
        ...(o.label === undefined ? {} : { label: o.label }),
      });
      return;
    }
    if (o.kind === undefined || o.threshold === undefined || o.label === undefined) {
      problems.push(
        `${where}: a new rule needs kind (one of ${ESCALATION_RULE_KINDS.join(', ')}), threshold and label`,
      );
      return;
    }
    rules.push({ id: o.id, kind: o.kind, threshold: o.threshold, enabled: o.enabled ?? true, label: o.label });
  });
  for (const rule of rules) {
    const info = ESCALATION_KINDS[rule.kind];
    if (!(rule.threshold >= info.min && rule.threshold <= info.max)) {
      problems.push(
        `escalation.rules (${rule.id}): threshold ${rule.threshold} is outside ${info.min}-${info.max} for ${rule.kind} (${info.thresholdMeaning})`,
      );
    }
  }
  return { rules, problems };
}
