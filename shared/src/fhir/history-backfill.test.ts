import type { AdverseEvent, Encounter, EncounterLocation, MeasureReport } from '@medplum/fhirtypes';
import { WARD_CONTEXT } from './fhir-codes.js';
import { addCalendarDays, londonWallClock } from '../london-time.js';
import { measuresFor } from '../measures/measure-catalogue.js';
import {
  backfillWardDays,
  BACKFILLED_MEASURES,
  censusInstant,
  NOT_BACKFILLED,
  type WardPast,
} from './history-backfill.js';
import { scoreImportedDays } from '../history/history-import.js';

const DEFS = measuresFor('acute');
const MH_DEFS = measuresFor('mental-health');
const NOW = Date.parse('2026-12-06T09:00:00Z');
const at = (date: string, hour: number) => londonWallClock(date, hour, 0).toISOString();
const NO_FEEDS = { staffing: [], incidents: [], incidentsImportedAt: null };

const entry = (location: string, start: string, end?: string): EncounterLocation => ({
  location: { reference: `Location/${location}` },
  status: end === undefined ? 'active' : 'completed',
  period: { start, ...(end === undefined ? {} : { end }) },
});

/** A stay on ward-a in bed1 from `start` to `end` (open when absent); `admitted` earlier makes it a transfer in. */
function stay(
  id: string,
  start: string,
  end?: string,
  opts: { admitted?: string; finishedAt?: string } = {},
): Encounter {
  const finished = end !== undefined;
  return {
    resourceType: 'Encounter',
    id,
    status: finished ? 'finished' : 'in-progress',
    class: { code: 'IMP' },
    period: { start: opts.admitted ?? start, ...(finished ? { end: opts.finishedAt ?? end } : {}) },
    location: [entry('ward-a', start, end), entry('bed1', start, end)],
  };
}

function incident(id: string, when: string, category: string): AdverseEvent {
  return {
    resourceType: 'AdverseEvent',
    id,
    actuality: 'actual',
    category: [{ coding: [{ system: WARD_CONTEXT.incidentCategorySystem, code: category }] }],
    subject: { reference: 'Patient/p1' },
    date: when,
    location: { reference: 'Location/ward-a' },
  };
}

function staffingReport(
  date: string,
  hours: { planned: number; actual: number; bank: number; sickness: number },
): MeasureReport {
  const group = (code: string, value: number) => ({
    code: { coding: [{ system: WARD_CONTEXT.staffingGroupSystem, code }] },
    measureScore: { value, unit: 'h', system: 'http://unitsofmeasure.org', code: 'h' },
  });
  return {
    resourceType: 'MeasureReport',
    id: `staffing-${date}`,
    status: 'complete',
    type: 'summary',
    measure: WARD_CONTEXT.staffingMeasure,
    subject: { reference: 'Location/ward-a' },
    date: at(addCalendarDays(date, 1), 1),
    period: {
      start: londonWallClock(date, 0, 0).toISOString(),
      end: londonWallClock(addCalendarDays(date, 1), 0, 0).toISOString(),
    },
    group: [
      group('planned-hours', hours.planned),
      group('actual-hours', hours.actual),
      group('bank-hours', hours.bank),
      group('agency-hours', 0),
      group('sickness-hours', hours.sickness),
    ],
  };
}

function past(extra: Partial<WardPast>): WardPast {
  return {
    wardId: 'ward-a',
    profile: 'acute',
    definitions: DEFS,
    bedCount: 4,
    placeIds: new Set(['bed1', 'bed2', 'bed3', 'bed4']),
    encounters: [],
    incidents: [],
    staffingReports: [],
    feeds: NO_FEEDS,
    ...extra,
  };
}

describe('censusInstant', () => {
  it('should be the last millisecond of the London day, in winter and in summer', () => {
    expect(new Date(censusInstant('2026-12-01')).toISOString()).toBe('2026-12-01T23:59:59.999Z');
    expect(new Date(censusInstant('2026-07-01')).toISOString()).toBe('2026-07-01T22:59:59.999Z');
  });
});

