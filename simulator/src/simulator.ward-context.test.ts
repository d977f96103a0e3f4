import { validateResource } from '@medplum/core';
import type {
  AdverseEvent,
  Bundle,
  Encounter,
  Location,
  MeasureReport,
  Procedure,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import {
  HOUR,
  INPATIENT,
  NOW,
  code,
  fetchJson,
  inpatientsOf,
  refId,
  searchAll,
  wardsOf,
} from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';

// The contract's literals, written out again so a typo on either side shows.
const INCIDENT_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/incident-category';
const STAFFING_MEASURE = 'https://fhir.wardflow.org/Measure/ward-staffing';
const STAFFING_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/staffing-measure';
const KEY_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/key-assessment';
const MUST = 'https://fhir.wardflow.org/Questionnaire/must';
const MH_CATEGORIES = ['violence-aggression', 'restraint', 'seclusion', 'rapid-tranquillisation', 'self-harm'];
const ACUTE_CATEGORIES = ['fall', 'hypoglycaemia'];
const FIGURES = ['planned-hours', 'actual-hours', 'bank-hours', 'agency-hours', 'sickness-hours'];
const DAY = 24 * HOUR;
const EIGHT_DAYS_AGO = new Date(NOW - 8 * DAY).toISOString();

const profileOf = (ward: Location): 'acute' | 'mental-health' =>
  code(ward.type?.[0]) === 'PHU' ? 'mental-health' : 'acute';
const categories = (e: AdverseEvent): string[] =>
  (e.category ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === INCIDENT_SYSTEM)
    .map((c) => c.code ?? '');
const figure = (report: MeasureReport, name: string): number | undefined =>
  report.group?.find((g) => g.code?.coding?.[0]?.system === STAFFING_SYSTEM && g.code.coding[0].code === name)
    ?.measureScore?.value;

interface Kind {
  key: string;
  type: 'Procedure' | 'QuestionnaireResponse';
  matches: (r: Resource) => boolean;
  firstDueHours: number;
}

const KINDS: Record<'acute' | 'mental-health', Kind[]> = {
  'mental-health': [
    {
      key: 'risk',
      type: 'Procedure',
      firstDueHours: 24,
      matches: (r) =>
        r.resourceType === 'Procedure' &&
        r.code?.coding?.[0]?.system === 'http://snomed.info/sct' &&
        r.code.coding[0].code === '225338004',
    },
    {
      key: 'physical',
      type: 'Procedure',
      firstDueHours: 72,
      matches: (r) =>
        r.resourceType === 'Procedure' &&
        r.code?.coding?.[0]?.system === KEY_SYSTEM &&
        r.code.coding[0].code === 'physical-health-check',
    },
  ],
  acute: [
    {
      key: 'falls',
      type: 'Procedure',
      firstDueHours: 6,
      matches: (r) =>
        r.resourceType === 'Procedure' &&
        r.code?.coding?.[0]?.system === KEY_SYSTEM &&
        r.code.coding[0].code === 'falls-risk-assessment',
    },
    {
      key: 'must',
      type: 'QuestionnaireResponse',
      firstDueHours: 24,
      matches: (r) => r.resourceType === 'QuestionnaireResponse' && r.questionnaire === MUST,
    },
  ],
};

const timeOf = (r: Resource): number =>
  Date.parse(
    r.resourceType === 'Procedure'
      ? (r.performedDateTime ?? '')
      : r.resourceType === 'QuestionnaireResponse'
        ? (r.authored ?? '')
        : '',
  );

/** Encounter search with both key-assessment revincludes (repeated keys need URLSearchParams.append). */
async function withAssessments(
  baseUrl: string,
  wardId: string,
): Promise<{ encounters: Encounter[]; included: Resource[] }> {
  const query = new URLSearchParams({
    location: `Location/${wardId}`,
    status: 'in-progress,onleave',
    class: INPATIENT,
    _count: '100',
  });
  query.append('_revinclude', 'Procedure:encounter');
  query.append('_revinclude', 'QuestionnaireResponse:encounter');
  const { status, body } = await fetchJson<Bundle>(`${baseUrl}/Encounter?${query.toString()}`);
  expect(status).toBe(200);
  const entries = body.entry ?? [];
  return {
    encounters: entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource as Encounter),
    included: entries.filter((e) => e.search?.mode === 'include').map((e) => e.resource as Resource),
  };
}

