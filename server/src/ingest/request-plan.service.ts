/**
 * The request plan this worker uses against the trust's FHIR server (docs/design.md section 8): the
 * features the CapabilityStatement declares, read at the first poll and again once per reconcile
 * interval, less any the server has refused at run time. A refusal (405, or 400/501 "not supported")
 * switches the feature off for this server once, with one log line, and the ward is read again at
 * once under the fallback: a server without `_revinclude` costs a few more searches, not a ward
 * failing forever. A refusal outweighs the statement until the statement is next read (the server's
 * behaviour is the better witness); then the feature is tried again, as the server may have been
 * upgraded: at worst one refused request an interval.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ALL_FEATURES,
  describeFeatures,
  featuresFromCapabilityStatement,
  wardSource,
  type SearchFeature,
  type SearchFeatures,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';

/** A search the server refused as not supported, with the plan features it used. */
export class PlanRefusal extends Error {
  constructor(
    readonly features: readonly SearchFeature[],
    readonly refusal: FhirRequestError,
  ) {
    super(refusal.message);
    this.name = 'PlanRefusal';
  }
}

/** The parameter whose name in a refusal names the feature refused (servers say it in diagnostics, if at all). */
const PARAMETER_OF: Array<[SearchFeature, string]> = [
  ['revinclude', '_revinclude'],
  ['lastUpdated', '_lastUpdated'],
  ['encounterDate', 'date'],
  ['encounterClass', 'class'],
  ['observationDate', 'date'],
  ['observationCode', 'code'],
  ['serviceRequests', 'ServiceRequest'],
  ['medicationRequests', 'MedicationRequest'],
];

/**
 * Which features to switch off after a refusal of a request that used `used`. A 405 refuses the
 * method. Otherwise the parameters the server's words name, read only before any list of what it
 * does take (HAPI: 'Unknown search parameter "class" ... Valid search parameters ... are: [date,
 * ...]'). When it names none: POST search first, then `_revinclude` and `_lastUpdated` (costing
 * requests only), and never the date or code filters, whose loss would read whole histories.
 */
export function refusedFeatures(error: FhirRequestError, used: readonly SearchFeature[]): SearchFeature[] {
  if (error.details.status === 405) return used.includes('postSearch') ? ['postSearch'] : [];
  const words = (error.details.issues ?? [])
    .map((i) => (i.diagnostics ?? '').split(/\b(valid|supported|allowed) (search )?parameters/i)[0] ?? '')
    .join(' ');
  const named = PARAMETER_OF.filter(
    ([feature, param]) =>
      used.includes(feature) &&
      new RegExp(`(^|[^A-Za-z_])${param}([^A-Za-z_]|$)`, param === 'date' ? '' : 'i').test(words),
  ).map(([feature]) => feature);
  if (named.length > 0) return named;
  if (used.includes('postSearch')) return ['postSearch'];
  return used.filter((f) => f === 'revinclude' || f === 'lastUpdated');
}

/** The CapabilityStatement is read at most this often, whatever FHIR_RECONCILE_INTERVAL says. */
export const MIN_STATEMENT_INTERVAL_MS = 5 * 60_000;

export interface PlanReport {
  plan: string;
  features: SearchFeatures;
  /** Why features are off: the statement's notes and each refusal seen. */
  notes: string[];
  /** When the CapabilityStatement was last read (UTC ISO), or null when never. */
  statementReadAt: string | null;
  /** What this server's wards are keyed by (FHIR_SOURCE_ID, else the base URL). */
  source: string;
}

@Injectable()
export class RequestPlanService {
  private readonly logger = new Logger(RequestPlanService.name);
  private declared: SearchFeatures = { ...ALL_FEATURES };
  private declaredNotes: string[] = [];
  private readonly refused = new Map<SearchFeature, string>();
  private statementReadAt: number | null = null;
  private reading: Promise<void> | null = null;

  constructor(
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The features to use now. */
  current(): SearchFeatures {
    const features = { ...this.declared };
    for (const feature of this.refused.keys()) features[feature] = false;
    return features;
  }

  /**
   * Reads the CapabilityStatement when never read or older than the reconcile interval (at least
   * MIN_STATEMENT_INTERVAL_MS, so a reconcile interval of 0 does not read it before every poll);
   * one read at a time.
   */
  async ensureFresh(): Promise<void> {
    const now = this.clock();
    const interval = Math.max(this.config.fhirReconcileIntervalMs, MIN_STATEMENT_INTERVAL_MS);
    if (this.statementReadAt !== null && now - this.statementReadAt < interval) return;
    this.reading ??= this.readStatement().finally(() => {
      this.reading = null;
    });
    await this.reading;
  }

  /**
   * Switches features off after a refusal. False when there is nothing to switch off (the refusal is
   * then a real failure); true when they are off now, whether this call or a ward read alongside
   * switched them (several wards are read at once, and each meets the refusal).
   */
  switchOff(features: readonly SearchFeature[], refusal: FhirRequestError): boolean {
    if (features.length === 0) return false;
    const fresh = features.filter((f) => !this.refused.has(f));
    if (fresh.length === 0) return true;
    for (const feature of fresh) this.refused.set(feature, refusal.message);
    this.logger.warn(
      `FHIR server refused ${fresh.join(', ')} (${refusal.message}): using the fallback from now on. Plan: ${describeFeatures(this.current())}`,
    );
    return true;
  }

  report(): PlanReport {
    return {
      plan: describeFeatures(this.current()),
      features: this.current(),
      notes: [
        ...this.declaredNotes,
        ...[...this.refused].map(([feature, why]) => `${feature} refused at run time: ${why}`),
      ],
      statementReadAt: this.statementReadAt === null ? null : new Date(this.statementReadAt).toISOString(),
      source: wardSource(this.config.fhirSourceId, this.fhir.baseUrl),
    };
  }

  private async readStatement(): Promise<void> {
    const at = this.clock();
    try {
      const { features, notes } = featuresFromCapabilityStatement(await this.fhir.capabilities());
      const changed = describeFeatures(features) !== describeFeatures(this.declared) || this.statementReadAt === null;
      this.declared = features;
      this.declaredNotes = notes;
      // A server upgraded since a refusal gets its chance again: at worst one refused request an interval.
      this.refused.clear();
      if (changed)
        this.logger.log(
          `FHIR request plan: ${describeFeatures(this.current())}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
        );
    } catch (error) {
      // Without a statement the plan stays as it was; refusals still teach it. Tried again next interval.
      this.logger.warn(`Could not read the FHIR CapabilityStatement: ${(error as Error).message}`);
      this.declaredNotes = [`CapabilityStatement unreadable: ${(error as Error).message}`];
    }
    this.statementReadAt = at;
  }
}
