import { testConfig } from '../testing/test-config.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KEY_ASSESSMENTS, EXTENSIONS } from '@wardflow/shared';
import { ConfigError } from './app-config.js';
import { measureDefinitionsFor } from './wards-config.js';

describe('WARDS_CONFIG', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wards-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const problemsOf = (path: string): string[] => {
    try {
      testConfig({ WARDS_CONFIG: path });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('should default to the standard discharge-date extension, the default assessments and hourly full reads', () => {
    const config = testConfig({});
    expect(config.ingestRules.expectedDischargeExtensions).toEqual([EXTENSIONS.plannedEndDate]);
    expect(config.ingestRules.keyAssessments).toEqual(DEFAULT_KEY_ASSESSMENTS);
    expect(config.fhirReconcileIntervalMs).toBe(3_600_000);
    expect(config.fhirClockSkewMs).toBe(300_000);
  });

  it("should read the trust's local discharge-date extensions after the standard one, and its own assessments", () => {
    const path = file('good.json', {
      expectedDischargeExtensions: ['https://trust.example.nhs.uk/fhir/StructureDefinition/edd'],
      keyAssessments: [
        {
          id: 'braden',
          label: 'Pressure ulcer risk',
          profiles: ['acute'],
          codes: ['http://snomed.info/sct|1234567'],
          firstDueHours: 6,
          repeatEveryHours: 72,
        },
      ],
    });
    const config = testConfig({ WARDS_CONFIG: path });
    expect(config.ingestRules.expectedDischargeExtensions).toEqual([
      EXTENSIONS.plannedEndDate,
      'https://trust.example.nhs.uk/fhir/StructureDefinition/edd',
    ]);
    expect(config.ingestRules.keyAssessments).toEqual([
      {
        id: 'braden',
        label: 'Pressure ulcer risk',
        profiles: ['acute'],
        codes: ['http://snomed.info/sct|1234567'],
        questionnaires: [],
        firstDueHours: 6,
        repeatEveryHours: 72,
      },
    ]);
  });

  it.each([
    ['a missing file', () => join(dir, 'absent.json'), /WARDS_CONFIG: .*absent\.json: cannot read it \(ENOENT\)/],
    ['broken JSON', () => file('broken.json', '{"keyAssessments": ['), /not valid JSON/],
    [
      'an unknown field',
      () => file('unknown.json', { wards: 3, expectedDischargeExtension: [] }),
      /\(top level\): Unrecognized keys?/,
    ],
    [
      'a code without its system',
      () =>
        file('code.json', {
          keyAssessments: [
            {
              id: 'x',
              label: 'X',
              profiles: ['acute'],
              codes: ['225338004'],
              firstDueHours: 1,
              repeatEveryHours: null,
            },
          ],
        }),
      /keyAssessments\.0\.codes\.0: expected "system\|code"/,
    ],
    [
      'an assessment nothing can recognise',
      () =>
        file('none.json', {
          keyAssessments: [{ id: 'x', label: 'X', profiles: ['acute'], firstDueHours: 1, repeatEveryHours: null }],
        }),
      /at least one code or questionnaire/,
    ],
    [
      'two assessments with one id',
      () =>
        file('dup.json', {
          keyAssessments: [1, 2].map(() => ({
            id: 'x',
            label: 'X',
            profiles: ['acute'],
            codes: ['s|c'],
            firstDueHours: 1,
            repeatEveryHours: 24,
          })),
        }),
      /assessment ids must be unique/,
    ],
    [
      'a relative extension URL',
      () => file('url.json', { expectedDischargeExtensions: ['edd'] }),
      /expectedDischargeExtensions\.0: expected an absolute URL/,
    ],
  ])('should stop start-up on %s, naming the file and the field', (_name, makePath, expected) => {
    const problems = problemsOf(makePath());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(expected);
  });

  it("should read the trust's infection codes, isolation codes and PAS bed-state codes, and refuse bad ones by name", () => {
    const good = file('infection.json', {
      infectionAlerts: [
        { id: 'mrsa', label: 'MRSA', codes: ['https://pas.example.nhs.uk/alert|MRSA'] },
        { id: 'vre', label: 'VRE', codes: ['https://pas.example.nhs.uk/alert|VRE'] },
      ],
      isolationCodes: { airborne: ['https://pas.example.nhs.uk/iso|AIR'] },
      bedStatusCodes: {
        'https://pas.example.nhs.uk/bed-state|AVL': 'free',
        'https://pas.example.nhs.uk/bed-state|DC': 'contaminated',
      },
    });
    const rules = testConfig({ WARDS_CONFIG: good }).ingestRules;
    expect(rules.infectionAlerts.map((a) => a.id)).toEqual([
      'mrsa',
      'c-difficile',
      'cpe',
      'norovirus',
      'covid-19',
      'vre',
    ]);
    expect(rules.infectionAlerts[0]?.codes).toContain('https://pas.example.nhs.uk/alert|MRSA');
    expect(rules.isolationCodes.airborne).toContain('https://pas.example.nhs.uk/iso|AIR');
    expect(rules.bedStatusCodes.get('https://pas.example.nhs.uk/bed-state|DC')).toBe('contaminated');

    const bad = file('infection-bad.json', {
      infectionAlerts: [{ id: 'MRSA!', label: 'MRSA', codes: [] }],
      isolationCodes: { reverse: ['a|b'] },
      bedStatusCodes: { 'https://pas.example.nhs.uk/bed-state|X': 'unknown', nosystem: 'free' },
    });
    const problems = problemsOf(bad).join('\n');
    expect(problems).toMatch(/infectionAlerts\.0\.id/);
    expect(problems).toMatch(/infectionAlerts\.0\.codes/);
    expect(problems).toMatch(/isolationCodes/);
    expect(problems).toMatch(/bedStatusCodes/);
  });

  it("should read the trust's Mental Health Act codes and days, and refuse an urgent band wider than the warning", () => {
    const good = file('mha.json', {
      mentalHealthAct: {
        codes: { 'rights-given': ['https://pas.example.nhs.uk/mha|R132'] },
        warnDays: 14,
        urgentDays: 2,
        rightsRepeatDays: null,
      },
    });
    const mha = testConfig({ WARDS_CONFIG: good }).ingestRules.mentalHealthAct;
    expect(mha).toMatchObject({ warnDays: 14, urgentDays: 2, rightsWithinDays: 1, rightsRepeatDays: null });
    expect(mha.codes['rights-given']).toEqual([
      'https://fhir.wardflow.org/CodeSystem/mental-health-act|rights-s132',
      'https://pas.example.nhs.uk/mha|R132',
    ]);
    const bad = file('mha-bad.json', { mentalHealthAct: { warnDays: 1, urgentDays: 3, codes: { leave: ['x|y'] } } });
    const problems = problemsOf(bad).join('\n');
    expect(problems).toMatch(/mentalHealthAct/);
    expect(problems).toMatch(/leave/);
  });

  it("should add the trust's observation plan codes to the defaults, and refuse a code without its system", () => {
    const good = file('plans.json', {
      observationPlans: {
        planCodes: ['https://eobs.example.nhs.uk/task|OBS'],
        frequencyCodes: ['https://eobs.example.nhs.uk/freq|F'],
      },
    });
    const plans = testConfig({ WARDS_CONFIG: good }).ingestRules.observationPlans;
    expect(plans.planCodes).toContain('https://eobs.example.nhs.uk/task|OBS');
    expect(plans.planCodes).toContain('https://fhir.wardflow.org/CodeSystem/observation-plan|news2-observations');
    expect(plans.frequencyCodes).toEqual([
      'https://fhir.wardflow.org/CodeSystem/observation-plan|news2-frequency',
      'https://eobs.example.nhs.uk/freq|F',
    ]);
    const problems = problemsOf(file('plans-bad.json', { observationPlans: { planCodes: ['OBS'], every: 4 } })).join(
      '\n',
    );
    expect(problems).toMatch(/observationPlans\.planCodes/);
    expect(problems).toMatch(/every/);
  });

  it("should map the trust's discharge codes to the national pathways and reasons, and refuse an unknown reason", () => {
    const good = file('discharge.json', {
      dischargeReadiness: {
        readinessCodes: ['https://epr.example.nhs.uk/c2r|C2R'],
        readyValues: ['https://epr.example.nhs.uk/c2r|NOT-MET'],
        pathwayValues: { 'https://epr.example.nhs.uk/pathway|P1-REABLE': 1 },
        delayReasons: { 'https://epr.example.nhs.uk/delay|POC': 'care-package' },
        readyDateExtensions: ['https://epr.example.nhs.uk/StructureDefinition/drd'],
      },
    });
    const rules = testConfig({ WARDS_CONFIG: good }).ingestRules.dischargeReadiness;
    expect(rules.readinessCodes).toEqual([
      'https://fhir.wardflow.org/CodeSystem/discharge-readiness|discharge-readiness',
      'https://epr.example.nhs.uk/c2r|C2R',
    ]);
    expect(rules.pathwayValues.get('https://epr.example.nhs.uk/pathway|P1-REABLE')).toBe(1);
    expect(rules.delayReasons.get('https://epr.example.nhs.uk/delay|POC')).toBe('care-package');
    expect(rules.delayReasons.get('https://fhir.wardflow.org/CodeSystem/discharge-delay-reason|transport')).toBe(
      'transport',
    );
    expect(rules.readyDateExtensions).toContain('https://epr.example.nhs.uk/StructureDefinition/drd');
    const problems = problemsOf(
      file('discharge-bad.json', {
        dischargeReadiness: {
          delayReasons: { 'https://epr.example.nhs.uk/delay|POC': 'awaiting-poc' },
          pathwayValues: { 'x|y': 4 },
        },
      }),
    ).join('\n');
    expect(problems).toMatch(/dischargeReadiness\.delayReasons/);
    expect(problems).toMatch(/dischargeReadiness\.pathwayValues/);
  });

  it("should add the trust's VTE codes and medicines, and refuse a window of days or a code without its system", () => {
    const good = file('vte.json', {
      vte: {
        assessmentCodes: ['http://snomed.info/sct|1234567'],
        prophylaxisNames: ['Edoxaban'],
        withinHours: 24,
        profiles: ['acute', 'mental-health'],
      },
    });
    const rules = testConfig({ WARDS_CONFIG: good }).ingestRules.vte;
    expect(rules.assessmentCodes).toEqual([
      'https://fhir.wardflow.org/CodeSystem/vte|vte-risk-assessment',
      'http://snomed.info/sct|1234567',
    ]);
    expect(rules.prophylaxisNames).toContain('edoxaban');
    expect(rules.prophylaxisNames).toContain('enoxaparin');
    expect(rules).toMatchObject({ withinHours: 24, profiles: ['acute', 'mental-health'] });
    const problems = problemsOf(
      file('vte-bad.json', { vte: { withinHours: 24 * 7, prophylaxisCodes: ['ENOX'] } }),
    ).join('\n');
    expect(problems).toMatch(/vte\.withinHours/);
    expect(problems).toMatch(/vte\.prophylaxisCodes/);
  });

  it("should take the trust's admit sources in words and its arrival windows, and refuse a code without its system", () => {
    const good = file('arrivals.json', {
      expectedArrivals: {
        horizonHours: 48,
        lateAfterMinutes: 90,
        admitSources: { 'urn:oid:2.16.840.1.113883.2.1.3.2|ED': 'A&E' },
      },
    });
    const rules = testConfig({ WARDS_CONFIG: good }).ingestRules.expectedArrivals;
    expect(rules).toMatchObject({ horizonHours: 48, lateAfterMinutes: 90 });
    expect(rules.admitSources.get('urn:oid:2.16.840.1.113883.2.1.3.2|ED')).toBe('A&E');
    expect(rules.admitSources.get('http://terminology.hl7.org/CodeSystem/admit-source|emd')).toBe('ED');
    const problems = problemsOf(
      file('arrivals-bad.json', { expectedArrivals: { horizonHours: 0, admitSources: { ED: 'A&E' } } }),
    ).join('\n');
    expect(problems).toMatch(/expectedArrivals\.horizonHours/);
    expect(problems).toMatch(/expectedArrivals\.admitSources/);
  });

  it('should turn the optional VTE prophylaxis measure on where the thresholds name it, and only on acute wards', () => {
    const on = file('vte-measure.json', { thresholds: { acute: { 'vte-prophylaxis': { amber: 97 } } } });
    const config = testConfig({ WARDS_CONFIG: on });
    const acute = measureDefinitionsFor(config.measureOverrides, { id: 'ward-a', profile: 'acute' });
    expect(acute.map((d) => d.id)).toContain('vte-prophylaxis');
    expect(acute.find((d) => d.id === 'vte-prophylaxis')).toMatchObject({ slot: 11, amber: 97, red: 90 });
    expect(acute).toHaveLength(11);
    expect(measureDefinitionsFor(config.measureOverrides, { id: 'ward-m', profile: 'mental-health' })).toHaveLength(10);
    expect(measureDefinitionsFor(testConfig({}).measureOverrides, { id: 'ward-a', profile: 'acute' })).toHaveLength(10);
    const problems = problemsOf(file('vte-mh.json', { thresholds: { 'mental-health': { 'vte-prophylaxis': {} } } }));
    expect(problems.join('\n')).toMatch(/"vte-prophylaxis" is not a mental-health measure/);
  });

  it('should apply threshold overrides per profile, then per ward', () => {
    const path = file('thresholds.json', {
      thresholds: { acute: { occupancy: { amber: 85, red: 92 } } },
      wardThresholds: { 'ward-7': { occupancy: { red: 98 }, falls: { weight: 2 } } },
    });
    const config = testConfig({ WARDS_CONFIG: path });
    const acute = measureDefinitionsFor(config.measureOverrides, { id: 'ward-1', profile: 'acute' });
    expect(acute.find((d) => d.id === 'occupancy')).toMatchObject({ amber: 85, red: 92 });
    const ward7 = measureDefinitionsFor(config.measureOverrides, { id: 'ward-7', profile: 'acute' });
    expect(ward7.find((d) => d.id === 'occupancy')).toMatchObject({ amber: 85, red: 98 });
    expect(ward7.find((d) => d.id === 'falls')?.weight).toBe(2);
    // Mental-health wards keep their defaults.
    expect(
      measureDefinitionsFor(config.measureOverrides, { id: 'mh', profile: 'mental-health' }).find(
        (d) => d.id === 'occupancy',
      ),
    ).toMatchObject({ amber: 90, red: 95 });
  });

  it.each([
    [
      'amber on the wrong side of red',
      { thresholds: { acute: { occupancy: { amber: 96, red: 95 } } } },
      /thresholds\.acute: /,
    ],
    [
      'an unknown measure for the profile',
      { thresholds: { 'mental-health': { falls: { amber: 1 } } } },
      /thresholds\.mental-health: /,
    ],
    [
      'a ward override naming measures of neither profile',
      { wardThresholds: { w1: { nonsense: { amber: 1 } } } },
      /wardThresholds\.w1: measure ids not in either profile: nonsense/,
    ],
    ['a negative weight', { thresholds: { acute: { falls: { weight: -1 } } } }, /thresholds\.acute\.falls\.weight/],
  ])('should stop start-up on %s in the thresholds', (_name, content, expected) => {
    expect(problemsOf(file(`bad-${Math.random()}.json`, content)).join('\n')).toMatch(expected);
  });

  it('should refuse a negative reconcile interval or clock skew by name', () => {
    expect(() => testConfig({ FHIR_RECONCILE_INTERVAL: '-1m', FHIR_CLOCK_SKEW: '2h' })).toThrow(
      /FHIR_RECONCILE_INTERVAL[\s\S]*FHIR_CLOCK_SKEW/,
    );
  });
});