describe('ward context: incidents, staffing and key assessments', () => {
  let sim: RunningSimulator;
  let wards: Location[];

  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW });
    wards = await wardsOf(sim.baseUrl);
  });

  afterAll(async () => {
    await sim.close();
  });

  it("should publish incidents for every ward, on current patients, with the profile's categories", async () => {
    const all: AdverseEvent[] = [];
    for (const ward of wards) {
      const { matches } = await searchAll(sim.baseUrl, 'AdverseEvent', {
        location: `Location/${ward.id}`,
        date: `ge${EIGHT_DAYS_AGO}`,
        _count: '100',
      });
      const events = matches as AdverseEvent[];
      expect(events.length).toBeGreaterThan(0);
      const patients = new Set(
        (await inpatientsOf(sim.baseUrl, ward.id as string)).encounters.map((e) => refId(e.subject?.reference)),
      );
      const allowed = profileOf(ward) === 'mental-health' ? MH_CATEGORIES : ACUTE_CATEGORIES;
      for (const event of events) {
        expect(event.location?.reference).toBe(`Location/${ward.id}`);
        expect(patients.has(refId(event.subject?.reference))).toBe(true);
        expect(['actual', 'potential']).toContain(event.actuality);
        const cats = categories(event);
        expect(cats.length).toBeGreaterThan(0);
        for (const c of cats) expect(allowed).toContain(c);
        const at = Date.parse(event.date ?? '');
        expect(at).toBeGreaterThanOrEqual(NOW - 8 * DAY);
        expect(at).toBeLessThanOrEqual(NOW);
      }
      all.push(...events);
    }
    expect(all.some((e) => e.actuality === 'potential')).toBe(true);
    expect(all.some((e) => categories(e).includes('restraint') && categories(e).includes('violence-aggression'))).toBe(
      true,
    );
    // Searching by the subject index finds the same events.
    const one = all[0] as AdverseEvent;
    const bySubject = await searchAll(sim.baseUrl, 'AdverseEvent', { subject: one.subject?.reference as string });
    expect(bySubject.matches.map((r) => r.id)).toContain(one.id);
    // A later cut-off returns fewer.
    const ward = wards[1] as Location;
    const recent = await searchAll(sim.baseUrl, 'AdverseEvent', {
      location: `Location/${ward.id}`,
      date: `ge${new Date(NOW - DAY).toISOString()}`,
    });
    for (const e of recent.matches as AdverseEvent[])
      expect(Date.parse(e.date ?? '')).toBeGreaterThanOrEqual(NOW - DAY);
  });

  it('should publish one staffing report per ward per London day for 8 days, searchable by period', async () => {
    for (const ward of wards) {
      const { matches } = await searchAll(sim.baseUrl, 'MeasureReport', {
        subject: `Location/${ward.id}`,
        period: `ge${EIGHT_DAYS_AGO}`,
        _count: '100',
      });
      const reports = (matches as MeasureReport[]).sort((a, b) =>
        (a.period?.start ?? '').localeCompare(b.period?.start ?? ''),
      );
      expect(reports).toHaveLength(8);
      const beds = (await searchAll(sim.baseUrl, 'Location', { partof: `Location/${ward.id}`, _count: '100' })).matches
        .length;
      for (const report of reports) {
        expect(report).toMatchObject({
          status: 'complete',
          type: 'summary',
          measure: STAFFING_MEASURE,
          subject: { reference: `Location/${ward.id}` },
        });
        // November: London is on GMT, so days start at 00:00Z.
        expect(report.period?.start).toMatch(/T00:00:00\.000Z$/);
        expect(Date.parse(report.period?.end ?? '') - Date.parse(report.period?.start ?? '')).toBe(DAY);
        expect(report.group?.map((g) => g.code?.coding?.[0]?.code)).toEqual(FIGURES);
        for (const g of report.group ?? [])
          expect(g.measureScore).toMatchObject({ unit: 'h', system: 'http://unitsofmeasure.org', code: 'h' });
      }
      const today = reports[7] as MeasureReport;
      expect(today.period?.start).toBe('2026-11-21T00:00:00.000Z');
      expect(today.date).toBe(new Date(NOW).toISOString());
      for (const report of reports.slice(0, 7)) {
        const planned = figure(report, 'planned-hours') as number;
        const actual = figure(report, 'actual-hours') as number;
        expect(planned / beds).toBeGreaterThan(7);
        expect(planned / beds).toBeLessThan(8);
        expect(actual / planned).toBeGreaterThanOrEqual(0.849);
        expect(actual / planned).toBeLessThanOrEqual(1.051);
        const temporary = (figure(report, 'bank-hours') as number) + (figure(report, 'agency-hours') as number);
        expect(temporary / actual).toBeGreaterThan(0.045);
        expect(temporary / actual).toBeLessThan(0.255);
        expect((figure(report, 'sickness-hours') as number) / planned).toBeGreaterThan(0.018);
        expect((figure(report, 'sickness-hours') as number) / planned).toBeLessThan(0.082);
      }
      // Today is a partial day: 10.5 of 24 hours planned so far.
      expect(
        (figure(today, 'planned-hours') as number) / (figure(reports[6] as MeasureReport, 'planned-hours') as number),
      ).toBeCloseTo(10.5 / 24, 2);
    }
    // A later cut-off leaves earlier days out. `ge` matches any period reaching the instant, and a
    // period's end is inclusive: ge at a midnight also returns the day that ends there.
    const cut = await searchAll(sim.baseUrl, 'MeasureReport', {
      subject: `Location/${wards[0]?.id}`,
      period: 'ge2026-11-20T00:00:00Z',
    });
    expect((cut.matches as MeasureReport[]).map((r) => r.period?.start).sort()).toEqual([
      '2026-11-19T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
    ]);
    const later = await searchAll(sim.baseUrl, 'MeasureReport', {
      subject: `Location/${wards[0]?.id}`,
      period: 'ge2026-11-20T00:00:01Z',
    });
    expect((later.matches as MeasureReport[]).map((r) => r.period?.start).sort()).toEqual([
      '2026-11-20T00:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
    ]);
  });

  it('should give every current encounter its key assessments, found by encounter and by revinclude, some due and some overdue', async () => {
    for (const ward of wards) {
      const kinds = KINDS[profileOf(ward)];
      const { encounters, included } = await withAssessments(sim.baseUrl, ward.id as string);
      expect(encounters.length).toBeGreaterThan(10);
      const states = new Set<string>();
      for (const encounter of encounters) {
        const mine = included.filter((r) => refId((r as Procedure).encounter?.reference) === encounter.id);
        const admitted = Date.parse(encounter.period?.start ?? '');
        for (const kind of kinds) {
          const done = mine.filter(kind.matches);
          expect(done.length).toBeLessThanOrEqual(2);
          for (const r of done) {
            expect((r as Procedure | QuestionnaireResponse).status).toBe('completed');
            expect((r as Procedure).subject?.reference).toBe(encounter.subject?.reference);
            expect(timeOf(r)).toBeGreaterThanOrEqual(admitted);
            expect(timeOf(r)).toBeLessThanOrEqual(NOW);
          }
          const last = Math.max(...done.map(timeOf));
          const due = done.length === 0 ? admitted + kind.firstDueHours * HOUR : last + 168 * HOUR;
          states.add(
            due < NOW ? (done.length === 0 ? 'never' : 'overdue') : due <= NOW + DAY ? 'due-soon' : 'up-to-date',
          );
        }
        // Nothing of the other profile's kinds.
        const others = KINDS[profileOf(ward) === 'acute' ? 'mental-health' : 'acute'];
        expect(mine.filter((r) => others.some((k) => k.matches(r)))).toEqual([]);
      }
      expect(states.has('up-to-date')).toBe(true);
      expect(states.has('due-soon')).toBe(true);
      expect(states.has('never')).toBe(true);
      // The plain searches by encounter agree with the revinclude.
      const encounter = encounters[0] as Encounter;
      const procedures = await searchAll(sim.baseUrl, 'Procedure', { encounter: `Encounter/${encounter.id}` });
      const responses = await searchAll(sim.baseUrl, 'QuestionnaireResponse', {
        encounter: `Encounter/${encounter.id}`,
      });
      const expected = included
        .filter((r) => refId((r as Procedure).encounter?.reference) === encounter.id)
        .map((r) => `${r.resourceType}/${r.id}`)
        .sort();
      expect([...procedures.matches, ...responses.matches].map((r) => `${r.resourceType}/${r.id}`).sort()).toEqual(
        expected,
      );
      if (profileOf(ward) === 'mental-health') expect(responses.matches).toEqual([]);
    }
  });

  it('should serve only valid resources of the new types', async () => {
    for (const type of ['AdverseEvent', 'MeasureReport', 'Procedure', 'QuestionnaireResponse']) {
      const { matches } = await searchAll(sim.baseUrl, type, { _count: '100' });
      expect(matches.length).toBeGreaterThan(0);
      for (const resource of matches)
        expect(validateResource(resource).filter((i) => i.severity === 'error')).toEqual([]);
    }
  });
});

