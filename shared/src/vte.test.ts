import { fractionWords, vteAt, wardVte } from './vte.js';
import type { VteOnBoard } from './ward.types.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;
const vte = (
  state: VteOnBoard['assessment']['state'],
  dueHoursAgo: number,
  extra: Partial<VteOnBoard> = {},
): VteOnBoard => ({
  assessment: { dueAt: new Date(now - dueHoursAgo * HOUR).toISOString(), doneAt: null, state },
  outcome: null,
  prophylaxis: null,
  ...extra,
});

describe('vteAt', () => {
  it('should read a "due" stored at the poll as overdue once the time has passed', () => {
    expect(vteAt(vte('due', 0.5), now)?.assessment).toBe('overdue');
    expect(vteAt(vte('due', -0.5), now)?.assessment).toBe('due');
    expect(vteAt(vte('done', 5), now)?.assessment).toBe('done');
  });
  it('should say prophylaxis is missing only where the assessment calls for it', () => {
    expect(vteAt(vte('done', 5, { outcome: 'indicated' }), now)?.prophylaxisMissing).toBe(true);
    expect(vteAt(vte('done', 5, { outcome: 'contraindicated' }), now)?.prophylaxisMissing).toBe(false);
    expect(
      vteAt(
        vte('done', 5, { outcome: 'indicated', prophylaxis: { medication: 'Enoxaparin', prescribedAt: null } }),
        now,
      )?.prophylaxisMissing,
    ).toBe(false);
    expect(vteAt(null, now)).toBeNull();
  });
});

describe('wardVte', () => {
  it('should count assessments in time once done or once the window has closed, and prophylaxis where indicated', () => {
    const patients = [
      { vte: vte('done', 5, { outcome: 'indicated', prophylaxis: { medication: 'Enoxaparin', prescribedAt: null } }) },
      { vte: vte('done-late', 5, { outcome: 'indicated' }) },
      { vte: vte('due', 2) }, // now overdue: counted, not in time
      { vte: vte('due', -3) }, // window still open: not counted
      { vte: vte('done', -3, { outcome: 'not-indicated' }) }, // done early, window still open: counted in time
      { vte: { ...vte('unknown', 0), assessment: { dueAt: null, doneAt: null, state: 'unknown' as const } } },
      { vte: undefined },
    ];
    expect(wardVte(patients, now)).toEqual({
      assessedInTime: { numerator: 2, denominator: 4 },
      prophylaxisWhereIndicated: { numerator: 1, denominator: 2 },
      unknown: 1,
    });
  });
  it('should say the fraction in words', () => {
    expect(fractionWords({ numerator: 23, denominator: 25 })).toBe('92% (23 of 25)');
    expect(fractionWords({ numerator: 0, denominator: 0 })).toBe('none yet');
  });
});
