/**
 * Issue 3's bar, over real HTTP: boards built from the simulator by the real request plan show every
 * field docs/design.md section 6 names for at least one patient on each ward type, every ward carries the
 * incidents and staffing its safety measures need, in at most 6 requests per ward plus paging, and a patient whose vital-sign set is incomplete gets no computed NEWS2 but a
 * visible reason (CS-7).
 */
import { testConfig } from '../testing/test-config.js';
import { londonDate, type PatientOnBoard, type Ward, type WardSnapshot } from '@wardflow/shared';
import { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import { WardDiscoveryService } from './ward-discovery.service.js';
import { wardFetcher } from '../testing/ingest-harness.js';

describe('boards from the simulated trust', () => {
  let simulator: RunningSimulator;
  let snapshots: Array<{ ward: Ward; snapshot: WardSnapshot }>;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 1 });
    const reader = new FhirReader({ baseUrl: simulator.baseUrl, timeoutMs: 10_000 });
    const wards = await new WardDiscoveryService(reader).discover();
    const fetcher = wardFetcher(reader, testConfig({}));
    snapshots = [];
    for (const ward of wards) snapshots.push({ ward, snapshot: (await fetcher.fetchSnapshot(ward)).snapshot });
  });

  afterAll(async () => simulator.close());

  const patientsOf = (profile: Ward['profile']): PatientOnBoard[] =>
    snapshots
      .filter((s) => s.ward.profile === profile)
      .flatMap((s) => [
        ...s.snapshot.beds.flatMap((b) => (b.patient === null ? [] : [b.patient])),
        ...s.snapshot.unplaced.map((u) => u.patient),
      ]);

  const fields: Array<[string, (p: PatientOnBoard) => boolean]> = [
    ['initials', (p) => p.initials !== null && /^[A-Z]\.[A-Z]\.$/.test(p.initials)],
    ['admitted at', (p) => p.admittedAt !== null],
    ['expected discharge date', (p) => p.expectedDischargeDate !== null],
    ['NEWS2 with its age', (p) => p.news2 !== null && p.news2.observedAt !== ''],
    ['observation level', (p) => p.observationLevel !== null],
    ['falls risk', (p) => p.fallsRisk !== null],
    ['care plan review', (p) => p.carePlanReview !== null],
    ['delays', (p) => p.delays.length > 0],
    ['a key assessment in time', (p) => p.assessments.some((a) => a.state === 'in-time' && a.lastDoneAt !== null)],
    ['a key assessment overdue', (p) => p.assessments.some((a) => a.state === 'overdue')],
    ['a key assessment due soon', (p) => p.assessments.some((a) => a.state === 'due-soon')],
    ['an infection alert', (p) => (p.infection?.alerts.length ?? 0) > 0],
    ['discharge readiness recorded as not ready', (p) => p.discharge?.status === 'not-ready'],
    [
      // Ready for days: the first "ready" review is older than the 24 h look-back, so only a read that
      // holds the reviews can date it (and a reason for delay comes with it).
      'a delayed discharge with its reasons, ready since before yesterday',
      (p) =>
        p.discharge?.status === 'ready' &&
        p.discharge.delayReasons.length > 0 &&
        (p.discharge.readyDate ?? '9999') < londonDate(Date.now() - 36 * 3_600_000),
    ],
  ];

  it.each(fields)('should show %s for at least one acute and one mental-health patient', (_name, present) => {
    expect(patientsOf('acute').some(present)).toBe(true);
    expect(patientsOf('mental-health').some(present)).toBe(true);
  });

  it('should show isolation with its precaution on acute wards, and isolated and contaminated beds apart from closed ones', () => {
    expect(patientsOf('acute').some((p) => p.infection?.isolation?.kind === 'contact')).toBe(true);
    const statuses = snapshots.flatMap((s) => s.snapshot.beds.map((b) => b.status));
    expect(statuses).toContain('isolated');
    expect(statuses).toContain('contaminated');
    // The plain-shaped trust sends v2-0116 codes only: nothing is unknown.
    expect(statuses).not.toContain('unknown');
    for (const { snapshot } of snapshots)
      expect(snapshot.census.isolated).toBe(snapshot.beds.filter((b) => b.status === 'isolated').length);
  });

  it('should show the Mental Health Act section and AWOL on mental-health wards', () => {
    expect(patientsOf('mental-health').some((p) => p.mentalHealthAct !== null)).toBe(true);
    expect(patientsOf('mental-health').some((p) => p.awol !== null)).toBe(true);
  });

  it('should show glucose, and flag a low one, on acute wards', () => {
    const acute = patientsOf('acute');
    expect(acute.some((p) => p.glucose !== null)).toBe(true);
    expect(acute.some((p) => p.glucose?.low === true)).toBe(true);
  });

  it('should compute NEWS2 from a complete set of vital signs, and refuse an incomplete one with the reason (CS-7)', () => {
    const acute = patientsOf('acute');
    expect(acute.some((p) => p.news2?.source === 'computed')).toBe(true);
    expect(
      acute.some(
        (p) =>
          p.news2 === null &&
          p.dataErrors.some((e) => e.startsWith('NEWS2 not computed: incomplete vital signs: missing')),
      ),
    ).toBe(true);
  });

  it('should carry a reported NEWS2 with its sub-score rule', () => {
    expect([...patientsOf('acute'), ...patientsOf('mental-health')].some((p) => p.news2?.source === 'reported')).toBe(
      true,
    );
  });

  it('should read each shape of discharge readiness on acute wards: reviews, separate items and the encounter date', () => {
    const ready = patientsOf('acute').flatMap((p) => (p.discharge?.status === 'ready' ? [p.discharge] : []));
    // A review with components (pathway 1, care package), separate items (pathway written "P3", a
    // local reason nobody mapped), and the Encounter's date with a transport Task.
    expect(ready.some((d) => d.pathway === 1 && d.delayReasons.some((r) => r.reason === 'care-package'))).toBe(true);
    expect(ready.some((d) => d.pathway === 3 && d.delayReasons.some((r) => r.reason === null))).toBe(true);
    expect(ready.some((d) => d.reviewedAt === null && d.delayReasons.some((r) => r.reason === 'transport'))).toBe(true);
    expect(
      snapshots
        .flatMap((s) => s.snapshot.beds)
        .filter((b) => b.patient?.dataErrors.some((e) => e.startsWith('Discharge'))),
    ).toEqual([]);
  });

  it('should read VTE on acute wards: assessments in time and late, prophylaxis found by name, and the gaps', () => {
    const vte = patientsOf('acute').flatMap((p) => (p.vte == null ? [] : [p.vte]));
    expect(vte.length).toBe(patientsOf('acute').length);
    const states = new Set(vte.map((v) => v.assessment.state));
    expect([...states]).toEqual(expect.arrayContaining(['done', 'done-late', 'overdue']));
    // Read with the patients (_revinclude): the simulator's orders name the medicine in text or a display.
    expect(vte.some((v) => /Enoxaparin|Dalteparin/.test(v.prophylaxis?.medication ?? ''))).toBe(true);
    expect(vte.some((v) => v.outcome === 'indicated' && v.prophylaxis === null && v.prophylaxisNotRead !== true)).toBe(
      true,
    );
    // Mental-health wards are not assessed by default.
    expect(patientsOf('mental-health').every((p) => p.vte === null)).toBe(true);
  });

  it("should read every ward's incidents of the last 8 days and its daily staffing reports", () => {
    for (const { ward, snapshot } of snapshots) {
      const { incidents, staffing } = snapshot.wardContext;
      expect(incidents.length).toBeGreaterThan(0);
      const expected =
        ward.profile === 'acute'
          ? ['fall', 'hypoglycaemia']
          : ['violence-aggression', 'restraint', 'seclusion', 'rapid-tranquillisation', 'self-harm'];
      for (const incident of incidents) expect(incident.categories.every((c) => expected.includes(c))).toBe(true);
      expect(staffing.length).toBeGreaterThanOrEqual(8);
      for (const day of staffing)
        expect([day.plannedHours, day.actualHours, day.bankHours, day.agencyHours, day.sicknessHours]).not.toContain(
          null,
        );
      expect(snapshot.dataQuality.rejectedResources).toBe(0);
    }
  });

  it('should count movements over 72 hours for the turbulence measure, with nothing unreadable', () => {
    expect(snapshots.some(({ snapshot }) => snapshot.flow.admissions > 0)).toBe(true);
    expect(snapshots.some(({ snapshot }) => snapshot.flow.discharges > 0)).toBe(true);
    for (const { snapshot } of snapshots) expect(snapshot.flow.unreadable).toBe(0);
  });

  it('should need 7 requests per ward plus paging for a full read (booked stays searched apart), and one more where someone is detained', () => {
    for (const { ward, snapshot } of snapshots) {
      const detained = snapshot.beds.some((b) => b.patient?.mentalHealthAct?.since != null);
      expect(snapshot.requestCount).toBeLessThanOrEqual(7 + (detained ? 1 : 0) + 3);
      // Acute wards of this trust have nobody detained: no Mental Health Act search at all.
      if (ward.profile === 'acute') expect(detained).toBe(false);
    }
    const average = snapshots.reduce((sum, s) => sum + s.snapshot.requestCount, 0) / snapshots.length;
    expect(average).toBeLessThanOrEqual(8.5);
  });

  it('should read the Mental Health Act events recorded long before the observation look-back', () => {
    const detained = patientsOf('mental-health').filter((p) => p.mentalHealthAct?.rights != null);
    expect(detained.length).toBeGreaterThan(5);
    // Rights are given within a day of detention, weeks or months ago for most: read all the same.
    const given = detained.filter((p) => p.mentalHealthAct?.rights?.lastGivenAt != null);
    expect(given.length / detained.length).toBeGreaterThan(0.7);
    expect(patientsOf('mental-health').some((p) => p.mentalHealthAct?.consentToTreatmentDueAt != null)).toBe(true);
    expect(patientsOf('mental-health').some((p) => p.mentalHealthAct?.hearing?.kind === 'tribunal')).toBe(true);
    expect(patientsOf('mental-health').some((p) => p.mentalHealthAct?.leave?.onLeave === true)).toBe(true);
  });
});
