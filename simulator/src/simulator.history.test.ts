/**
 * The trust's past over real HTTP, read as a backfilling reader reads it: a window of days in the
 * past by encounter period, incident date and report period, on a full and a minimal server, with
 * beds under bays on some wards. The window's searches find exactly what lies in it, the stays they
 * find give the truth table's census, and the live ward read does not meet the past.
 */
import type {
  AdverseEvent,
  CapabilityStatement,
  Encounter,
  Location,
  MeasureReport,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import { HOUR, NOW, fetchJson, inpatientsOf, searchAll, wardsOf } from './fhir-search.testing.js';
import { startSimulator, type RunningSimulator } from './simulator.js';
import { londonMidnight } from './trust/ward-context.generator.js';
import { addDays, londonDate } from './util/dates.util.js';

const STAFFING_MEASURE = 'https://fhir.wardflow.org/Measure/ward-staffing';
const DAYS = 60;
const TODAY = londonDate(NOW);
/** 30 days in the past, before the live trust's incidents and staffing (the last 8 days). */
const FIRST = addDays(TODAY, -45);
const END = addDays(TODAY, -15);
const FROM = new Date(londonMidnight(FIRST)).toISOString();
const TO = new Date(londonMidnight(END)).toISOString();
const WINDOW_DATES = Array.from({ length: 30 }, (_, i) => addDays(FIRST, i));

const time = (text: string | undefined): number => (text === undefined ? Infinity : Date.parse(text));
const ids = (resources: readonly Resource[]): string[] => resources.map((r) => r.id as string).sort();
const isHistoric = (r: Resource): boolean => (r.id ?? '').startsWith('hist-');

/** The ward and every room and bed under it, as "Location/id", walking partof level by level. */
async function placesOf(baseUrl: string, wardId: string): Promise<string[]> {
  const refs = [`Location/${wardId}`];
  for (let level = [wardId]; level.length > 0;) {
    const children = (
      await searchAll(baseUrl, 'Location', { partof: level.map((id) => `Location/${id}`).join(','), _count: '100' })
    ).matches as Location[];
    level = children.map((l) => l.id as string);
    refs.push(...level.map((id) => `Location/${id}`));
  }
  return refs;
}

const servers = new Map<'full' | 'minimal' | 'without history', RunningSimulator>();

beforeAll(async () => {
  const shapes = { bedLayout: 'mixed', readingLinks: 'mixed' } as const;
  servers.set('full', await startSimulator({ now: () => NOW, wards: 4, historyDays: DAYS, shapes }));
  servers.set(
    'minimal',
    await startSimulator({ now: () => NOW, wards: 4, historyDays: DAYS, shapes, mode: 'minimal' }),
  );
  servers.set('without history', await startSimulator({ now: () => NOW, wards: 4, shapes }));
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

describe.each(['full', 'minimal'] as const)('the past of a trust on a %s server', (mode) => {
  let sim: RunningSimulator;
  let wards: Location[];
  const places = new Map<string, string[]>();

  beforeAll(async () => {
    sim = servers.get(mode) as RunningSimulator;
    wards = await wardsOf(sim.baseUrl);
    for (const ward of wards) places.set(ward.id as string, await placesOf(sim.baseUrl, ward.id as string));
  });

  it('declares the searches a backfill makes', async () => {
    const statement = (await fetchJson<CapabilityStatement>(`${sim.baseUrl}/metadata`)).body;
    const params = (type: string) =>
      (statement.rest?.[0]?.resource?.find((r) => r.type === type)?.searchParam ?? []).map((p) => p.name);
    expect(params('Encounter')).toEqual(expect.arrayContaining(['location', 'date', 'status']));
    expect(params('AdverseEvent')).toEqual(expect.arrayContaining(['location', 'date']));
    expect(params('MeasureReport')).toEqual(expect.arrayContaining(['subject', 'measure', 'period']));
  });

  it('finds by period the stays overlapping a 30-day window and no others, and they give the census', async () => {
    let historicIn = 0;
    let historicOut = 0;
    for (const ward of wards) {
      const location = (places.get(ward.id as string) as string[]).join(',');
      const inWindow = (
        await searchAll(sim.baseUrl, 'Encounter', [
          ['location', location],
          ['date', `ge${FROM}`],
          ['date', `lt${TO}`],
          ['_count', '100'],
        ])
      ).matches as Encounter[];
      const every = (await searchAll(sim.baseUrl, 'Encounter', { location, _count: '100' })).matches as Encounter[];
      const overlapping = every.filter((e) => time(e.period?.start) < time(TO) && time(e.period?.end) >= time(FROM));
      expect(ids(inWindow)).toEqual(ids(overlapping));
      historicIn += inWindow.filter(isHistoric).length;
      historicOut += every.filter(isHistoric).length - inWindow.filter(isHistoric).length;

      // The reader's census from what the window search gave, against the truth table.
      const refs = new Set(places.get(ward.id as string));
      const truth = sim.history().filter((r) => r.wardId === ward.id && WINDOW_DATES.includes(r.date));
      expect(truth.map((r) => r.date)).toEqual(WINDOW_DATES);
      const census = truth.map((row) => {
        const at = londonMidnight(addDays(row.date, 1)) - 1;
        return inWindow.filter((e) =>
          (e.location ?? []).some(
            (l) => refs.has(l.location.reference ?? '') && time(l.period?.start) <= at && time(l.period?.end) > at,
          ),
        ).length;
      });
      expect(census).toEqual(truth.map((r) => r.occupiedAtCensus));
    }
    expect(historicIn).toBeGreaterThan(50);
    expect(historicOut).toBeGreaterThan(50);
  });

  it('finds by date the incidents of the window and no others', async () => {
    let found = 0;
    for (const ward of wards) {
      const location = (places.get(ward.id as string) as string[]).join(',');
      const inWindow = (
        await searchAll(sim.baseUrl, 'AdverseEvent', [
          ['location', location],
          ['date', `ge${FROM}`],
          ['date', `lt${TO}`],
          ['_count', '100'],
        ])
      ).matches as AdverseEvent[];
      const every = (await searchAll(sim.baseUrl, 'AdverseEvent', { location, _count: '100' }))
        .matches as AdverseEvent[];
      expect(ids(inWindow)).toEqual(ids(every.filter((a) => time(a.date) >= time(FROM) && time(a.date) < time(TO))));
      expect(inWindow.every(isHistoric)).toBe(true);
      expect(every.length).toBeGreaterThan(inWindow.length);
      const truth = sim.history().filter((r) => r.wardId === ward.id && WINDOW_DATES.includes(r.date));
      const counted = truth.reduce(
        (n, r) => n + Object.values(r.incidentsByCategory ?? {}).reduce((a, b) => a + b, 0),
        0,
      );
      expect(inWindow).toHaveLength(counted);
      found += inWindow.length;
    }
    expect(found).toBeGreaterThan(0);
  });

  it("finds by period the window's staffing reports, and the day before's that ends as it begins", async () => {
    for (const ward of wards) {
      const subject = `Location/${ward.id}`;
      const inWindow = (
        await searchAll(sim.baseUrl, 'MeasureReport', [
          ['subject', subject],
          ['measure', STAFFING_MEASURE],
          ['period', `ge${FROM}`],
          ['period', `lt${TO}`],
          ['_count', '100'],
        ])
      ).matches as MeasureReport[];
      const every = (
        await searchAll(sim.baseUrl, 'MeasureReport', { subject, measure: STAFFING_MEASURE, _count: '100' })
      ).matches as MeasureReport[];
      // A period's end is part of it: the report of the day before the window ends exactly at its start.
      const dateOf = (m: MeasureReport) => londonDate(time(m.period?.start));
      const expected = every.filter((m) => [addDays(FIRST, -1), ...WINDOW_DATES].includes(dateOf(m)));
      expect(ids(inWindow)).toEqual(ids(expected));
      const withReport = sim
        .history()
        .filter((r) => r.wardId === ward.id && WINDOW_DATES.includes(r.date) && r.staffing !== null)
        .map((r) => r.date);
      expect(
        inWindow
          .map(dateOf)
          .filter((d) => d >= FIRST)
          .sort(),
      ).toEqual(withReport);
      expect(withReport.length).toBeGreaterThan(20);
    }
  });
});

describe('the past beside the live trust', () => {
  let withHistory: RunningSimulator;
  let without: RunningSimulator;

  beforeAll(() => {
    withHistory = servers.get('full') as RunningSimulator;
    without = servers.get('without history') as RunningSimulator;
  });

  it('leaves the live ward read as it was: the same inpatients, and only recent discharges as finished stays', async () => {
    expect(without.history()).toEqual([]);
    expect(withHistory.history()).toHaveLength(4 * DAYS);
    for (const ward of await wardsOf(withHistory.baseUrl)) {
      const current = await inpatientsOf(withHistory.baseUrl, ward.id as string);
      const before = await inpatientsOf(without.baseUrl, ward.id as string);
      expect(ids(current.encounters)).toEqual(ids(before.encounters));
      const flowSince = new Date(NOW - 72 * HOUR).toISOString();
      const polled = (
        await searchAll(withHistory.baseUrl, 'Encounter', {
          location: `Location/${ward.id}`,
          status: 'in-progress,onleave,finished',
          date: `ge${flowSince}`,
          _count: '100',
        })
      ).matches as Encounter[];
      // The past's last stays leave within the movements window: finished, ended since its start.
      for (const e of polled.filter(isHistoric)) {
        expect(e.status).toBe('finished');
        expect(time(e.period?.end)).toBeGreaterThanOrEqual(time(flowSince));
      }
    }
  });

  it('keeps the past as the trust evolves', async () => {
    const count = async () => {
      let n = 0;
      for (const ward of await wardsOf(withHistory.baseUrl)) {
        const every = await searchAll(withHistory.baseUrl, 'Encounter', {
          location: `Location/${ward.id}`,
          _count: '100',
        });
        n += every.matches.filter(isHistoric).length;
        const incidents = await searchAll(withHistory.baseUrl, 'AdverseEvent', {
          location: `Location/${ward.id}`,
          _count: '100',
        });
        n += incidents.matches.filter(isHistoric).length;
      }
      return n;
    };
    const before = await count();
    await withHistory.evolve(4);
    expect(await count()).toBe(before);
    // Readings written as it evolves still take each ward's shape (some name only the patient).
    const readings = (
      await searchAll(withHistory.baseUrl, 'Observation', { date: `ge${new Date(NOW).toISOString()}`, _count: '100' })
    ).matches as Observation[];
    expect(readings.some((o) => o.encounter === undefined)).toBe(true);
    expect(readings.some((o) => o.encounter !== undefined)).toBe(true);
  });
});