describe('ward context over time', () => {
  let clock = NOW;
  let sim: RunningSimulator;

  beforeAll(async () => {
    // The whole demo trust: at national incident rates, four wards can pass a day without one.
    sim = await startSimulator({ now: () => clock });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('should select by _lastUpdated only what was written at or after the time', async () => {
    const ward = (await wardsOf(sim.baseUrl))[0] as Location;
    const seededReport = (await searchAll(sim.baseUrl, 'MeasureReport', { subject: `Location/${ward.id}` }))
      .matches as MeasureReport[];
    const todayId = seededReport.find((r) => r.period?.start === '2026-11-21T00:00:00.000Z')?.id as string;
    const before = await fetchJson<MeasureReport>(`${sim.baseUrl}/MeasureReport/${todayId}`);
    for (let i = 0; i < 48; i++) {
      clock += 30 * 60_000;
      await sim.evolve();
    }
    // Six hours in: long enough at national incident rates for every type to have changed somewhere in the trust.
    const since = new Date(NOW + 6 * HOUR).toISOString();
    for (const type of ['Observation', 'Encounter', 'Location', 'AdverseEvent', 'MeasureReport']) {
      const all = (await searchAll(sim.baseUrl, type, { _count: '100' })).matches;
      const recent = (await searchAll(sim.baseUrl, type, { _lastUpdated: `ge${since}`, _count: '100' })).matches;
      expect(recent.length).toBeGreaterThan(0);
      for (const r of recent) expect(Date.parse(r.meta?.lastUpdated ?? '')).toBeGreaterThanOrEqual(Date.parse(since));
      // Exactly those: nothing written at or after the time is left out.
      const expected = all
        .filter((r) => Date.parse(r.meta?.lastUpdated ?? '') >= Date.parse(since))
        .map((r) => r.id)
        .sort();
      expect(recent.map((r) => r.id).sort()).toEqual(expected);
      expect(expected.length).toBeLessThan(all.length);
      // Combined with the ward-context searches.
      if (type === 'AdverseEvent' || type === 'MeasureReport') {
        const byWard = await searchAll(sim.baseUrl, type, {
          [type === 'AdverseEvent' ? 'location' : 'subject']: `Location/${ward.id}`,
          _lastUpdated: `ge${since}`,
        });
        for (const r of byWard.matches)
          expect(Date.parse(r.meta?.lastUpdated ?? '')).toBeGreaterThanOrEqual(Date.parse(since));
      }
    }
    // Written from the simulator clock, not the wall clock: yesterday's report was rewritten for the
    // whole day by the step at midnight, then left alone; today's is new.
    const after = await fetchJson<MeasureReport>(`${sim.baseUrl}/MeasureReport/${todayId}`);
    expect(after.body.meta?.lastUpdated).toBe('2026-11-22T00:00:00.000Z');
    expect(after.body.period?.end).toBe('2026-11-22T00:00:00.000Z');
    expect(after.body.meta?.versionId).not.toBe(before.body.meta?.versionId);
    expect(Date.parse(after.body.date ?? '')).toBeGreaterThan(Date.parse(before.body.date ?? ''));
    expect(figure(after.body, 'planned-hours')).toBeGreaterThan(figure(before.body, 'planned-hours') as number);
    const newReport = await fetchJson<MeasureReport>(`${sim.baseUrl}/MeasureReport/staffing-${ward.id}-2026-11-22`);
    expect(newReport.status).toBe(200);
    expect(new Date(clock).toISOString()).toBe('2026-11-22T10:30:00.000Z');
    expect(newReport.body.date).toBe(new Date(clock).toISOString());
    expect(newReport.body.meta?.lastUpdated).toBe(new Date(clock).toISOString());
    // New incidents and completed assessments during the day.
    const incidents = (await searchAll(sim.baseUrl, 'AdverseEvent', { date: `gt${new Date(NOW).toISOString()}` }))
      .matches;
    const procedures = (await searchAll(sim.baseUrl, 'Procedure', { date: `gt${new Date(NOW).toISOString()}` }))
      .matches;
    expect(incidents.length + procedures.length).toBeGreaterThan(0);
    expect(procedures.length).toBeGreaterThan(0);
    // A simulated day of the whole trust, 48 steps: seconds normally, longer on a loaded CI machine.
  }, 120_000);

  it('should drop incidents and staffing reports older than 10 days and keep two assessments per kind', async () => {
    for (let i = 0; i < 5; i++) {
      clock += 3 * DAY;
      await sim.evolve();
    }
    const cutoff = clock - 10 * DAY;
    const incidents = (await searchAll(sim.baseUrl, 'AdverseEvent', { _count: '100' })).matches as AdverseEvent[];
    for (const e of incidents) expect(Date.parse(e.date ?? '')).toBeGreaterThanOrEqual(cutoff);
    for (const ward of await wardsOf(sim.baseUrl)) {
      const reports = (await searchAll(sim.baseUrl, 'MeasureReport', { subject: `Location/${ward.id}` }))
        .matches as MeasureReport[];
      expect(reports.length).toBeGreaterThanOrEqual(8);
      expect(reports.length).toBeLessThanOrEqual(10);
      for (const r of reports) expect(Date.parse(r.period?.end ?? '')).toBeGreaterThan(cutoff);
      const { encounters, included } = await withAssessments(sim.baseUrl, ward.id as string);
      for (const encounter of encounters) {
        for (const kind of KINDS[profileOf(ward)]) {
          expect(
            included.filter((r) => refId((r as Procedure).encounter?.reference) === encounter.id && kind.matches(r))
              .length,
          ).toBeLessThanOrEqual(2);
        }
      }
    }
    // Nothing left pointing at an encounter that is gone.
    for (const type of ['Procedure', 'QuestionnaireResponse']) {
      const { matches, included } = await searchAll(sim.baseUrl, type, {
        _count: '100',
        _include: `${type}:encounter`,
      });
      expect(matches.length).toBeGreaterThan(0);
      const present = new Set(included.map((r) => r.id));
      for (const r of matches) expect(present.has(refId((r as Procedure).encounter?.reference))).toBe(true);
    }
  });
});

describe('the same seed', () => {
  it('should give the same incidents, staffing and assessments', async () => {
    const dump = async (): Promise<string> => {
      const sim = await startSimulator({ now: () => NOW, wards: 4 });
      try {
        const parts: string[] = [];
        for (const type of ['AdverseEvent', 'MeasureReport', 'Procedure', 'QuestionnaireResponse']) {
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
    expect(a).toContain('"resourceType":"AdverseEvent"');
  });
});
