/**
 * The trust's past as FHIR, checked from the resources themselves as a reader would count them: the
 * census of every ward-date, the movements, incidents and staffing, against the simulated days and
 * the truth table; and that the past stays out of the live trust's way (finished, own ids, no day of
 * incidents or staffing from both).
 */
import { validateResource } from '@medplum/core';
import type { AdverseEvent, Encounter, Location, MeasureReport, Patient, Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../http/fhir-definitions.loader.js';
import { generateTrust, type GeneratedTrust } from '../trust/trust.generator.js';
import { londonMidnight } from '../trust/ward-context.generator.js';
import { addDays, londonDate } from '../util/dates.util.js';
import {
  buildHistoryFhir,
  HISTORY_INCIDENT_CATEGORIES,
  liveWardContextStart,
  type HistoryFhir,
  type HistoryTruthRow,
} from './history-fhir.js';
import {
  generateWardHistory,
  simulateWardDays,
  type HistoryWard,
  type SimulatedWardHistory,
} from './ward-history.generator.js';

const NOW = Date.parse('2026-11-21T10:30:00Z');
const DAYS = 180;
const HOUR = 3_600_000;
// The contract's literals, written out again so a typo on either side shows.
const INCIDENT_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/incident-category';
const STAFFING_MEASURE = 'https://fhir.wardflow.org/Measure/ward-staffing';
const STAFFING_SYSTEM = 'https://fhir.wardflow.org/CodeSystem/staffing-measure';

const ofType = <T extends Resource>(resources: readonly Resource[], type: T['resourceType']): T[] =>
  resources.filter((r): r is T => r.resourceType === type);
const time = (text: string | undefined): number => (text === undefined ? Infinity : Date.parse(text));
const refId = (reference: string | undefined): string => reference?.split('/')[1] ?? '';

/** "Location/id" of the ward and all under it, and its beds, walking partOf from the resources. */
function placesOf(resources: readonly Resource[], wardId: string): { refs: Set<string>; beds: string[] } {
  const locations = ofType<Location>(resources, 'Location');
  const under = new Set([wardId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const l of locations) {
      if (under.has(l.id as string) || !under.has(refId(l.partOf?.reference))) continue;
      under.add(l.id as string);
      grew = true;
    }
  }
  const beds = locations
    .filter((l) => under.has(l.id as string) && l.physicalType?.coding?.[0]?.code === 'bd')
    .map((l) => l.id as string);
  return { refs: new Set([...under].map((id) => `Location/${id}`)), beds };
}

/** The reader's census rule: an entry on one of the ward's places has begun by `at` and not ended. */
const onWardAt = (e: Encounter, refs: ReadonlySet<string>, at: number): boolean =>
  spansOn(e, refs).some(([start, end]) => start <= at && end > at);

/** [start, end) of each of the encounter's entries on the ward's places, end Infinity while open. */
const spansOn = (e: Encounter, refs: ReadonlySet<string>): [number, number][] =>
  (e.location ?? [])
    .filter((l) => refs.has(l.location.reference ?? ''))
    .map((l) => [time(l.period?.start), time(l.period?.end)]);

const censusOf = (date: string): number => londonMidnight(addDays(date, 1)) - 1;

describe('buildHistoryFhir', () => {
  let trust: GeneratedTrust;
  let history: HistoryFhir;
  let buildMs: number;
  let all: Resource[];
  let historicEncounters: Encounter[];
  let places: Map<string, { refs: Set<string>; beds: string[] }>;
  let simulated: SimulatedWardHistory[];

  beforeAll(() => {
    loadFhirDefinitions();
    // Bays on some wards: beds under rooms must count as the ward's.
    trust = generateTrust({
      seed: 1,
      sites: 2,
      wards: 12,
      bedsPerWard: [20, 30],
      nowMs: NOW,
      shapes: { bedLayout: 'mixed', readingLinks: 'mixed' },
    });
    const started = performance.now();
    history = buildHistoryFhir({ state: trust.state, resources: trust.resources, historyDays: DAYS, nowMs: NOW });
    buildMs = performance.now() - started;
    all = [...trust.resources, ...history.resources];
    historicEncounters = ofType<Encounter>(history.resources, 'Encounter');
    places = new Map(trust.state.wards.map((w) => [w.id, placesOf(trust.resources, w.id)]));
    // The days as simulated with the wards' real bed counts, worked out here from the Locations.
    simulated = simulateWardDays({
      seed: 1,
      wards: trust.state.wards.map((w) => ({ id: w.id, profile: w.profile, beds: places.get(w.id)?.beds.length ?? 0 })),
      days: DAYS,
      endDate: addDays(londonDate(NOW), -1),
    });
  });

  const rowsOf = (wardId: string): HistoryTruthRow[] => history.truth.filter((r) => r.wardId === wardId);

  it('should build 12 wards x 180 days in well under 5 s, one truth row per ward-date', () => {
    expect(buildMs).toBeLessThan(5_000);
    expect(history.truth).toHaveLength(12 * DAYS);
    expect(history.resources.length).toBeGreaterThan(12 * DAYS);
    const wardDates = rowsOf(trust.state.wards[0]?.id as string).map((r) => r.date);
    expect(wardDates[0]).toBe(addDays(londonDate(NOW), -DAYS));
    expect(wardDates.at(-1)).toBe(addDays(londonDate(NOW), -1));
  });

  it('should put the simulated number of stays on each ward at every census, live stays counting first', () => {
    const encounters = ofType<Encounter>(all, 'Encounter');
    const wrong: string[] = [];
    let short = 0;
    trust.state.wards.forEach((ward, w) => {
      const { refs } = places.get(ward.id) as { refs: Set<string> };
      const mine = encounters
        .map((e) => ({ live: !(e.id as string).startsWith('hist-'), spans: spansOn(e, refs) }))
        .filter((e) => e.spans.length > 0);
      rowsOf(ward.id).forEach((row, i) => {
        const day = simulated[w]?.days[i];
        const at = censusOf(row.date);
        const there = mine.filter((e) => e.spans.some(([start, end]) => start <= at && end > at));
        const counted = there.length;
        const live = there.filter((e) => e.live).length;
        const say = `${ward.id} ${row.date}: ${counted} at census, ${live} live, simulated ${day?.occupied}`;
        if (day?.date !== row.date || row.simulatedOccupied !== day.occupied || counted !== row.occupiedAtCensus)
          wrong.push(`${say}, table ${row.occupiedAtCensus}/${row.simulatedOccupied}`);
        // Exactly the simulated figure, unless the live trust's own stays are more (then they alone).
        if (counted === day?.occupied) return;
        short++;
        if (counted !== live || live <= day!.occupied) wrong.push(say);
      });
    });
    expect(wrong).toEqual([]);
    expect(short / history.truth.length).toBeLessThan(0.03);
  });

  it('should leave every historic stay finished before now, on a bed of its ward, shaped as a live one', () => {
    const wrong: string[] = [];
    let transfersIn = 0;
    let transfersOut = 0;
    const todayMs = londonMidnight(londonDate(NOW));
    for (const e of historicEncounters) {
      const problems: string[] = [];
      const [wardEntry, bedEntry, ...others] = e.location ?? [];
      const wardPlaces = places.get(refId(wardEntry?.location.reference));
      const arrive = time(wardEntry?.period?.start);
      const leave = time(wardEntry?.period?.end);
      const start = time(e.period?.start);
      const end = time(e.period?.end);
      if (e.status !== 'finished' || e.class?.code !== 'IMP') problems.push('not a finished inpatient stay');
      if (!(end < NOW)) problems.push('ends after now');
      if (others.length > 0 || wardPlaces === undefined) problems.push('not a ward entry and a bed entry');
      if (!wardPlaces?.beds.includes(refId(bedEntry?.location.reference))) problems.push('bed not on the ward');
      for (const entry of [wardEntry, bedEntry])
        if (entry?.status !== 'completed' || JSON.stringify(entry.period) !== JSON.stringify(wardEntry?.period))
          problems.push('entries not completed together');
      if (!(leave > arrive && start <= arrive && end >= leave)) problems.push('periods out of order');
      if (start < arrive) {
        transfersIn++;
        if (arrive - start < 24 * HOUR || arrive - start > 72 * HOUR) problems.push('transfer in not 1-3 days');
      }
      if (end > leave) {
        transfersOut++;
        if (end - leave < 24 * HOUR || end - leave > 72 * HOUR) problems.push('transfer out not 1-3 days');
      }
      // Away from the census at midnight: 08:00 to 21:00 (an hour either way the days the clocks
      // change), or for the last to leave, today before now.
      for (const at of [arrive, leave]) {
        const hours = (at - londonMidnight(londonDate(at))) / HOUR;
        if (at < todayMs && (hours < 7 || hours >= 22)) problems.push(`at ${hours.toFixed(1)} h`);
      }
      if (problems.length > 0) wrong.push(`${e.id}: ${problems.join(', ')}`);
    }
    expect(wrong).toEqual([]);
    expect(transfersIn / historicEncounters.length).toBeGreaterThan(0.18);
    expect(transfersIn / historicEncounters.length).toBeLessThan(0.32);
    expect(transfersOut / historicEncounters.length).toBeGreaterThan(0.13);
    expect(transfersOut / historicEncounters.length).toBeLessThan(0.27);
  });

  it('should count in the truth table the arrivals and leavings the resources show, near the simulated movements', () => {
    const encounters = ofType<Encounter>(all, 'Encounter');
    const wrong: string[] = [];
    let moved = 0;
    for (const ward of trust.state.wards) {
      const entries = encounters.flatMap((e) => {
        const entry = e.location?.find((l) => l.location.reference === `Location/${ward.id}`);
        if (entry === undefined) return [];
        const [arrive, leave] = [time(entry.period?.start), time(entry.period?.end)];
        return [
          { arrive, leave, transferIn: time(e.period?.start) < arrive, transferOut: time(e.period?.end) > leave },
        ];
      });
      for (const row of rowsOf(ward.id)) {
        const from = londonMidnight(row.date);
        const to = censusOf(row.date) + 1;
        const inDay = (at: number) => at >= from && at < to;
        const arriving = entries.filter((e) => inDay(e.arrive));
        const leaving = entries.filter((e) => inDay(e.leave));
        // Transfers: the encounter began before the ward entry, or ends after it.
        const counted = {
          arrivals: {
            admissions: arriving.filter((e) => !e.transferIn).length,
            transfersIn: arriving.filter((e) => e.transferIn).length,
          },
          leavings: {
            discharges: leaving.filter((e) => !e.transferOut).length,
            transfersOut: leaving.filter((e) => e.transferOut).length,
          },
        };
        const table = { arrivals: row.arrivals, leavings: row.leavings };
        if (JSON.stringify(counted) !== JSON.stringify(table))
          wrong.push(`${ward.id} ${row.date}: ${JSON.stringify(counted)} vs ${JSON.stringify(table)}`);
        moved += arriving.length + leaving.length;
      }
    }
    expect(wrong).toEqual([]);
    // Live stays' own arrivals add to the historic ones, which follow the simulated movements.
    const movements = simulated.flatMap((w) => w.days).reduce((a, d) => a + d.movements, 0);
    expect(moved / movements).toBeGreaterThan(0.9);
    expect(moved / movements).toBeLessThan(1.4);
  });

  it('should give every resource an id of its own and every patient a number of their own, with readmissions', () => {
    const keys = all.map((r) => `${r.resourceType}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const patients = ofType<Patient>(all, 'Patient');
    const numbers = patients.map((p) => p.identifier?.[0]?.value);
    expect(new Set(numbers).size).toBe(patients.length);
    const patientIds = new Set(patients.map((p) => p.id));
    const stays = new Map<string, [number, number][]>();
    for (const e of historicEncounters) {
      const id = refId(e.subject?.reference);
      stays.set(id, [...(stays.get(id) ?? []), [time(e.period?.start), time(e.period?.end)]]);
    }
    expect([...stays.keys()].filter((id) => !patientIds.has(id))).toEqual([]);
    expect([...stays.values()].some((list) => list.length > 1)).toBe(true);
    // A patient is never in two stays at once.
    const overlapping = [...stays].filter(([, list]) =>
      [...list]
        .sort((a, b) => a[0] - b[0])
        .some((span, i, sorted) => i > 0 && span[0] <= (sorted[i - 1] as number[])[1]!),
    );
    expect(overlapping.map(([id]) => id)).toEqual([]);
  });

  it('should publish incidents and staffing only for the days before the live trust publishes its own', () => {
    const start = liveWardContextStart(NOW);
    expect(start).toBe('2026-11-13');
    const historic = ofType<AdverseEvent>(history.resources, 'AdverseEvent');
    const live = ofType<AdverseEvent>(trust.resources, 'AdverseEvent');
    expect(historic.every((a) => londonDate(time(a.date)) < start)).toBe(true);
    expect(live.every((a) => londonDate(time(a.date)) >= start)).toBe(true);
    const historicReports = ofType<MeasureReport>(history.resources, 'MeasureReport');
    const liveReports = ofType<MeasureReport>(trust.resources, 'MeasureReport');
    expect(historicReports.every((m) => londonDate(time(m.period?.start)) < start)).toBe(true);
    expect(liveReports.every((m) => londonDate(time(m.period?.start)) >= start)).toBe(true);
    expect(history.truth.filter((r) => r.wardContext === 'live').every((r) => r.date >= start)).toBe(true);
    expect(history.truth.filter((r) => r.wardContext === 'history').every((r) => r.date < start)).toBe(true);
  });

  it('should publish the simulated incidents, each on the ward with a patient there at the time', () => {
    const incidents = ofType<AdverseEvent>(history.resources, 'AdverseEvent');
    const encounters = new Map(historicEncounters.map((e) => [e.id, e]));
    const patients = new Set(ofType<Patient>(history.resources, 'Patient').map((p) => p.id));
    const wrong: string[] = [];
    let withEncounter = 0;
    trust.state.wards.forEach((ward, w) => {
      const byDate = new Map<string, Record<string, number>>();
      for (const a of incidents.filter((x) => x.location?.reference === `Location/${ward.id}`)) {
        const codes = (a.category ?? []).flatMap((c) => c.coding ?? []).filter((c) => c.system === INCIDENT_SYSTEM);
        const code = codes[0]?.code ?? '';
        const date = londonDate(time(a.date));
        const counts = byDate.get(date) ?? {};
        counts[code] = (counts[code] ?? 0) + 1;
        byDate.set(date, counts);
        if (codes.length !== 1 || a.actuality !== 'actual')
          wrong.push(`${a.id}: ${codes.length} codes, ${a.actuality}`);
        if (!patients.has(refId(a.subject.reference))) wrong.push(`${a.id}: unknown patient`);
        if (a.encounter === undefined) continue;
        withEncounter++;
        const stay = encounters.get(refId(a.encounter.reference));
        if (
          stay === undefined ||
          stay.subject?.reference !== a.subject.reference ||
          !onWardAt(stay, new Set([`Location/${ward.id}`]), time(a.date))
        )
          wrong.push(`${a.id}: not in a stay on the ward at the time`);
      }
      for (const [i, row] of rowsOf(ward.id).entries()) {
        const expected: Record<string, number> | null = row.wardContext === 'live' ? null : {};
        simulated[w]?.days[i]?.incidents.forEach((n, k) => {
          if (expected !== null && n > 0) expected[HISTORY_INCIDENT_CATEGORIES[ward.profile][k] as string] = n;
        });
        const published = byDate.get(row.date) ?? (row.wardContext === 'live' ? null : {});
        const say = (x: unknown) => JSON.stringify(x === null ? null : Object.entries(x as object).sort());
        if (say(published) !== say(expected) || say(row.incidentsByCategory) !== say(expected))
          wrong.push(`${ward.id} ${row.date}: ${say(published)}, table ${say(row.incidentsByCategory)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(incidents.length).toBeGreaterThan(0);
    expect(withEncounter / incidents.length).toBeGreaterThan(0.95);
  });

  it('should publish the simulated staffing, bank and agency split 70:30, to a tenth of an hour', () => {
    const reports = new Map(ofType<MeasureReport>(history.resources, 'MeasureReport').map((m) => [m.id, m]));
    const hours = (m: MeasureReport, code: string) =>
      m.group?.find((g) => g.code?.coding?.[0]?.system === STAFFING_SYSTEM && g.code.coding[0].code === code)
        ?.measureScore?.value;
    const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) <= 0.05 + 1e-9;
    const wrong: string[] = [];
    let missing = 0;
    trust.state.wards.forEach((ward, w) => {
      for (const [i, row] of rowsOf(ward.id).entries()) {
        const report = reports.get(`staffing-${ward.id}-${row.date}`);
        const s = simulated[w]?.days[i]?.staffing ?? null;
        const say = `${ward.id} ${row.date}`;
        if (row.wardContext === 'live' || s === null) {
          if (report !== undefined || row.staffing !== null) wrong.push(`${say}: a report where none should be`);
          if (row.wardContext === 'history') missing++;
          continue;
        }
        if (report === undefined) {
          wrong.push(`${say}: no report`);
          continue;
        }
        const shape = {
          status: report.status,
          measure: report.measure,
          subject: report.subject?.reference,
          period: report.period,
        };
        const expectedShape = {
          status: 'complete',
          measure: STAFFING_MEASURE,
          subject: `Location/${ward.id}`,
          period: {
            start: new Date(londonMidnight(row.date)).toISOString(),
            end: new Date(censusOf(row.date) + 1).toISOString(),
          },
        };
        if (JSON.stringify(shape) !== JSON.stringify(expectedShape)) wrong.push(`${say}: ${JSON.stringify(shape)}`);
        const published = {
          planned: hours(report, 'planned-hours'),
          actual: hours(report, 'actual-hours'),
          bank: hours(report, 'bank-hours'),
          agency: hours(report, 'agency-hours'),
          sickness: hours(report, 'sickness-hours'),
        };
        if (JSON.stringify(published) !== JSON.stringify(row.staffing))
          wrong.push(`${say}: table ${JSON.stringify(row.staffing)}`);
        if (
          !near(published.planned, s.planned) ||
          !near(published.actual, s.actual) ||
          !near(published.sickness, s.sickness) ||
          !near(published.bank, s.bankAgency * 0.7) ||
          !near(published.agency, s.bankAgency * 0.3)
        )
          wrong.push(`${say}: ${JSON.stringify(published)} simulated ${JSON.stringify(s)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(missing).toBeGreaterThan(0);
  });

  it('should be valid R4', () => {
    for (const type of ['Patient', 'Encounter', 'AdverseEvent', 'MeasureReport'] as const) {
      const sample = history.resources.filter((r) => r.resourceType === type).slice(0, 20);
      expect(sample.length).toBeGreaterThan(0);
      for (const resource of sample) {
        const errors = validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
        expect(errors).toEqual([]);
      }
    }
  });

  it('should give the same resources for the same trust, days and now, and none for 0 days', () => {
    const small = () => {
      const t = generateTrust({ seed: 3, sites: 1, wards: 2, bedsPerWard: [10, 14], nowMs: NOW });
      return buildHistoryFhir({ state: t.state, resources: t.resources, historyDays: 30, nowMs: NOW });
    };
    const first = small();
    expect(small()).toEqual(first);
    const other = generateTrust({ seed: 4, sites: 1, wards: 2, bedsPerWard: [10, 14], nowMs: NOW });
    expect(
      buildHistoryFhir({ state: other.state, resources: other.resources, historyDays: 30, nowMs: NOW }).truth,
    ).not.toEqual(first.truth);
    expect(buildHistoryFhir({ state: other.state, resources: other.resources, historyDays: 0, nowMs: NOW })).toEqual({
      resources: [],
      truth: [],
    });
    expect(() =>
      buildHistoryFhir({ state: other.state, resources: other.resources, historyDays: 1.5, nowMs: NOW }),
    ).toThrow(/historyDays/);
  });
});

describe('simulateWardDays', () => {
  it('should give the very days behind generateWardHistory rows', () => {
    const wards: HistoryWard[] = [
      { id: 'mh-1', profile: 'mental-health', beds: 18 },
      { id: 'acute-1', profile: 'acute', beds: 28 },
    ];
    const options = { seed: 7, wards, days: 60, endDate: '2026-11-21' };
    const rows = generateWardHistory(options);
    const days = simulateWardDays(options).flatMap((w) => w.days.map((d) => ({ wardId: w.wardId, ...d })));
    expect(days.map((d) => [d.wardId, d.date, d.occupied, d.incidents.reduce((a, b) => a + b, 0)])).toEqual(
      rows.map((r) => [r.wardId, r.date, r.occupiedBedDays, r.harmIncidents]),
    );
    expect(() => simulateWardDays({ ...options, endDate: 'soon' })).toThrow(/simulateWardDays: endDate/);
  });
});
