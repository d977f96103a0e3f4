import type { Observation } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import {
  NEWS2_CODES,
  computeNews2,
  latestReportedNews2,
  readNews2Total,
  scoreVitalSigns,
  type VitalSigns,
} from './news2-from-fhir.js';
import { vitalQuantity, vitalSet } from './fhir.builders.js';
import { UCUM } from './observation-rules.js';

const now = Date.parse('2026-11-21T10:00:00Z');
const normal: VitalSigns = {
  respirationRate: 16,
  spo2: 98,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37,
};

describe('scoreVitalSigns: every band edge of the RCP 2017 NEWS2 chart', () => {
  const sub = (v: Partial<VitalSigns>, scale: 1 | 2 = 1): Record<string, number> =>
    scoreVitalSigns({ ...normal, ...v }, scale).subScores as Record<string, number>;

  it.each([
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
  ])('respiration rate %d scores %d', (value, score) => {
    expect(sub({ respirationRate: value }).respirationRate).toBe(score);
  });

  it.each([
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('SpO2 scale 1 %d%% scores %d', (value, score) => {
    expect(sub({ spo2: value }).spo2).toBe(score);
    expect(sub({ spo2: value, onOxygen: true }).spo2).toBe(score);
  });

  it.each([
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [88, false, 0],
    [92, false, 0],
    [93, false, 0],
    [100, false, 0],
    [92, true, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
    [83, true, 3],
  ])('SpO2 scale 2 %d%% (on oxygen %s) scores %d', (value, onOxygen, score) => {
    expect(sub({ spo2: value, onOxygen }, 2).spo2).toBe(score);
  });

  it.each([
    [false, 0],
    [true, 2],
  ])('on oxygen %s scores %d', (onOxygen, score) => {
    expect(sub({ onOxygen }).airOrOxygen).toBe(score);
  });

  it.each([
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
  ])('systolic BP %d scores %d', (value, score) => {
    expect(sub({ systolicBp: value }).systolicBp).toBe(score);
  });

  it.each([
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
  ])('pulse %d scores %d', (value, score) => {
    expect(sub({ pulse: value }).pulse).toBe(score);
  });

  it.each([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ] as const)('consciousness %s scores %d', (value, score) => {
    expect(sub({ consciousness: value }).consciousness).toBe(score);
  });

  it.each([
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
  ])('temperature %s scores %d', (value, score) => {
    expect(sub({ temperature: value }).temperature).toBe(score);
  });

  it('should total the sub-scores and flag a single 3', () => {
    expect(scoreVitalSigns(normal)).toMatchObject({ score: 0, anySingleParameterScored3: false, spo2Scale: 1 });
    expect(scoreVitalSigns({ ...normal, consciousness: 'C' })).toMatchObject({
      score: 3,
      anySingleParameterScored3: true,
    });
    expect(
      scoreVitalSigns({
        respirationRate: 25,
        spo2: 91,
        onOxygen: true,
        systolicBp: 90,
        pulse: 131,
        consciousness: 'U',
        temperature: 35,
      }).score,
    ).toBe(20);
  });
});

describe('computeNews2', () => {
  it('should score a complete set taken together', () => {
    const result = computeNews2(vitalSet(), now);
    // rr 22 -> 2, SpO2 95 -> 1, oxygen -> 2, SBP 105 -> 1, pulse 112 -> 2, alert -> 0, 38.2 -> 1
    expect(result).toEqual({
      ok: true,
      reading: {
        score: 9,
        subScores: {
          respirationRate: 2,
          spo2: 1,
          airOrOxygen: 2,
          systolicBp: 1,
          pulse: 2,
          consciousness: 0,
          temperature: 1,
        },
        spo2Scale: 1,
        anySingleParameterScored3: false,
        observedAt: '2026-11-21T09:00:00.000Z',
      },
    });
  });

  it('should use SpO2 scale 2 only when asked', () => {
    const result = computeNews2(vitalSet(), now, { spo2Scale: 2 });
    expect(result.ok && result.reading.subScores.spo2).toBe(2);
  });

  it.each([
    ['v-rr', 'respiration rate'],
    ['v-spo2', 'SpO2'],
    ['v-o2', 'air or oxygen'],
    ['v-bp', 'systolic blood pressure'],
    ['v-hr', 'pulse'],
    ['v-temp', 'temperature'],
    ['v-acvpu', 'consciousness (ACVPU)'],
  ])('should never score without %s (CS-7)', (id, label) => {
    expect(
      computeNews2(
        vitalSet().filter((o) => o.id !== id),
        now,
      ),
    ).toEqual({ ok: false, reason: `incomplete vital signs: missing ${label}` });
  });

  it('should not combine readings further apart than the window', () => {
    const set = vitalSet().map((o) => (o.id === 'v-temp' ? { ...o, effectiveDateTime: '2026-11-21T08:44:00Z' } : o));
    expect(computeNews2(set, now)).toEqual({ ok: false, reason: 'incomplete vital signs: missing temperature' });
    expect(computeNews2(set, now, { setWindowMs: 20 * 60_000 }).ok).toBe(true);
  });

  it('should not fall back to an older complete set when a newer partial one exists', () => {
    const result = computeNews2(
      [
        ...vitalSet('2026-11-21T06:00:00Z', 'old'),
        vitalQuantity('new-rr', '9279-1', 18, '/min', '2026-11-21T09:30:00Z'),
      ],
      now,
    );
    expect(result.ok).toBe(false);
  });

  it('should refuse a set with a withdrawn, mis-united or implausible reading', () => {
    const withdrawn = vitalSet().map((o) => (o.id === 'v-hr' ? { ...o, status: 'entered-in-error' as const } : o));
    expect(computeNews2(withdrawn, now)).toEqual({ ok: false, reason: 'incomplete vital signs: missing pulse' });
    const wrongUnit = vitalSet().map((o) => (o.id === 'v-temp' ? vitalQuantity('v-temp', '8310-5', 38.2, 'K') : o));
    expect(computeNews2(wrongUnit, now)).toEqual({ ok: false, reason: 'incomplete vital signs: missing temperature' });
    const implausible = vitalSet().map((o) => (o.id === 'v-spo2' ? vitalQuantity('v-spo2', '59408-5', 150, '%') : o));
    expect(computeNews2(implausible, now)).toEqual({ ok: false, reason: 'implausible SpO2: 150' });
  });

  it('should convert Fahrenheit and take room air from SNOMED "breathing room air"', () => {
    const set = vitalSet().map((o) => {
      if (o.id === 'v-temp') return vitalQuantity('v-temp', '8310-5', 98.6, '[degF]');
      if (o.id === 'v-o2')
        return {
          resourceType: 'Observation' as const,
          id: 'v-o2',
          status: 'final' as const,
          code: { coding: [{ system: SYSTEMS.snomed, code: '722742002' }] },
          effectiveDateTime: '2026-11-21T09:00:00Z',
        };
      return o;
    });
    const result = computeNews2(set, now);
    expect(result.ok && result.reading.subScores).toMatchObject({ temperature: 0, airOrOxygen: 0 });
  });
});

function total(score: number, components: Array<[string, number]>, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: 'total',
    status: 'final',
    code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.total }] },
    effectiveDateTime: '2026-11-21T09:00:00Z',
    valueQuantity: { value: score, system: UCUM, code: '{score}' },
    component: components.map(([code, value]) => ({
      code: { coding: [{ system: SYSTEMS.snomed, code }] },
      valueQuantity: { value, system: UCUM, code: '{score}' },
    })),
    ...extra,
  };
}

