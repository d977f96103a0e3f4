import type { Flag, Observation, RiskAssessment } from '@medplum/fhirtypes';
import { SYSTEMS } from './fhir-codes.js';
import {
  FALLS_RISK_SNOMED,
  LOCAL_SYSTEMS,
  awolStatus,
  fallsRisk,
  flagInForce,
  latestGlucose,
  observationLevel,
} from './clinical-flags.js';
import { LOINC, UCUM } from './observation-rules.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function glucose(id: string, value: number, code: string, at: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '15074-8' }] },
    effectiveDateTime: at,
    valueQuantity: { value, system: UCUM, code },
  };
}

function level(id: string, code: string, at: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'Observation level' },
    effectiveDateTime: at,
    valueCodeableConcept: { coding: [{ system: LOCAL_SYSTEMS.observationLevel, code }] },
  };
}

function wardFlag(code: string, period?: Flag['period'], extra: Partial<Flag> = {}): Flag {
  return {
    resourceType: 'Flag',
    status: 'active',
    code: { coding: [{ system: LOCAL_SYSTEMS.wardFlag, code }] },
    subject: { reference: 'Patient/p1' },
    ...(period === undefined ? {} : { period }),
    ...extra,
  };
}

function risk(id: string, code: string, at: string, extra: Partial<RiskAssessment> = {}): RiskAssessment {
  return {
    resourceType: 'RiskAssessment',
    id,
    status: 'final',
    subject: { reference: 'Patient/p1' },
    occurrenceDateTime: at,
    prediction: [{ qualitativeRisk: { coding: [{ system: LOCAL_SYSTEMS.riskProbability, code }] } }],
    ...extra,
  };
}

describe('latestGlucose', () => {
  it('should take the latest reading and flag below 4.0 mmol/L', () => {
    expect(
      latestGlucose(
        [glucose('a', 6.1, 'mmol/L', '2026-11-21T06:00:00Z'), glucose('b', 3.9, 'mmol/L', '2026-11-21T09:00:00Z')],
        now,
      ),
    ).toEqual({ mmolPerL: 3.9, low: true, observedAt: '2026-11-21T09:00:00.000Z' });
    expect(latestGlucose([glucose('a', 4.0, 'mmol/L', '2026-11-21T09:00:00Z')], now)?.low).toBe(false);
  });

  it('should convert mg/dL by dividing by 18.016', () => {
    const reading = latestGlucose([glucose('a', 72.064, 'mg/dL', '2026-11-21T09:00:00Z')], now);
    expect(reading?.mmolPerL).toBeCloseTo(4.0, 6);
    expect(latestGlucose([glucose('a', 70, 'mg/dL', '2026-11-21T09:00:00Z')], now)?.low).toBe(true);
  });

  it('should ignore a reading in a wrong unit, and give null when there is none', () => {
    expect(latestGlucose([glucose('a', 5, 'g/L', '2026-11-21T09:00:00Z')], now)).toBeNull();
    expect(latestGlucose([], now)).toBeNull();
  });
});

describe('observationLevel', () => {
  it('should take the latest level', () => {
    const input = [
      level('a', 'general', '2026-11-20T09:00:00Z'),
      level('b', 'within-eyesight', '2026-11-21T09:00:00Z'),
      level('c', 'not-a-level', '2026-11-21T09:30:00Z'),
    ];
    expect(observationLevel(input, now)).toEqual({ level: 'within-eyesight', since: '2026-11-21T09:00:00.000Z' });
    expect(observationLevel([...input].reverse(), now)?.level).toBe('within-eyesight');
    expect(observationLevel([], now)).toBeNull();
  });
});

describe('fallsRisk', () => {
  it('should take the latest assessment and keep a falls flag apart', () => {
    const fallsFlag: Flag = {
      resourceType: 'Flag',
      status: 'active',
      code: { coding: [{ system: SYSTEMS.snomed, code: FALLS_RISK_SNOMED }] },
      subject: { reference: 'Patient/p1' },
    };
    expect(
      fallsRisk([risk('a', 'high', '2026-11-19T09:00:00Z'), risk('b', 'low', '2026-11-21T09:00:00Z'), fallsFlag], now),
    ).toEqual({ level: 'low', assessedAt: '2026-11-21T09:00:00.000Z', flagged: true });
    expect(fallsRisk([fallsFlag], now)).toEqual({ level: null, assessedAt: null, flagged: true });
    expect(fallsRisk([risk('a', 'moderate', '2026-11-21T09:00:00Z', { status: 'preliminary' })], now)).toBeNull();
  });
});

describe('awolStatus and flagInForce', () => {
  it('should report AWOL only for an active flag covering now', () => {
    expect(awolStatus([wardFlag('awol', { start: '2026-11-21T08:00:00Z' })], now)).toEqual({
      since: '2026-11-21T08:00:00.000Z',
    });
    expect(awolStatus([wardFlag('awol')], now)).toEqual({ since: null });
    expect(
      awolStatus([wardFlag('awol', { start: '2026-11-21T08:00:00Z', end: '2026-11-21T09:00:00Z' })], now),
    ).toBeNull();
    expect(awolStatus([wardFlag('awol', { start: '2026-11-21T08:00:00Z' }, { status: 'inactive' })], now)).toBeNull();
    expect(awolStatus([wardFlag('other', { start: '2026-11-21T08:00:00Z' })], now)).toBeNull();
  });

  it('should not trust a flag with an unreadable period', () => {
    expect(flagInForce(wardFlag('awol', { start: 'last night' }), now)).toBe(false);
  });
});
