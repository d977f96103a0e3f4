import type {
  Bundle,
  CarePlan,
  Encounter,
  Flag,
  Location,
  Observation,
  Resource,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import {
  awolStatus,
  carePlanReview,
  computeNews2,
  currentLegalStatus,
  fallsRisk,
  latestGlucose,
  latestReportedNews2,
  DEFAULT_MHA_RULES,
  legalStatusFromEncounter,
  mhaDeadlines,
  observationLevel,
  openDelays,
} from '@wardflow/shared';
import { HOUR, INPATIENT, NOW, code, fetchJson, refId, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

const SNOMED = 'http://snomed.info/sct';
const LEVEL_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/observation-level';
const LEGAL_ENGLAND = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland';
const LEGAL_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus';
const REVIEW_EXTENSION = 'https://fhir.wardflow.org/StructureDefinition/careplan-review-date';
const MHA_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/mental-health-act';
const VITALS = ['9279-1', '59408-5', '85354-9', '8867-4', '8310-5', '3150-0', '3151-8'];
const OBSERVATION_CODES = [
  `${SNOMED}|1104051000000101`,
  'http://loinc.org|15074-8',
  `${LEVEL_SYSTEM}|`,
  `${LEGAL_ENGLAND}|`,
  ...VITALS.map((c) => `http://loinc.org|${c}`),
  `${SNOMED}|1104441000000107`,
  `${MHA_SYSTEM}|`,
].join(',');

interface WardData {
  ward: Location;
  profile: 'acute' | 'mental-health';
  encounters: Encounter[];
  included: Resource[];
  pages: Bundle[];
  observations: Observation[];
}

function revincludeParams(wardId: string, count = '100'): Record<string, string> {
  return {
    location: `Location/${wardId}`,
    status: 'in-progress,onleave',
    class: INPATIENT,
    _include: 'Encounter:subject',
    _count: count,
  };
}

/** The brief's search, with repeated _revinclude (URLSearchParams from a record cannot repeat keys). */
async function revincludeSearch(
  baseUrl: string,
  wardId: string,
  count = '100',
): Promise<{ matches: Resource[]; included: Resource[]; pages: Bundle[] }> {
  const query = new URLSearchParams(revincludeParams(wardId, count));
  for (const target of ['Flag:encounter', 'Task:encounter', 'CarePlan:encounter', 'RiskAssessment:encounter'])
    query.append('_revinclude', target);
  const all = { matches: [] as Resource[], included: [] as Resource[], pages: [] as Bundle[] };
  let url: string | undefined = `${baseUrl}/Encounter?${query.toString()}`;
  while (url !== undefined) {
    const response: { status: number; body: Bundle } = await fetchJson<Bundle>(url);
    const { status, body } = response;
    expect(status).toBe(200);
    all.pages.push(body);
    for (const entry of body.entry ?? [])
      (entry.search?.mode === 'include' ? all.included : all.matches).push(entry.resource as Resource);
    url = body.link?.find((l: { relation?: string }) => l.relation === 'next')?.url;
  }
  return all;
}

async function observationsOf(
  baseUrl: string,
  encounters: Encounter[],
  count = '100',
): Promise<{ matches: Observation[]; pages: Bundle[] }> {
  const result = await searchAll(
    baseUrl,
    'Observation',
    {
      encounter: encounters.map((e) => `Encounter/${e.id}`).join(','),
      code: OBSERVATION_CODES,
      date: `ge${new Date(NOW - 30 * 24 * HOUR).toISOString()}`,
      _sort: '-date',
      _count: count,
    },
    true,
  );
  return { matches: result.matches as Observation[], pages: result.pages };
}

async function loadWards(sim: RunningSimulator): Promise<WardData[]> {
  const out: WardData[] = [];
  for (const ward of await wardsOf(sim.baseUrl)) {
    const { matches, included, pages } = await revincludeSearch(sim.baseUrl, ward.id as string);
    const encounters = matches as Encounter[];
    out.push({
      ward,
      profile: code(ward.type?.[0]) === 'PHU' ? 'mental-health' : 'acute',
      encounters,
      included,
      pages,
      observations: (await observationsOf(sim.baseUrl, encounters)).matches,
    });
  }
  return out;
}

const of = <T extends Resource>(resources: readonly Resource[], type: T['resourceType'], encounterId?: string): T[] =>
  resources.filter(
    (r): r is T =>
      r.resourceType === type &&
      (encounterId === undefined ||
        refId((r as { encounter?: { reference?: string } }).encounter?.reference) === encounterId),
  );
const hasCoding = (
  concept: { coding?: { system?: string; code?: string }[] } | undefined,
  system: string,
  c?: string,
): boolean => concept?.coding?.some((x) => x.system === system && (c === undefined || x.code === c)) === true;
const forEncounter = (observations: Observation[], id: string): Observation[] =>
  observations.filter((o) => refId(o.encounter?.reference) === id);

describe("the simulator's clinical items", () => {
  let sim: RunningSimulator;
  let data: WardData[];

  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW });
    data = await loadWards(sim);
  });

  afterAll(async () => {
    await sim.close();
  });

  it('should publish NEWS2 totals whose seven sub-score components add up, some with a single parameter scoring 3', () => {
    let single3 = 0;
    for (const ward of data) {
      // A set recorded as not done (refused, asleep) is a total with no value: see the observation-plan tests.
      const totals = ward.observations.filter(
        (o) => hasCoding(o.code, SNOMED, '1104051000000101') && o.dataAbsentReason === undefined,
      );
      expect(totals.length).toBeGreaterThan(0);
      for (const total of totals) {
        expect(total.component).toHaveLength(7);
        const values = (total.component ?? []).map((c) => c.valueQuantity?.value as number);
        expect(values.reduce((s, v) => s + v, 0)).toBe(total.valueQuantity?.value);
        if (values.includes(3)) single3++;
      }
    }
    expect(single3).toBeGreaterThan(0);
  });

  it('should publish vital signs only for a few patients per acute ward, one set incomplete', () => {
    for (const ward of data.filter((w) => w.profile === 'acute')) {
      const vitalsOnly = ward.encounters.filter((e) => {
        const obs = forEncounter(ward.observations, e.id as string);
        return (
          obs.some((o) => hasCoding(o.code, 'http://loinc.org', '9279-1')) &&
          !obs.some((o) => hasCoding(o.code, SNOMED, '1104051000000101'))
        );
      });
      expect(vitalsOnly.length).toBeGreaterThanOrEqual(2);
      expect(vitalsOnly.length).toBeLessThanOrEqual(5);
    }
    for (const ward of data.filter((w) => w.profile === 'mental-health')) {
      expect(ward.observations.some((o) => hasCoding(o.code, 'http://loinc.org', '9279-1'))).toBe(false);
    }
  });

  it('should put every new resource type on every ward as its profile says', () => {
    let awol = 0;
    for (const ward of data) {
      const ids = new Set(ward.encounters.map((e) => e.id));
      const flags = of<Flag>(ward.included, 'Flag');
      const risks = of<RiskAssessment>(ward.included, 'RiskAssessment');
      const tasks = of<Task>(ward.included, 'Task');
      const plans = of<CarePlan>(ward.included, 'CarePlan');
      for (const r of [...flags, ...risks, ...tasks, ...plans]) {
        expect(ids.has(refId((r as Flag).encounter?.reference))).toBe(true);
        expect(((r as Flag).subject ?? (r as Task).for)?.reference).toMatch(/^Patient\//);
      }
      expect(risks.length).toBeGreaterThan(0);
      // Falls risk assessments, and on acute wards VTE risk assessments too (simulator.vte.test.ts).
      const VTE = 'https://fhir.wardflow.org/CodeSystem/vte';
      expect(
        risks.every(
          (r) =>
            (hasCoding(r.code, SNOMED, '414191008') ||
              (ward.profile === 'acute' && hasCoding(r.code, VTE, 'vte-risk-assessment'))) &&
            r.occurrenceDateTime !== undefined,
        ),
      ).toBe(true);
      expect(flags.some((f) => hasCoding(f.code, SNOMED, '129839007'))).toBe(true);
      expect(
        tasks.some(
          (t) =>
            ['requested', 'in-progress'].includes(t.status) &&
            hasCoding(t.code, 'https://fhir.wardflow.org/CodeSystem/delay-kind'),
        ),
      ).toBe(true);
      expect(tasks.every((t) => t.restriction?.period?.end !== undefined && t.businessStatus?.text !== undefined)).toBe(
        true,
      );
      expect(plans.some((p) => p.status === 'active' && p.extension?.some((e) => e.url === REVIEW_EXTENSION))).toBe(
        true,
      );
      const glucose = ward.observations.filter((o) => hasCoding(o.code, 'http://loinc.org', '15074-8'));
      expect(glucose.length).toBeGreaterThan(0);
      expect(glucose.every((g) => g.valueQuantity?.code === 'mmol/L')).toBe(true);
      const levels = ward.observations.filter((o) => hasCoding(o.code, LEVEL_SYSTEM));
      const awolFlags = flags.filter((f) =>
        hasCoding(f.code, 'https://fhir.wardflow.org/CodeSystem/ward-flag', 'awol'),
      );
      awol += awolFlags.length;
      if (ward.profile === 'mental-health') {
        const withLevel = new Set(levels.map((o) => refId(o.encounter?.reference)));
        expect(ward.encounters.every((e) => withLevel.has(e.id as string))).toBe(true);
        expect(
          levels.some((o) => ['within-eyesight', 'arms-length'].includes(code(o.valueCodeableConcept) ?? '')),
        ).toBe(true);
        expect(ward.encounters.every((e) => e.extension?.some((x) => x.url === LEGAL_EXTENSION))).toBe(true);
        const legal = flags.filter((f) => hasCoding(f.code, LEGAL_ENGLAND));
        expect(legal.some((f) => ['02', '03'].includes(code(f.code) ?? '') && f.period?.start !== undefined)).toBe(
          true,
        );
        expect(plans.length).toBeGreaterThanOrEqual(ward.encounters.length);
      } else {
        expect(awolFlags).toHaveLength(0);
        expect(ward.encounters.some((e) => e.extension?.some((x) => x.url === LEGAL_EXTENSION))).toBe(false);
      }
    }
    expect(awol).toBeGreaterThan(0);
    const lows = data
      .flatMap((w) => w.observations)
      .filter((o) => hasCoding(o.code, 'http://loinc.org', '15074-8') && (o.valueQuantity?.value as number) < 4);
    expect(lows.length).toBeGreaterThan(0);
  });

  it('should revinclude on the same page as the matches, deduplicated and outside total and _count', async () => {
    const ward = data.find((w) => w.encounters.length > 12) as WardData;
    const paged = await revincludeSearch(sim.baseUrl, ward.ward.id as string, '5');
    expect(paged.pages.length).toBe(Math.ceil(ward.encounters.length / 5));
    expect(paged.matches.map((e) => e.id)).toEqual(ward.encounters.map((e) => e.id));
    for (const page of paged.pages) {
      expect(page.total).toBe(ward.encounters.length);
      const entries = page.entry ?? [];
      const matched = new Set(entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id));
      expect(matched.size).toBeLessThanOrEqual(5);
      const keys = entries.map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const entry of entries.filter(
        (e) => e.search?.mode === 'include' && e.resource?.resourceType !== 'Patient',
      )) {
        expect(matched.has(refId((entry.resource as Flag).encounter?.reference))).toBe(true);
      }
    }
    const sortKey = (r: Resource): string => `${r.resourceType}/${r.id}`;
    expect(paged.included.map(sortKey).sort()).toEqual(ward.included.map(sortKey).sort());
  });

  it('should find flags, tasks, care plans and risk assessments by encounter', async () => {
    const ward = data.find((w) => w.profile === 'mental-health') as WardData;
    const encounter = ward.encounters.map((e) => `Encounter/${e.id}`).join(',');
    for (const type of ['Flag', 'Task', 'CarePlan', 'RiskAssessment'] as const) {
      const result = await searchAll(sim.baseUrl, type, { encounter, _count: '100' });
      expect(result.matches.map((r) => r.id).sort()).toEqual(
        of(ward.included, type)
          .map((r) => r.id)
          .sort(),
      );
    }
  });

  it('should page the POST Observation search with mixed and system-only code tokens', async () => {
    const ward = data.find((w) => w.profile === 'acute') as WardData;
    const small = await observationsOf(sim.baseUrl, ward.encounters, '7');
    expect(small.pages.length).toBeGreaterThan(1);
    expect(small.matches.map((o) => o.id)).toEqual(ward.observations.map((o) => o.id));
    const times = small.matches.map((o) => Date.parse(o.effectiveDateTime as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const onlyLevels = await searchAll(
      sim.baseUrl,
      'Observation',
      { encounter: ward.encounters.map((e) => `Encounter/${e.id}`).join(','), code: `${LEVEL_SYSTEM}|` },
      true,
    );
    expect(onlyLevels.matches.length).toBeGreaterThan(0);
    expect(onlyLevels.matches.every((o) => hasCoding((o as Observation).code, LEVEL_SYSTEM))).toBe(true);
  });

  it('should give what the shared readers need for at least one patient per ward type', () => {
    const found = { acute: new Set<string>(), 'mental-health': new Set<string>() };
    for (const ward of data) {
      const seen = found[ward.profile];
      for (const encounter of ward.encounters) {
        const id = encounter.id as string;
        const obs = forEncounter(ward.observations, id);
        const mine = ward.included.filter((r) => refId((r as Flag).encounter?.reference) === id);
        const reported = latestReportedNews2(obs, NOW);
        if (reported.ok) seen.add('news2');
        const hasTotal = obs.some((o) => hasCoding(o.code, SNOMED, '1104051000000101'));
        if (
          !hasTotal &&
          obs.some(
            (o) => hasCoding(o.code, 'http://loinc.org', '9279-1') || hasCoding(o.code, 'http://loinc.org', '8867-4'),
          )
        ) {
          const computed = computeNews2(obs, NOW);
          if (computed.ok) seen.add('computed');
          else if (computed.reason.startsWith('incomplete vital signs: missing')) seen.add('incomplete');
        }
        if (latestGlucose(obs, NOW) !== null) seen.add('glucose');
        if (latestGlucose(obs, NOW)?.low === true) seen.add('low glucose');
        if (observationLevel(obs, NOW) !== null) seen.add('level');
        const legal = currentLegalStatus(of<Flag>(mine, 'Flag'), NOW);
        if (legal !== null && legal.system === LEGAL_ENGLAND) seen.add('legal');
        if (legalStatusFromEncounter(encounter) !== null) seen.add('legal at admission');
        if (legal !== null) {
          const mha = mhaDeadlines(legal, [...of<Flag>(mine, 'Flag'), ...obs], DEFAULT_MHA_RULES, NOW);
          const before = (iso: string | null | undefined, ms: number) => iso != null && Date.parse(iso) < ms;
          if (before(mha.expiresAt, NOW + 7 * 24 * HOUR)) seen.add('section ending within the week');
          if (mha.rights?.lastGivenAt != null) seen.add('rights given');
          if (before(mha.rights?.dueAt, NOW) && mha.rights?.lastGivenAt === null) seen.add('rights overdue');
          if (mha.leave?.authorised === true) seen.add('leave authorised');
          if (mha.leave?.onLeave === true && before(mha.leave.expectedBackAt, NOW)) {
            seen.add('leave overdue');
            expect(encounter.status).toBe('onleave');
          }
          if (mha.consentToTreatmentDueAt != null) seen.add('s58');
          if (mha.hearing?.kind === 'tribunal') seen.add('tribunal');
        }
        const falls = fallsRisk([...of<RiskAssessment>(mine, 'RiskAssessment'), ...of<Flag>(mine, 'Flag')], NOW);
        if (falls?.level !== null && falls?.level !== undefined) seen.add('falls level');
        if (falls?.flagged === true) seen.add('falls flag');
        if (awolStatus(of<Flag>(mine, 'Flag'), NOW) !== null) seen.add('awol');
        const delays = openDelays(of<Task>(mine, 'Task'), NOW);
        if (delays.some((d) => d.kind !== null && d.dueAt !== null)) seen.add('delay');
        if (delays.some((d) => d.overdue)) seen.add('overdue delay');
        const reviews = of<CarePlan>(mine, 'CarePlan').map((p) => carePlanReview(p, NOW));
        if (reviews.some((r) => r?.basis === 'extension')) seen.add('review');
        if (reviews.some((r) => r?.overdue === true)) seen.add('overdue review');
      }
    }
    const common = [
      'news2',
      'glucose',
      'level',
      'falls level',
      'falls flag',
      'delay',
      'overdue delay',
      'review',
      'overdue review',
    ];
    expect([...found.acute].sort()).toEqual(
      expect.arrayContaining([...common, 'computed', 'incomplete', 'low glucose']),
    );
    expect([...found['mental-health']].sort()).toEqual(
      expect.arrayContaining([
        ...common,
        'legal',
        'legal at admission',
        'awol',
        'section ending within the week',
        'rights given',
        'rights overdue',
        'leave authorised',
        'leave overdue',
        's58',
        'tribunal',
      ]),
    );
    expect(found.acute.has('awol')).toBe(false);
    expect(found.acute.has('legal')).toBe(false);
  });
});