describe('backfillWardDays', () => {
  const D = '2026-11-20';

  it('should count the stays on the ward at the midnight census: not one that left that evening, one that arrived that evening', () => {
    const encounters = [
      stay('long', at('2026-11-01', 10)),
      stay('left', at('2026-11-10', 10), at(D, 18)),
      stay('arrived', at(D, 20)),
      stay('next-day', at(addCalendarDays(D, 1), 9)),
    ];
    const [day] = backfillWardDays(past({ encounters }), [D], NOW).days;
    expect(day?.occupiedBedDays).toBe(2);
    expect(day?.values.occupancy).toBe(50);
  });

  it('should count movements over the 72 hours to the census as the live turbulence measure does (admissions and transfers, not discharges)', () => {
    const encounters = [
      stay('old', at('2026-11-01', 10)),
      stay('admitted', at(D, 10)),
      stay('transfer-in', at(addCalendarDays(D, -1), 10), undefined, { admitted: at(addCalendarDays(D, -3), 10) }),
      stay('discharged', at('2026-11-10', 10), at(D, 11)),
      stay('transferred-out', at('2026-11-10', 10), at(D, 12), { finishedAt: at(addCalendarDays(D, 2), 12) }),
      stay('too-early', at(addCalendarDays(D, -4), 10)),
    ];
    const [day] = backfillWardDays(past({ encounters }), [D], NOW).days;
    expect(day?.values.turbulence).toBe(3);
  });

  it('should read a stay through its bay or bed entry alone, and ignore another ward, cancelled and entered-in-error stays', () => {
    const bedOnly: Encounter = {
      ...stay('bed-only', at('2026-11-01', 10)),
      location: [entry('bed2', at('2026-11-01', 10))],
    };
    const elsewhere: Encounter = {
      ...stay('elsewhere', at('2026-11-01', 10)),
      location: [entry('ward-b', at('2026-11-01', 10))],
    };
    const cancelled: Encounter = { ...stay('cancelled', at('2026-11-01', 10)), status: 'cancelled' };
    const wrong: Encounter = { ...stay('wrong', at('2026-11-01', 10)), status: 'entered-in-error' };
    const [day] = backfillWardDays(past({ encounters: [bedOnly, elsewhere, cancelled, wrong] }), [D], NOW).days;
    expect(day?.occupiedBedDays).toBe(1);
  });

  it('should not count a patient on this ward while they were on another one in between', () => {
    const away: Encounter = {
      ...stay('away', at('2026-11-01', 10), at(D, 10)),
      location: [
        entry('ward-a', at('2026-11-01', 10), at(addCalendarDays(D, -3), 10)),
        entry('icu', at(addCalendarDays(D, -3), 10), at(addCalendarDays(D, -1), 10)),
        entry('ward-a', at(addCalendarDays(D, -1), 10), at(D, 10)),
      ],
    };
    const days = backfillWardDays(
      past({ encounters: [away] }),
      [-4, -3, -2, -1].map((back) => addCalendarDays(D, back)),
      NOW,
    ).days;
    expect(days.map((d) => d.occupiedBedDays)).toEqual([1, 0, 0, 1]);
  });

  it('should leave out only the entry that cannot be placed in time, and count the stay as unreadable', () => {
    const moved: Encounter = {
      ...stay('moved', at('2026-11-01', 10)),
      location: [
        { ...entry('bed2', at('2026-11-01', 10)), status: 'completed' },
        entry('bed3', at(addCalendarDays(D, -2), 10)),
      ],
    };
    const { days, unreadableStays } = backfillWardDays(
      past({ encounters: [moved, stay('b', at('2026-11-01', 10))] }),
      [D],
      NOW,
    );
    expect(days[0]?.occupiedBedDays).toBe(2);
    expect(unreadableStays).toBe(1);
  });

  it('should end an entry left open on a finished encounter with the encounter', () => {
    const unclosed: Encounter = {
      ...stay('unclosed', at('2026-11-01', 10), at(D, 9)),
      location: [{ ...entry('ward-a', at('2026-11-01', 10)), status: 'active' }],
    };
    const [before, after] = backfillWardDays(past({ encounters: [unclosed] }), [addCalendarDays(D, -1), D], NOW).days;
    expect(before?.occupiedBedDays).toBe(1);
    expect(after?.occupiedBedDays).toBe(0);
  });

  it('should call days before the first stay FHIR holds "not known", never an empty ward', () => {
    const [before, after] = backfillWardDays(
      past({ encounters: [stay('first', at(D, 10))] }),
      [addCalendarDays(D, -1), D],
      NOW,
    ).days;
    expect(before?.values.occupancy).toBeNull();
    expect(before?.reasons?.occupancy).toBe('no stays on record this far back');
    expect(before?.occupiedBedDays).toBeNull();
    expect(after?.values.occupancy).toBe(25);
  });

  it('should work out staffing over the 7 days before, as the live measure does, and say so when too few days were reported', () => {
    const reports = [1, 2, 3, 4, 5, 6, 7].map((back) =>
      staffingReport(addCalendarDays(D, -back), { planned: 100, actual: 90, bank: 9, sickness: 5 }),
    );
    const encounters = [stay('one', at('2026-11-01', 10))];
    const [full] = backfillWardDays(past({ encounters, staffingReports: reports }), [D], NOW).days;
    expect(full?.values['fill-rate']).toBe(90);
    expect(full?.values['bank-agency']).toBe(10);
    expect(full?.values.sickness).toBe(5);
    const [short] = backfillWardDays(past({ encounters, staffingReports: reports.slice(0, 2) }), [D], NOW).days;
    expect(short?.values['fill-rate']).toBeNull();
    expect(short?.reasons?.['fill-rate']).toBe('staffing reported for 2 of the last 7 days');
  });

  it('should count incidents per 1,000 occupied bed days over the trailing week, and the day’s harm incidents', () => {
    const encounters = [stay('a', at('2026-11-01', 10)), stay('b', at('2026-11-01', 11))];
    const incidents = [
      incident('i1', at(D, 14), 'fall'),
      incident('i2', at(addCalendarDays(D, -3), 14), 'fall'),
      incident('i3', at(addCalendarDays(D, -8), 14), 'fall'),
      incident('i4', at(addCalendarDays(D, 1), 14), 'fall'),
      incident('i5', at(D, 15), 'hypoglycaemia'),
    ];
    const [day] = backfillWardDays(past({ encounters, incidents }), [D], NOW).days;
    // 2 falls over 14 occupied bed days.
    expect(day?.values.falls).toBe(142.9);
    expect(day?.values.hypoglycaemia).toBe(1);
    expect(day?.harmIncidents).toBe(2);
  });

  it('should give each day’s outcomes for the run charts: discharges before London noon, falls and low glucose, never VTE', () => {
    const encounters = [
      stay('long', at('2026-11-01', 10)),
      stay('morning', at('2026-11-10', 10), at(D, 11)),
      stay('evening', at('2026-11-10', 10), at(D, 17)),
      // Moved to another ward that morning: a transfer out, not a discharge.
      {
        ...stay('moved', at('2026-11-10', 10), at(D, 9)),
        status: 'in-progress',
        period: { start: at('2026-11-10', 10) },
      } as Encounter,
    ];
    const incidents = [
      incident('i1', at(D, 14), 'fall'),
      incident('i2', at(D, 15), 'hypoglycaemia'),
      incident('i3', at(addCalendarDays(D, -1), 14), 'fall'),
    ];
    const { outcomes } = backfillWardDays(past({ encounters, incidents }), [addCalendarDays(D, -1), D], NOW);
    expect(outcomes).toEqual([
      { date: addCalendarDays(D, -1), vte: null, discharges: { total: 0, beforeNoon: 0 }, falls: 1, lowGlucose: 0 },
      { date: D, vte: null, discharges: { total: 2, beforeNoon: 1 }, falls: 1, lowGlucose: 1 },
    ]);
    // No incidents to ask for: the counts are not known, and a day with no stays known says nothing.
    const unknown = backfillWardDays(past({ encounters, incidents: null }), [D], NOW).outcomes;
    expect(unknown).toEqual([
      { date: D, vte: null, discharges: { total: 2, beforeNoon: 1 }, falls: null, lowGlucose: null },
    ]);
    expect(backfillWardDays(past({ encounters: [], incidents: null }), [D], NOW).outcomes).toEqual([]);
  });

  it('should take incidents and staffing from the feeds where FHIR could not be asked, and withhold them where neither speaks', () => {
    const encounters = [stay('a', at('2026-11-01', 10))];
    const none = backfillWardDays(past({ encounters, incidents: null, staffingReports: null }), [D], NOW).days[0];
    expect(none?.values.falls).toBeNull();
    expect(none?.reasons?.falls).toBe('incidents not available from FHIR or an incident feed');
    expect(none?.reasons?.['fill-rate']).toBe('staffing not available from FHIR or a roster feed');
    expect(none?.harmIncidents).toBeNull();
    const feeds = {
      staffing: [1, 2, 3, 4].map((back) => ({
        date: addCalendarDays(D, -back),
        plannedHours: 100,
        actualHours: 80,
        bankHours: 0,
        agencyHours: 0,
        sicknessHours: 0,
        importedAt: '2026-12-01T07:00:00Z',
      })),
      incidents: [
        { ref: 'datix-1', categories: ['fall' as const], occurredAt: at(D, 9), importedAt: '2026-12-01T07:00:00Z' },
      ],
      incidentsImportedAt: '2026-12-01T07:00:00Z',
    };
    const fed = backfillWardDays(past({ encounters, incidents: null, staffingReports: null, feeds }), [D], NOW).days[0];
    expect(fed?.values['fill-rate']).toBe(80);
    expect(fed?.harmIncidents).toBe(1);
    expect(fed?.values.falls).not.toBeNull();
    // An export speaks for the days before it came, not for days after the feed stopped.
    const stale = backfillWardDays(
      past({
        encounters,
        incidents: null,
        staffingReports: null,
        feeds: { ...feeds, incidentsImportedAt: at(addCalendarDays(D, -2), 7) },
      }),
      [D],
      NOW,
    ).days[0];
    expect(stale?.values.falls).toBeNull();
    expect(stale?.harmIncidents).toBeNull();
  });

  it('should leave every measure FHIR’s past cannot give null with the reason, never 0', () => {
    const [day] = backfillWardDays(past({ encounters: [stay('a', at('2026-11-01', 10))] }), [D], NOW).days;
    for (const def of DEFS.filter((d) => !BACKFILLED_MEASURES.includes(d.id))) {
      expect(day?.values[def.id]).toBeNull();
      expect(day?.reasons?.[def.id]).toBe(NOT_BACKFILLED);
    }
    const [mh] = backfillWardDays(
      past({ profile: 'mental-health', definitions: MH_DEFS, encounters: [stay('a', at('2026-11-01', 10))] }),
      [D],
      NOW,
    ).days;
    expect(mh?.values['enhanced-observations']).toBeNull();
    expect(mh?.values.awol).toBeNull();
    expect(mh?.values['self-harm']).toBe(0);
  });

  it('should give days that score to a composite with the not-backfilled reasons kept on the cells', () => {
    const reports = [1, 2, 3, 4, 5, 6, 7].map((back) =>
      staffingReport(addCalendarDays(D, -back), { planned: 100, actual: 95, bank: 9, sickness: 5 }),
    );
    const days = backfillWardDays(
      past({ encounters: [stay('a', at('2026-11-01', 10))], staffingReports: reports }),
      [D],
      NOW,
    ).days;
    const [scored] = scoreImportedDays(days, () => DEFS);
    expect(scored?.composite).not.toBeNull();
    expect(scored?.cells.find((c) => c.measureId === 'deteriorating')?.reason).toBe(NOT_BACKFILLED);
  });
});
