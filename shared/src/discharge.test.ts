import { dischargeReadinessAt, readinessLine } from './discharge.js';
import type { DischargeReadinessOnBoard, PatientOnBoard } from './ward.types.js';

// Monday 7 December 2026, 12:00 GMT.
const now = Date.parse('2026-12-07T12:00:00Z');
const ready = (readyDate: string, extra: Partial<DischargeReadinessOnBoard> = {}): DischargeReadinessOnBoard => ({
  status: 'ready',
  readyDate,
  reviewedAt: null,
  pathway: null,
  delayReasons: [],
  ...extra,
});
const patient = (
  discharge: DischargeReadinessOnBoard | null | undefined,
  delays: PatientOnBoard['delays'] = [],
): Pick<PatientOnBoard, 'discharge' | 'delays'> => ({ discharge, delays });
const dischargeTask = { kind: 'discharge' as const, description: 'Awaiting TTOs', dueAt: null, overdue: false };

describe('dischargeReadinessAt', () => {
  it.each([
    ['ready today', ready('2026-12-07'), now, { ready: true, daysSinceReady: 0, delayed: false }],
    ['ready yesterday: one day delayed', ready('2026-12-06'), now, { ready: true, daysSinceReady: 1, delayed: true }],
    ['ready from a day to come', ready('2026-12-09'), now, { ready: false, daysSinceReady: null, delayed: false }],
    [
      'not ready',
      { ...ready('2026-12-01'), status: 'not-ready', readyDate: null },
      now,
      { ready: false, daysSinceReady: null, delayed: false },
    ],
    // 00:30 BST on Thursday 2 July is still Wednesday 23:30 UTC: London's day decides.
    [
      'just after midnight in summer time',
      ready('2026-07-01'),
      Date.parse('2026-07-01T23:30:00Z'),
      { daysSinceReady: 1 },
    ],
    // The 25-hour Sunday the clocks go back: the Saturday-to-Monday stay is two days, not 2.04.
    ['across the autumn clock change', ready('2026-10-24'), Date.parse('2026-10-26T08:00:00Z'), { daysSinceReady: 2 }],
    ['across the spring clock change', ready('2026-03-28'), Date.parse('2026-03-30T07:30:00Z'), { daysSinceReady: 2 }],
  ])('%s', (_name, discharge, at, expected) => {
    expect(dischargeReadinessAt(patient(discharge as DischargeReadinessOnBoard), at)).toMatchObject(expected);
  });

  it('falls back to an open discharge-delay Task only where readiness is not recorded', () => {
    expect(dischargeReadinessAt(patient(undefined, [dischargeTask]), now)).toMatchObject({
      delayed: true,
      recorded: false,
    });
    expect(dischargeReadinessAt(patient(null, []), now).delayed).toBe(false);
    const notReady = { ...ready('2026-12-01'), status: 'not-ready' as const, readyDate: null };
    expect(dischargeReadinessAt(patient(notReady, [dischargeTask]), now)).toMatchObject({
      delayed: false,
      recorded: true,
    });
    // Only a pathway recorded: readiness is not, so the Task still speaks.
    const pathwayOnly = { ...ready('2026-12-01'), status: null, readyDate: null, pathway: 1 as const };
    expect(dischargeReadinessAt(patient(pathwayOnly, [dischargeTask]), now).delayed).toBe(true);
  });
});

describe('readinessLine', () => {
  const full = (r: DischargeReadinessOnBoard | null) => readinessLine(r, now, 'full');
  const card = (r: DischargeReadinessOnBoard | null) => readinessLine(r, now, 'card');
  const twoReasons = ready('2026-12-04', {
    pathway: 1,
    delayReasons: [
      { reason: 'equipment', text: 'x' },
      { reason: null, text: 'Awaiting POC start' },
    ],
  });
  it.each([
    [
      ready('2026-12-05', { pathway: 1, delayReasons: [{ reason: 'care-package', text: 'x' }] }),
      'Ready since Sat (2 days), pathway 1, awaiting care package',
      'Ready since Sat (2 days) · P1 · care package',
    ],
    [ready('2026-12-07'), 'Ready today', 'Ready today'],
    [ready('2026-12-06', { pathway: 0 }), 'Ready since Sun (1 day), pathway 0', 'Ready since Sun (1 day) · P0'],
    [ready('2026-12-10', { pathway: 3 }), 'Ready from 10 Dec, pathway 3', 'Ready from 10 Dec · P3'],
    [ready('2026-11-30'), 'Ready since 30 Nov (7 days)', 'Ready since 30 Nov (7 days)'],
    [
      twoReasons,
      'Ready since Fri (3 days), pathway 1, awaiting equipment, Awaiting POC start',
      'Ready since Fri (3 days) · P1 · equipment +1',
    ],
    [
      ready('2026-12-04', { delayReasons: [{ reason: null, text: 'Awaiting POC start' }] }),
      'Ready since Fri (3 days), Awaiting POC start',
      'Ready since Fri (3 days) · Awaiting POC start',
    ],
    [{ ...ready('2026-12-04'), status: 'not-ready' as const }, null, null],
    [null, null, null],
  ])('%j', (readiness, inFull, onCard) => {
    expect(full(readiness)).toBe(inFull);
    expect(card(readiness)).toBe(onCard);
  });
});