describe('the clinical items over time', () => {
  let clock = NOW;
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ now: () => clock, wards: 4 });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('should complete tasks, resolve AWOL and add readings as it evolves, within bounds', async () => {
    const before = await loadWards(sim);
    const openBefore = before.flatMap((w) => of<Task>(w.included, 'Task')).filter((t) => t.status !== 'completed');
    const awolBefore = before
      .flatMap((w) => of<Flag>(w.included, 'Flag'))
      .filter((f) => code(f.code) === 'awol' && f.status === 'active');
    expect(awolBefore.length).toBeGreaterThan(0);
    for (let i = 0; i < 48; i++) {
      clock += 30 * 60_000;
      await sim.evolve();
    }
    const after = await loadWards(sim);
    const tasksAfter = await Promise.all(openBefore.map((t) => fetchJson<Task>(`${sim.baseUrl}/Task/${t.id}`)));
    expect(tasksAfter.some((t) => t.status === 200 && t.body.status === 'completed')).toBe(true);
    for (const flag of awolBefore) {
      const now = await fetchJson<Flag>(`${sim.baseUrl}/Flag/${flag.id}`);
      if (now.status === 200) expect(now.body.status === 'inactive' && now.body.period?.end !== undefined).toBe(true);
    }
    const newGlucose = after
      .flatMap((w) => w.observations)
      .filter(
        (o) => hasCoding(o.code, 'http://loinc.org', '15074-8') && Date.parse(o.effectiveDateTime as string) > NOW,
      );
    expect(newGlucose.length).toBeGreaterThan(0);
    const newVitals = after
      .flatMap((w) => w.observations)
      .filter(
        (o) => hasCoding(o.code, 'http://loinc.org', '9279-1') && Date.parse(o.effectiveDateTime as string) > NOW,
      );
    expect(newVitals.length).toBeGreaterThan(0);
    for (const ward of after) {
      for (const encounter of ward.encounters) {
        const obs = forEncounter(ward.observations, encounter.id as string);
        expect(obs.filter((o) => hasCoding(o.code, 'http://loinc.org', '15074-8')).length).toBeLessThanOrEqual(6);
        expect(of(ward.included, 'Task', encounter.id).length).toBeLessThanOrEqual(6);
      }
    }
  });
});

describe('the same seed', () => {
  it('should give the same clinical items', async () => {
    const dump = async (): Promise<string> => {
      const sim = await startSimulator({ now: () => NOW, wards: 4 });
      try {
        const parts: string[] = [];
        for (const type of ['Encounter', 'Observation', 'Flag', 'Task', 'CarePlan', 'RiskAssessment']) {
          const { matches } = await searchAll(sim.baseUrl, type, { _count: '100' });
          parts.push(JSON.stringify(matches.map((r) => ({ ...r, meta: { ...r.meta, versionId: undefined } }))));
        }
        return parts.join('\n');
      } finally {
        await sim.close();
      }
    };
    const [a, b] = [await dump(), await dump()];
    expect(a).toBe(b);
    expect(a).toContain('"resourceType":"RiskAssessment"');
  });
});
