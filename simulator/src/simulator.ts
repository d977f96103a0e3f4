/**
 * The FHIR R4 simulator: a synthetic NHS trust (sites, wards, beds, inpatients, NEWS2) in
 * Medplum's in-memory repository, served as real FHIR REST on its own port so the ingest code reads
 * it exactly as it would read a trust's server. `evolve()` moves the trust on: admissions,
 * discharges, transfers, new NEWS2 readings, the clinical items of clinical.generator.ts and key-assessment.generator.ts, and
 * each ward's incidents and staffing (ward-context.generator.ts). With `historyDays` it also serves
 * the trust's past (history/history-fhir.ts): finished stays, incidents and staffing reports of each
 * ward's last days, for a reader to backfill from, with a truth table for tests.
 */
import { FhirRouter } from '@medplum/fhir-router';
import { loadFhirDefinitions } from './http/fhir-definitions.loader.js';
import { startFhirHttpServer } from './http/fhir-http.server.js';
import { IndexedMemoryRepository } from './http/indexed-memory.repository.js';
import { buildHistoryFhir, type HistoryTruthRow } from './history/history-fhir.js';
import type { ServerMode } from './http/capability-statement.builder.js';
import type { WardProfile } from './trust/news2.model.js';
import { readingLinkShaper } from './trust/reading-links.js';
import { PLAIN_SHAPES, type TrustShapes } from './trust/trust.model.js';
import { evolveTrust } from './trust/trust.evolver.js';
import { generateTrust } from './trust/trust.generator.js';

export interface SimulatorOptions {
  /** 0 or undefined = random free port; always bound to 127.0.0.1. */
  port?: number;
  /** Deterministic trust for a given seed (default 1). */
  seed?: number;
  /** Default 2. */
  sites?: number;
  /** Default 12, half mental-health, half acute, spread over the sites. */
  wards?: number;
  /** Inclusive range, default [20, 30]. */
  bedsPerWard?: [number, number];
  /** Clock (ms since epoch), default Date.now; tests pin it. */
  now?: () => number;
  /** If set, evolve() runs on this interval (the timer does not keep the process alive). Default null. */
  evolveEveryMs?: number | null;
  /** Max entries per page whatever _count asks (default 100), so clients must page. */
  pageSizeCap?: number;
  /** Where a failed timed evolve step is reported (default: standard error). */
  onError?: (message: string) => void;
  /**
   * The server's features: `full` (POST search, `_revinclude`, `_lastUpdated`) or `minimal` (GET only,
   * neither of the others), as many trusts' EPR facades are. Default full.
   */
  mode?: ServerMode;
  /**
   * The trust's data shapes: beds straight off wards or under bays and side rooms; readings linked to
   * the encounter or naming only the patient; `mixed` for some wards of each. Default flat and linked.
   */
  shapes?: Partial<TrustShapes>;
  /**
   * Days of past served as FHIR (finished stays, incidents, staffing reports), up to yesterday; default 0
   * (none), as building them takes a moment the tests that do not need them should not wait for.
   */
  historyDays?: number;
}

/** A ward of the simulated trust as its Location says: the id a FHIR client sees. */
export interface SimulatedWard {
  id: string;
  name: string;
  siteId: string;
  profile: WardProfile;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:41234/fhir/R4 (no trailing slash). */
  baseUrl: string;
  /** Advances the trust `steps` steps (default 1). */
  evolve(steps?: number): Promise<void>;
  /** HTTP requests served so far. */
  requestCount(): number;
  /** The trust's wards (the ward plan; wards are never added or removed as the trust evolves). */
  wards(): readonly SimulatedWard[];
  /** The server's mode, as its CapabilityStatement declares it. */
  mode: ServerMode;
  /** What the served past says per ward per date (census, movements, incidents, staffing); empty without history. */
  history(): readonly HistoryTruthRow[];
  close(): Promise<void>;
}

const BASE_PATH = '/fhir/R4';

/** Reference searches the ward screens make on every poll; indexed so they do not scan the trust. */
const REFERENCE_INDEXES = {
  Location: ['partof'],
  Encounter: ['location', 'subject'],
  Observation: ['encounter', 'subject', 'patient'],
  Flag: ['encounter', 'patient'],
  Task: ['encounter', 'patient'],
  CarePlan: ['encounter', 'patient'],
  RiskAssessment: ['encounter', 'patient'],
  AdverseEvent: ['location', 'subject'],
  MeasureReport: ['subject'],
  Procedure: ['encounter', 'patient'],
  QuestionnaireResponse: ['encounter', 'patient'],
  // Read with the patients (_revinclude) on every poll: unindexed, each patient's scan covers the whole trust.
  ServiceRequest: ['encounter', 'patient'],
  MedicationRequest: ['encounter', 'patient'],
} as const;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.now ?? Date.now;
  const bedsPerWard = options.bedsPerWard ?? [20, 30];
  if (bedsPerWard[0] < 1 || bedsPerWard[1] < bedsPerWard[0])
    throw new Error(`Invalid bedsPerWard: ${bedsPerWard.join('-')}`);
  const historyDays = options.historyDays ?? 0;
  if (!Number.isInteger(historyDays) || historyDays < 0) throw new Error(`Invalid historyDays: ${historyDays}`);
  const resourceTypes = loadFhirDefinitions();
  const startedMs = clock();
  const trust = generateTrust({
    seed: options.seed ?? 1,
    sites: options.sites ?? 2,
    wards: options.wards ?? 12,
    bedsPerWard,
    nowMs: startedMs,
    shapes: { ...PLAIN_SHAPES, ...options.shapes },
  });
  const repo = new IndexedMemoryRepository({
    clock,
    referenceIndexes: REFERENCE_INDEXES,
    shapeWrite: readingLinkShaper(trust.state.wards),
  });
  for (const resource of trust.resources) await repo.createResource(resource);
  // The past after the present: it is built around the seeded stays, and draws on streams of its own.
  const history = buildHistoryFhir({
    state: trust.state,
    resources: trust.resources,
    historyDays,
    nowMs: startedMs,
  });
  for (const resource of history.resources) await repo.createResource(resource);

  const http = await startFhirHttpServer({
    repo,
    router: new FhirRouter(),
    resourceTypes,
    port: options.port ?? 0,
    basePath: BASE_PATH,
    pageSizeCap: options.pageSizeCap ?? 100,
    clock,
    mode: options.mode ?? 'full',
  });

  // Steps run one at a time, whether from the timer or a caller, so no two interleave their writes.
  let queue: Promise<void> = Promise.resolve();
  const evolve = (steps = 1): Promise<void> => {
    const run = queue.then(async () => {
      for (let i = 0; i < steps; i++) await evolveTrust(repo, trust.state, clock());
    });
    queue = run.catch(() => undefined);
    return run;
  };

  let timer: NodeJS.Timeout | null = null;
  if (options.evolveEveryMs !== undefined && options.evolveEveryMs !== null) {
    timer = setInterval(() => {
      evolve().catch((error: unknown) => {
        const report = options.onError ?? ((message: string) => process.stderr.write(`${message}\n`));
        report(`Evolve step failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
    }, options.evolveEveryMs);
    timer.unref();
  }

  return {
    baseUrl: http.baseUrl,
    evolve,
    requestCount: http.requestCount,
    mode: options.mode ?? 'full',
    history: () => history.truth,
    wards: () => trust.state.wards.map(({ id, name, siteId, profile }) => ({ id, name, siteId, profile })),
    close: async () => {
      if (timer !== null) clearInterval(timer);
      await queue;
      await http.close();
    },
  };
}