describe('readNews2Total', () => {
  const all: Array<[string, number]> = [
    [NEWS2_CODES.respirationRate, 3],
    [NEWS2_CODES.spo2Scale2, 0],
    [NEWS2_CODES.airOrOxygen, 0],
    [NEWS2_CODES.systolicBp, 0],
    [NEWS2_CODES.pulse, 0],
    [NEWS2_CODES.consciousness, 0],
    [NEWS2_CODES.temperature, 1],
  ];

  it('should read the total with sub-scores from components', () => {
    expect(readNews2Total(total(4, all))).toEqual({
      ok: true,
      reading: {
        score: 4,
        subScores: {
          respirationRate: 3,
          spo2: 0,
          airOrOxygen: 0,
          systolicBp: 0,
          pulse: 0,
          consciousness: 0,
          temperature: 1,
        },
        spo2Scale: 2,
        anySingleParameterScored3: true,
        observedAt: '2026-11-21T09:00:00.000Z',
      },
    });
  });

  it('should read sub-scores from hasMember observations', () => {
    const member: Observation = {
      resourceType: 'Observation',
      id: 'rr-score',
      status: 'final',
      code: { coding: [{ system: SYSTEMS.snomed, code: NEWS2_CODES.respirationRate }] },
      valueInteger: 2,
    };
    const result = readNews2Total(total(2, [], { hasMember: [{ reference: 'Observation/rr-score' }] }), [member]);
    expect(result.ok && result.reading.subScores).toEqual({ respirationRate: 2 });
  });

  it('should read a total alone, without claiming a single 3', () => {
    const result = readNews2Total(total(3, []));
    expect(result).toMatchObject({
      ok: true,
      reading: { score: 3, subScores: {}, anySingleParameterScored3: false, spo2Scale: null },
    });
  });

  it.each([
    ['a total above 20', total(21, []), 'NEWS2 total missing or not an integer 0-20'],
    ['a fractional total', total(2.5, []), 'NEWS2 total missing or not an integer 0-20'],
    ['a sub-score above 3', total(4, [[NEWS2_CODES.pulse, 4]]), 'NEWS2 pulse sub-score not an integer 0-3'],
    ['sub-scores that do not add up', total(5, all), 'NEWS2 sub-scores do not add up to the total'],
    ['no time', total(4, all, { effectiveDateTime: undefined }), 'NEWS2 total has no effective time'],
  ])('should refuse %s', (_label, observation, reason) => {
    expect(readNews2Total(observation)).toEqual({ ok: false, reason });
  });
});

describe('latestReportedNews2', () => {
  it('should take the newest usable total and report an invalid newest one rather than hide it', () => {
    const older = total(4, all(), { id: 'older', effectiveDateTime: '2026-11-21T08:00:00Z' });
    const newer = total(2, [], { id: 'newer', effectiveDateTime: '2026-11-21T09:00:00Z' });
    expect(latestReportedNews2([newer, older], now)).toMatchObject({ ok: true, reading: { score: 2 } });
    const bad = total(25, [], { id: 'bad', effectiveDateTime: '2026-11-21T09:30:00Z' });
    expect(latestReportedNews2([older, bad, newer], now)).toEqual({
      ok: false,
      reason: 'NEWS2 total missing or not an integer 0-20',
    });
    expect(latestReportedNews2([], now)).toEqual({ ok: false, reason: 'no NEWS2 total' });
  });

  function all(): Array<[string, number]> {
    return [
      [NEWS2_CODES.respirationRate, 3],
      [NEWS2_CODES.temperature, 1],
    ];
  }
});
