// Render-cost harness (docs/design.md section 11: "a 40-bed ward board and a 30 x 10 heat map render in
// <= 50 ms after an update; no memory growth over 1,000 updates"). Shared by `render.bench.mjs` (the
// full run) and `test/browser/render-cost.browser.test.ts` (a short run with assertions), so both
// measure the same thing the same way.
//
// What it does:
//   - serves the BUILT client (client/dist) from node:http, with a real Socket.IO server on the same
//     port speaking the contract in shared/src/socket-events.ts (subscribe acks carry `{ data }`,
//     heartbeats, `ward:board` / `heatmap` pushes with increasing `version`) and plausible answers for
//     the REST endpoints the screens can call, so the page logs no errors;
//   - generates synthetic but realistic data from fixed seeds with the real shared rules (NEWS2 bands
//     and due times, census, measure bands, composite, trend, heat-map composition);
//   - drives Chromium through playwright-core and times, inside the page, each update from the
//     WebSocket message's arrival to the end of the frame that shows it.
//
// How a render is timed: an init script wraps `window.WebSocket` so every incoming message records
// `performance.now()` before the page's own handler runs (our listener is added in the constructor,
// before engine.io sets `onmessage`). Before each update the bench arms a MutationObserver on #root
// with the DOM values the update must produce; when a mutation leaves the DOM showing all of them,
// that is the commit. Then requestAnimationFrame + a MessageChannel message: the message task runs
// right after that frame's style, layout and paint, so its time is "the end of the frame that shows
// it" without the extra frame a double rAF would add (up to 16.7 ms, a third of the budget).
// The next update is sent only after the previous one is on screen.
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The fake server's one heat-map room (the real server has one per distinct scope). */
const HEATMAP_ROOM_HERE = 'heatmap:*';
const SESSION_IDENTITY = {
  kind: 'token',
  id: 'render-bench',
  name: 'Render bench',
  grants: [
    { role: 'ward-staff', wards: '*', sites: '*' },
    { role: 'inpatient-lead', wards: '*', sites: '*' },
  ],
};
import { Server as SocketServer } from 'socket.io';
import {
  DEFAULT_MEASURES,
  bandFor,
  composeHeatmap,
  compositeScore,
  computeCensus,
  heatmapMeasures,
  news2Band,
  news2DueAt,
  trendOf,
  wardRoom,
} from '@wardflow/shared';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENT_DIST = join(REPO_ROOT, 'client/dist');

/** Faster than the 30 s contract period so a run of a few minutes sees several, as a real screen would. */
export const BENCH_HEARTBEAT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast and good enough for synthetic data; the same seed gives the same run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const iso = (ms) => new Date(ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const londonDateOf = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(ms);

// ---------------------------------------------------------------------------------------------
// Ward board: 40 beds on an acute ward
// ---------------------------------------------------------------------------------------------

export const BENCH_WARD = Object.freeze({
  id: 'ward-bench-7b',
  name: 'Ward 7B Acute Medical Unit',
  siteId: 'site-bench',
  siteName: 'Bench General Hospital',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
});

const BED_COUNT = 40;
/** Beds whose patients have every flag at once: the densest cards, the ones FittedCard has to shrink. */
const DENSE_BEDS = new Set([3, 11, 19, 27, 35]);
/** Beds out of use, as on any real ward. */
const FIXED_STATUS = new Map([
  [8, 'closed'],
  [16, 'reserved'],
  [24, 'blocked'],
]);
const LETTERS = 'ABCDEFGHJKLMNPRSTW';

/**
 * A 40-bed ward that changes a few beds per update: NEWS2 scores (always at least one, so every
 * update is visible), flags coming and going, discharges (bed to cleaning), cleaning finished, and
 * admissions. Five patients carry every flag the card can show.
 */
export function createBoardGenerator(seed = 7, wardId = BENCH_WARD.id) {
  const rnd = seededRandom(seed);
  const ward = { ...BENCH_WARD, id: wardId };
  let encounter = 0;
  let version = 0;
  const admissions = [];
  const discharges = [];

  const news2At = (score, observedAt, single3 = false, source = 'reported') => {
    const band = news2Band(score, single3);
    return {
      score,
      band,
      source,
      anySingleParameterScored3: single3,
      observedAt: iso(observedAt),
      dueAt: news2DueAt(iso(observedAt), score, band),
    };
  };
  const lowScore = () => (rnd.chance(0.8) ? rnd.int(0, 3) : rnd.chance(0.6) ? rnd.int(4, 6) : rnd.int(7, 11));
  const initials = () => `${rnd.pick(LETTERS)}.${rnd.pick(LETTERS)}.`;
  const assessments = (now, overdue) => [
    {
      id: 'falls-risk',
      label: 'Falls risk assessment',
      lastDoneAt: iso(now - 3 * DAY),
      dueAt: iso(now + (overdue ? -5 : 20) * HOUR),
      state: overdue ? 'overdue' : 'in-time',
    },
    {
      id: 'must',
      label: 'MUST nutrition screen',
      lastDoneAt: null,
      dueAt: iso(now + (overdue ? -2 : 30) * HOUR),
      state: overdue ? 'overdue' : 'in-time',
    },
  ];

  function ordinaryPatient(now) {
    encounter += 1;
    const single3 = rnd.chance(0.1);
    const score = single3 ? rnd.int(3, 4) : lowScore();
    return {
      encounterId: `enc-bench-${encounter}`,
      initials: initials(),
      sameInitialsAs: [],
      admittedAt: iso(now - rnd.int(2, 20 * 24) * HOUR),
      expectedDischargeDate: rnd.chance(0.6) ? londonDateOf(now + rnd.int(-2, 7) * DAY) : null,
      onLeave: rnd.chance(0.05),
      news2: rnd.chance(0.95)
        ? news2At(score, now - rnd.int(5, 360) * MINUTE, single3, rnd.chance(0.2) ? 'computed' : 'reported')
        : null,
      observationLevel: rnd.chance(0.2)
        ? {
            level: rnd.pick(['intermittent', 'within-eyesight', 'arms-length']),
            since: iso(now - rnd.int(1, 48) * HOUR),
          }
        : null,
      mentalHealthAct: rnd.chance(0.05)
        ? {
            code: '5(2)',
            label: 'Detained under Mental Health Act Section 5(2)',
            since: iso(now - rnd.int(1, 60) * HOUR),
          }
        : null,
      fallsRisk: rnd.chance(0.3)
        ? {
            level: rnd.pick(['low', 'moderate', 'high']),
            assessedAt: iso(now - rnd.int(1, 72) * HOUR),
            flagged: rnd.chance(0.3),
          }
        : null,
      glucose: rnd.chance(0.3) ? glucose(now) : null,
      awol: null,
      carePlanReview: rnd.chance(0.3) ? { dueAt: iso(now + rnd.int(-24, 72) * HOUR), overdue: rnd.chance(0.3) } : null,
      assessments: assessments(now, rnd.chance(0.15)),
      delays: rnd.chance(0.25)
        ? [
            {
              kind: rnd.pick(['transport', 'discharge', 'assessment']),
              description: 'Awaiting hospital transport home',
              dueAt: iso(now - HOUR),
              overdue: rnd.chance(0.6),
            },
          ]
        : [],
      dataErrors: rnd.chance(0.03) ? ['A glucose reading in mg/dL could not be used'] : [],
    };
  }

  function glucose(now) {
    const mmolPerL = Math.round((3.1 + rnd.next() * 9) * 10) / 10;
    return { mmolPerL, low: mmolPerL < 4, observedAt: iso(now - rnd.int(10, 240) * MINUTE) };
  }

  /** Everything the card can show at once. */
  function densePatient(now, n) {
    encounter += 1;
    const awolNotLeave = n % 2 === 1;
    return {
      encounterId: `enc-bench-${encounter}`,
      // Two dense patients share initials, so the same-initials warning is on their cards too.
      initials: n === 3 || n === 19 ? 'M.O.' : initials(),
      sameInitialsAs: [],
      admittedAt: iso(now - rnd.int(3, 30) * DAY),
      expectedDischargeDate: londonDateOf(now - DAY),
      onLeave: !awolNotLeave,
      news2: news2At(rnd.int(7, 13), now - rnd.int(70, 180) * MINUTE, true, 'computed'),
      observationLevel: { level: 'arms-length', since: iso(now - 6 * HOUR) },
      mentalHealthAct: {
        code: '5(2)',
        label: 'Detained under Mental Health Act Section 5(2)',
        since: iso(now - 20 * HOUR),
      },
      fallsRisk: { level: 'high', assessedAt: iso(now - 10 * HOUR), flagged: true },
      glucose: { mmolPerL: 3.2, low: true, observedAt: iso(now - 40 * MINUTE) },
      awol: awolNotLeave ? { since: iso(now - 50 * MINUTE) } : null,
      carePlanReview: { dueAt: iso(now - 5 * HOUR), overdue: true },
      assessments: assessments(now, true),
      delays: [
        { kind: 'transport', description: 'Transport to nursing home', dueAt: iso(now - 3 * HOUR), overdue: true },
        { kind: 'discharge', description: 'Package of care not in place', dueAt: iso(now - 26 * HOUR), overdue: true },
        {
          kind: null,
          description: 'Awaiting social worker review of home circumstances',
          dueAt: iso(now - 2 * HOUR),
          overdue: true,
        },
      ],
      dataErrors: ['Two NEWS2 totals at the same time disagree', 'A glucose reading in mg/dL could not be used'],
    };
  }

  const start = Date.now();
  const beds = Array.from({ length: BED_COUNT }, (_, i) => {
    const n = i + 1;
    const label = `Bed ${n}`;
    const fixed = FIXED_STATUS.get(n);
    if (fixed !== undefined) return { id: `bed-bench-${n}`, label, status: fixed, patient: null };
    if (DENSE_BEDS.has(n)) return { id: `bed-bench-${n}`, label, status: 'occupied', patient: densePatient(start, n) };
    if (n % 13 === 0) return { id: `bed-bench-${n}`, label, status: rnd.pick(['free', 'cleaning']), patient: null };
    return { id: `bed-bench-${n}`, label, status: 'occupied', patient: ordinaryPatient(start) };
  });
  // Nobody disappears: one inpatient the data cannot put in a bed, the same person every update.
  const unplacedPatient = { ...ordinaryPatient(start), encounterId: 'enc-bench-unplaced' };
  for (let i = 0; i < 4; i++) admissions.push(iso(start - rnd.int(1, 6) * HOUR));
  for (let i = 0; i < 3; i++) discharges.push(iso(start - rnd.int(1, 6) * HOUR));

  /** A new NEWS2 set for a patient, its score always different from the one shown, so the change is visible. */
  function newObservations(patient, now, dense) {
    const old = patient.news2?.score ?? -1;
    let score = dense ? rnd.int(7, 14) : lowScore();
    if (score === old) score = (score + 1 + rnd.int(0, 2)) % 15;
    const single3 = dense || (score < 5 && rnd.chance(0.1));
    const observedAt = dense ? now - rnd.int(70, 120) * MINUTE : now - rnd.int(0, 15) * MINUTE;
    patient.news2 = news2At(score, observedAt, single3, dense || rnd.chance(0.2) ? 'computed' : 'reported');
  }

  function changeBed(bed, now, forceNews2) {
    const n = Number(bed.label.slice(4));
    if (bed.patient !== null) {
      const dense = DENSE_BEDS.has(n);
      if (!dense && !forceNews2 && rnd.chance(0.1)) {
        discharges.push(iso(now));
        bed.status = 'cleaning';
        bed.patient = null;
        return;
      }
      if (forceNews2 || dense || rnd.chance(0.7)) newObservations(bed.patient, now, dense);
      if (!dense) {
        // One flag comes or goes, as observations, glucose and risk assessments are recorded.
        const p = bed.patient;
        switch (rnd.int(0, 4)) {
          case 0:
            p.glucose = p.glucose === null ? glucose(now) : null;
            break;
          case 1:
            p.fallsRisk =
              p.fallsRisk === null ? { level: 'high', assessedAt: iso(now), flagged: rnd.chance(0.5) } : null;
            break;
          case 2:
            p.observationLevel =
              p.observationLevel === null
                ? { level: rnd.pick(['within-eyesight', 'arms-length']), since: iso(now) }
                : null;
            break;
          case 3:
            p.carePlanReview = { dueAt: iso(now - HOUR), overdue: !(p.carePlanReview?.overdue ?? false) };
            break;
          default:
            p.onLeave = !p.onLeave;
        }
      }
      return;
    }
    if (FIXED_STATUS.has(n)) return;
    if (bed.status === 'cleaning') {
      bed.status = 'free';
    } else if (bed.status === 'free') {
      bed.status = 'occupied';
      bed.patient = ordinaryPatient(now);
      bed.patient.admittedAt = iso(now - 20 * MINUTE);
      admissions.push(bed.patient.admittedAt);
    }
  }

  /** The same-initials warnings the server computes (CS-8). */
  function markSameInitials() {
    const patients = beds.map((b) => b.patient).filter((p) => p !== null);
    for (const p of patients)
      p.sameInitialsAs = patients.filter((o) => o !== p && o.initials === p.initials).map((o) => o.encounterId);
  }

  const acuteMeasures = heatmapMeasures(DEFAULT_MEASURES).filter((m) => m.profiles.includes('acute'));

  /**
   * The ward's own safety row, as the wall display's safety strip shows it: the "now" measures
   * counted from the beds sent, the 7-day ones steady, scored with the shared rules.
   */
  function safety(copy, census, now) {
    const patients = copy.map((b) => b.patient).filter((p) => p !== null);
    const values = {
      occupancy: Math.round((census.occupied / (census.beds - census.closed - census.blocked)) * 1000) / 10,
      'bank-agency': 18.2,
      sickness: 4.1,
      'fill-rate': 94.9,
      turbulence: 9,
      deteriorating: patients.filter((p) => (p.news2?.score ?? 0) >= 5).length,
      falls: 6.3,
      hypoglycaemia: patients.filter((p) => p.glucose?.low === true).length,
      'delayed-discharges': patients.filter((p) => p.delays.some((d) => d.kind === 'discharge' && d.overdue)).length,
      'overdue-observations': patients.filter((p) => p.news2 !== null && Date.parse(p.news2.dueAt) < now).length,
    };
    const defs = DEFAULT_MEASURES.acute;
    const cells = defs.map((d) => ({ measureId: d.id, value: values[d.id], band: bandFor(values[d.id], d) }));
    const composite = compositeScore(cells, defs);
    const score = {
      at: iso(now - 2 * MINUTE),
      cells,
      composite,
      trend: trendOf(composite.value, 30),
      prediction: {
        probability: Math.round(100 / (1 + Math.exp(2.2 - (composite.value ?? 20) / 22))) / 100,
        drivers: [],
        model: { source: 'expert-default', fittedAt: iso(now - 3 * DAY), trainingRows: 0 },
      },
    };
    const input = {
      wardId: ward.id,
      name: ward.name,
      siteId: ward.siteId,
      siteName: ward.siteName,
      profile: ward.profile,
      boardAsOf: score.at,
      boardStale: false,
      staleReason: null,
      score,
    };
    const row = composeHeatmap([input], acuteMeasures, version, now).wards[0];
    return { version, measures: acuteMeasures, row };
  }

  function board(now) {
    markSameInitials();
    const copy = structuredClone(beds);
    const census = computeCensus(copy, { admissions: admissions.slice(-12), discharges: discharges.slice(-12) }, now);
    return {
      ward,
      asOf: iso(now - 2 * MINUTE),
      freshness: 'fresh',
      version,
      serverTime: iso(now),
      census,
      beds: copy,
      unplaced: [{ patient: unplacedPatient, reason: 'Two patients are recorded in Bed 21' }],
      dataQuality: {
        rejectedResources: 2,
        patientsWithErrors: copy.filter((b) => (b.patient?.dataErrors.length ?? 0) > 0).length,
        unplacedPatients: 1,
      },
      // The wall display's staffing line and safety strip (Board.staffing, Board.safety); a client built
      // before they were on the board ignores both.
      staffing: {
        date: londonDateOf(now),
        isToday: true,
        plannedHours: 264,
        actualHours: 250.5,
        fillPercent: 94.9,
        temporaryStaffPercent: 18.2,
        sicknessPercent: 4.1,
      },
      safety: safety(copy, census, now),
    };
  }

  return {
    wardId,
    /** The board as it stands (the subscription answer). */
    current: () => board(Date.now()),
    /** Changes a few beds and returns the new board and the DOM values that show it. */
    next() {
      const now = Date.now();
      version += 1;
      const chosen = new Set();
      const occupied = beds.filter((b) => b.patient?.news2 != null);
      const marker = rnd.pick(occupied);
      chosen.add(marker);
      while (chosen.size < 4) chosen.add(rnd.pick(beds));
      for (const bed of chosen) changeBed(bed, now, bed === marker);
      const next = board(now);
      return { board: next, expect: [...chosen].map((bed) => bedExpectation(next.beds.find((b) => b.id === bed.id))) };
    },
    /** An earlier board's content again, as a new version: memory is then compared on the same screen. */
    replay(earlier) {
      version += 1;
      const again = { ...structuredClone(earlier), version, serverTime: iso(Date.now()) };
      return { board: again, expect: again.beds.map(bedExpectation) };
    },
  };
}

/** What a bed's card shows for NEWS2: the score, or no score element at all. */
export function bedExpectation(bed) {
  return {
    selector: `article.bed[aria-label="${bed.label}"] .news2__score`,
    text: bed.patient?.news2 == null ? null : String(bed.patient.news2.score),
  };
}

// ---------------------------------------------------------------------------------------------
// Heat map: 30 wards x 10 measures
// ---------------------------------------------------------------------------------------------

const WARD_NAMES = [
  'Ash',
  'Beech',
  'Cedar',
  'Elm',
  'Hazel',
  'Holly',
  'Juniper',
  'Larch',
  'Maple',
  'Oak',
  'Rowan',
  'Willow',
  '1A Respiratory',
  '1B Cardiology',
  '2A General Medicine',
  '2B Gastroenterology',
  '3A Care of the Elderly',
  '3B Stroke',
  '4A Trauma and Orthopaedics',
  '4B General Surgery',
  '5A Renal',
  '5B Haematology',
  '6A Diabetes and Endocrine',
  '6B Acute Frailty',
  '7A Short Stay Surgery',
  '7B Acute Medical Unit',
  '8A Vascular',
  '8B Urology',
  '9A Neurology',
  '9B Oncology',
];
const SITES = [
  ['site-north', 'North General'],
  ['site-south', 'Southfield Hospital'],
  ['site-east', 'Eastgate Mental Health Centre'],
];

/** Plausible values per measure: most wards under amber, some between amber and red, a few past red. */
function measureValue(rnd, def) {
  if (def.id === 'occupancy') return Math.round((80 + rnd.next() * 18) * 10) / 10;
  const worse = rnd.next();
  let value;
  if (def.direction === 'lower-is-worse') {
    value =
      worse < 0.7
        ? def.amber + rnd.next() * 8
        : worse < 0.9
          ? def.red + rnd.next() * (def.amber - def.red)
          : def.red - rnd.next() * 8;
  } else {
    value =
      worse < 0.7
        ? def.amber * rnd.next()
        : worse < 0.9
          ? def.amber + rnd.next() * (def.red - def.amber)
          : def.red * (1 + rnd.next() * 0.5);
  }
  return Math.max(0, def.unit === 'count' || def.unit === 'patients' ? Math.round(value) : Math.round(value * 10) / 10);
}

/**
 * A 30-ward trust (12 mental-health, 18 acute), ten measures each, scored with the shared rules and
 * composed by `composeHeatmap` as the server does. Every update rescored three to five wards: their
 * cells move, and with them composite, trend, prediction and the row order.
 */
export function createHeatmapGenerator(seed = 11) {
  const rnd = seededRandom(seed);
  const measures = heatmapMeasures(DEFAULT_MEASURES);
  const start = Date.now();
  let version = 0;
  const wards = WARD_NAMES.map((name, i) => {
    const profile = i < 12 ? 'mental-health' : 'acute';
    const [siteId, siteName] = profile === 'mental-health' ? SITES[2] : SITES[i % 2];
    const defs = DEFAULT_MEASURES[profile];
    return {
      wardId: `ward-bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      name: profile === 'mental-health' ? `${name} Ward` : `Ward ${name}`,
      siteId,
      siteName,
      profile,
      defs,
      values: Object.fromEntries(
        defs.map((d) => [d.id, rnd.chance(0.05) && d.id !== 'occupancy' ? null : measureValue(rnd, d)]),
      ),
      weekAgo: rnd.int(0, 60),
      at: start - rnd.int(2, 12) * MINUTE,
    };
  });

  function score(w) {
    const cells = w.defs.map((d) => {
      const value = w.values[d.id];
      if (value === null)
        return { measureId: d.id, value: null, band: null, reason: 'staffing reported for 2 of the last 7 days' };
      return {
        measureId: d.id,
        value,
        band: bandFor(value, d),
        ...(d.window === '7d' ? { detail: 'from 7 of 7 days' } : {}),
      };
    });
    const composite = compositeScore(cells, w.defs);
    const points = { green: 0, amber: 1, red: 2 };
    const drivers = cells
      .filter((c) => c.band !== null && c.band !== 'green')
      .map((c) => {
        const def = w.defs.find((d) => d.id === c.measureId);
        return {
          feature: c.measureId,
          measureId: c.measureId,
          label: def.label,
          contribution: Math.round(def.weight * points[c.band] * 100) / 100,
        };
      })
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, 3);
    const logit = -2.2 + (composite.value ?? 20) / 22;
    return {
      at: iso(w.at),
      cells,
      composite,
      trend: trendOf(composite.value, w.weekAgo),
      prediction: {
        probability: Math.round((1 / (1 + Math.exp(-logit))) * 1000) / 1000,
        drivers,
        model:
          w.profile === 'mental-health'
            ? { source: 'fitted', fittedAt: iso(start - 3 * DAY), trainingRows: 4_380 }
            : { source: 'expert-default', fittedAt: iso(start - 3 * DAY), trainingRows: 0 },
      },
    };
  }

  function heatmap(now) {
    const inputs = wards.map((w) => ({
      wardId: w.wardId,
      name: w.name,
      siteId: w.siteId,
      siteName: w.siteName,
      profile: w.profile,
      boardAsOf: iso(w.at),
      boardStale: false,
      staleReason: null,
      score: score(w),
    }));
    return composeHeatmap(inputs, measures, version, now);
  }

  return {
    current: () => heatmap(Date.now()),
    next() {
      const now = Date.now();
      version += 1;
      const chosen = new Set();
      const count = rnd.int(3, 5);
      while (chosen.size < count) chosen.add(rnd.pick(wards));
      for (const w of chosen) {
        for (const d of w.defs) {
          if (w.values[d.id] === null || !rnd.chance(0.5)) continue;
          const step =
            d.unit === 'count' || d.unit === 'patients'
              ? rnd.int(-1, 1)
              : Math.round((rnd.next() - 0.5) * d.red * 0.3 * 10) / 10;
          w.values[d.id] = Math.max(0, Math.round((w.values[d.id] + step) * 10) / 10);
        }
        // Occupancy always moves, by at least 0.1 points: every rescored row visibly changes.
        const occupancy = w.values.occupancy;
        const delta = (rnd.chance(0.5) ? 1 : -1) * (0.1 + rnd.int(0, 25) / 10);
        w.values.occupancy =
          Math.round(
            Math.min(110, Math.max(60, occupancy + delta === occupancy ? occupancy + 0.1 : occupancy + delta)) * 10,
          ) / 10;
        if (w.values.occupancy === occupancy) w.values.occupancy = Math.round((occupancy - 0.3) * 10) / 10;
        w.at = now - MINUTE;
      }
      const next = heatmap(now);
      return {
        heatmap: next,
        expect: [...chosen].flatMap((w) => rowExpectation(next.wards.find((r) => r.wardId === w.wardId))),
      };
    },
    /** An earlier heat map's content again, as a new version (see the board's `replay`). */
    replay(earlier) {
      version += 1;
      const again = { ...structuredClone(earlier), version, serverTime: iso(Date.now()) };
      return { heatmap: again, expect: again.wards.flatMap(rowExpectation) };
    },
  };
}

/** As the client writes numbers: at most one decimal place, none when whole (heatmap-format.ts). */
export function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** What a heat-map row shows for occupancy (slot 1, the first measure cell) and the composite. */
export function rowExpectation(row) {
  const occupancy = row.cells.find((c) => c.measureId === 'occupancy');
  const base = `tr[data-ward-id="${row.wardId}"]`;
  return [
    {
      selector: `${base} > td:first-of-type .heatmap-cell__value`,
      text: occupancy?.value == null ? null : `${formatNumber(occupancy.value)}%`,
    },
    {
      selector: `${base} > td[data-testid="composite"] .heatmap-cell__value`,
      text: row.composite.value === null ? null : formatNumber(row.composite.value),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The server: built client over node:http, Socket.IO on the same port
// ---------------------------------------------------------------------------------------------

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts the fake Wardflow server on 127.0.0.1 (random port). `pushBoard()` / `pushHeatmap()` emit
 * the generators' next update to the subscribed screens and return what the screen must then show.
 */
/**
 * The built client, read into memory once: a rebuild of client/dist during a run (other work in the
 * same tree) then cannot pull files from under a page being measured. Read again while index.html
 * names assets that are not there, as happens in the moment a build is writing them.
 */
async function loadClient(attempts = 30) {
  for (let attempt = 1; ; attempt++) {
    try {
      const indexHtml = await readFile(join(CLIENT_DIST, 'index.html'), 'utf8');
      const assets = new Map();
      for (const name of await readdir(join(CLIENT_DIST, 'assets')))
        assets.set(`/assets/${name}`, await readFile(join(CLIENT_DIST, 'assets', name)));
      const named = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      if (named.length > 0 && named.every((path) => assets.has(path))) return { indexHtml, assets };
    } catch {
      // Not there (yet): tried again below.
    }
    if (attempt >= attempts) throw new Error(`No complete built client at ${CLIENT_DIST}: run \`npm run build\` first`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * `editBoard` changes the first board before any screen sees it: a browser test of particular card
 * states sets the beds it wants to look at.
 */
export async function startRenderServer({ boardSeed = 7, heatmapSeed = 11, editBoard = (b) => b } = {}) {
  const { indexHtml, assets } = await loadClient();
  const boards = createBoardGenerator(boardSeed);
  const heatmaps = createHeatmapGenerator(heatmapSeed);
  let board = editBoard(boards.current());
  let heatmap = heatmaps.current();

  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/api/')) return api(path, url, res);
    if (path.startsWith('/assets/')) {
      const body = assets.get(path);
      if (body === undefined) return json(res, 404, { statusCode: 404, message: 'Not found' });
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'max-age=31536000, immutable',
      });
      return res.end(body);
    }
    // Client-side routes (/, /wards/:id/display, /heatmap) all get the app's page, as the real server does.
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-cache' });
    res.end(indexHtml);
  });

  /** The REST endpoints the screens can call, answered from the same data the sockets push. */
  function api(path, url, res) {
    if (path === '/api/health') return json(res, 200, { status: 'ok' });
    // Signed in as an integration over the whole trust, so every screen renders (the real server decides this per caller).
    if (path === '/api/session') return json(res, 200, { signedIn: true, identity: SESSION_IDENTITY });
    if (path === '/api/heatmap') return json(res, 200, heatmap);
    if (path === '/api/wards') {
      const wardSummary = {
        ...board.ward,
        bedCount: board.census.beds,
        occupied: board.census.occupied,
        asOf: board.asOf,
        freshness: board.freshness,
      };
      const others = heatmap.wards
        .filter((w) => w.wardId !== board.ward.id)
        .map((w) => ({
          id: w.wardId,
          name: w.name,
          siteId: w.siteId,
          siteName: w.siteName,
          profile: w.profile,
          bedCount: 24,
          occupied: 22,
          asOf: w.asOf,
          freshness: w.freshness,
        }));
      return json(res, 200, [wardSummary, ...others]);
    }
    const boardMatch = /^\/api\/wards\/([^/]+)\/board$/.exec(path);
    if (boardMatch?.[1] === board.ward.id) return json(res, 200, board);
    const historyMatch = /^\/api\/wards\/([^/]+)\/history$/.exec(path);
    if (historyMatch !== null) {
      const row = heatmap.wards.find((w) => w.wardId === historyMatch[1]);
      if (row === undefined) return json(res, 404, { statusCode: 404, message: `No ward ${historyMatch[1]}` });
      return json(res, 200, history(row, url.searchParams.get('measure') ?? 'composite'));
    }
    return json(res, 404, { statusCode: 404, message: `No route ${path}` });
  }

  /** A week of hourly points, shaped as the server's MeasureHistory. */
  function history(row, measureId) {
    const def = DEFAULT_MEASURES[row.profile].find((d) => d.id === measureId);
    const measure =
      def === undefined
        ? { id: 'composite', label: 'Composite', unit: 'score 0-100', direction: 'higher-is-worse', amber: 20, red: 40 }
        : { id: def.id, label: def.label, unit: def.unit, direction: def.direction, amber: def.amber, red: def.red };
    const rnd = seededRandom(row.wardId.length * 31 + measureId.length);
    const now = Date.now();
    const points = Array.from({ length: 7 * 24 }, (_, i) => {
      const value = Math.round(rnd.next() * measure.red * 1.3 * 10) / 10;
      return {
        at: iso(now - (7 * 24 - i) * HOUR),
        value,
        band: bandFor(value, measure),
        granularity: i < 24 ? 'hour' : 'poll',
      };
    });
    return {
      wardId: row.wardId,
      measure,
      from: iso(now - 7 * DAY),
      to: iso(now),
      aggregation: 'Every score of the last 7 days.',
      points,
    };
  }

  const io = new SocketServer(http, { path: '/socket.io', serveClient: false });
  io.on('connection', (socket) => {
    socket.on('ward:subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      if (request?.wardId !== board.ward.id) return ack({ error: `No ward ${String(request?.wardId)}` });
      void socket.join(wardRoom(board.ward.id));
      ack({ data: board });
    });
    socket.on('ward:unsubscribe', (request) => void socket.leave(wardRoom(String(request?.wardId))));
    socket.on('heatmap:subscribe', (_request, ack) => {
      if (typeof ack !== 'function') return;
      void socket.join(HEATMAP_ROOM_HERE);
      ack({ data: heatmap });
    });
    socket.emit('heartbeat', { serverTime: iso(Date.now()) });
  });
  const heartbeat = setInterval(() => io.emit('heartbeat', { serverTime: iso(Date.now()) }), BENCH_HEARTBEAT_MS);

  await new Promise((resolveListen) => http.listen(0, '127.0.0.1', resolveListen));
  const { port } = http.address();

  /** Resolves once a screen is in `room` over a WebSocket (engine.io starts on long-polling and upgrades). */
  async function waitForWebSocketIn(room, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sockets = await io.in(room).fetchSockets();
      const local = sockets.map((s) => io.of('/').sockets.get(s.id)).filter((s) => s !== undefined);
      if (local.some((s) => s.conn.transport.name === 'websocket')) return;
      if (Date.now() > deadline) throw new Error(`No screen joined ${room} over a WebSocket within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    wardId: board.ward.id,
    currentBoard: () => board,
    currentHeatmap: () => heatmap,
    waitForBoardScreen: () => waitForWebSocketIn(wardRoom(board.ward.id)),
    waitForHeatmapScreen: () => waitForWebSocketIn(HEATMAP_ROOM_HERE),
    /**
     * The next board (or `earlier`'s content again, as a new version), with the DOM values that show
     * it; `emit()` sends it, once the page is armed.
     */
    nextBoard: (earlier) => pendingBoard(earlier === undefined ? boards.next() : boards.replay(earlier)),
    nextHeatmap: (earlier) => pendingHeatmap(earlier === undefined ? heatmaps.next() : heatmaps.replay(earlier)),
    async close() {
      clearInterval(heartbeat);
      await new Promise((r) => io.close(() => r()));
      http.closeAllConnections?.();
    },
  };

  function pendingBoard({ board: next, expect }) {
    return {
      version: next.version,
      expect,
      emit: () => {
        board = next;
        io.to(wardRoom(next.ward.id)).emit('ward:board', next);
      },
    };
  }

  function pendingHeatmap({ heatmap: next, expect }) {
    return {
      version: next.version,
      expect,
      emit: () => {
        heatmap = next;
        io.to(HEATMAP_ROOM_HERE).emit('heatmap', next);
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The browser side
// ---------------------------------------------------------------------------------------------

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Runs in the page before any of its scripts. Kept free of closures over Node values: Playwright
 * sends its source text.
 */
function pageHook() {
  const arrivals = [];
  const Native = window.WebSocket;
  class TimedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      // Added before engine.io sets `onmessage`, so this runs first: the time is the message's arrival.
      this.addEventListener('message', (event) => arrivals.push({ t: performance.now(), data: event.data }));
    }
  }
  window.WebSocket = TimedWebSocket;

  const bench = {
    done: null,
    shows(expectations) {
      return expectations.every((e) => {
        const el = document.querySelector(e.selector);
        return e.text === null ? el === null : el !== null && el.textContent === e.text;
      });
    },
    arm(prefix, version, expectations, timeoutMs) {
      arrivals.length = 0;
      const matches = () => bench.shows(expectations);
      const versionPattern = new RegExp(`"version":${version}[,}]`);
      bench.done = new Promise((resolveDone, rejectDone) => {
        let finished = false;
        const finish = (commit) => {
          finished = true;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => {
            const frame = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              const painted = performance.now();
              // Found after the frame, so searching the arrivals costs the measured time nothing.
              const arrival = arrivals.find(
                (a) => typeof a.data === 'string' && a.data.startsWith(prefix) && versionPattern.test(a.data),
              );
              const bytes = arrival === undefined ? 0 : arrival.data.length;
              arrivals.length = 0;
              channel.port1.close();
              resolveDone({ arrival: arrival?.t ?? null, commit, frame, painted, bytes });
            };
            channel.port2.postMessage(null);
          });
        };
        // The message must have arrived too: a screen that happened to show these values already is not this update.
        const arrived = () => arrivals.some((a) => typeof a.data === 'string' && a.data.startsWith(prefix));
        const observer = new MutationObserver(() => {
          if (!finished && arrived() && matches()) finish(performance.now());
        });
        observer.observe(document.getElementById('root'), {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
        const timer = setTimeout(() => {
          if (finished) return;
          observer.disconnect();
          rejectDone(
            new Error(
              `version ${version} was not on screen after ${timeoutMs} ms; expected ${JSON.stringify(expectations)}`,
            ),
          );
        }, timeoutMs);
      });
    },
  };
  window.__renderBench = bench;
}

export const VIEWS = {
  board: {
    title: '40-bed ward board',
    path: (server) => `/wards/${server.wardId}/display`,
    ready: async (page, server) => {
      await page.locator('article.bed').nth(39).waitFor();
      await server.waitForBoardScreen();
    },
    next: (server, earlier) => server.nextBoard(earlier),
    current: (server) => server.currentBoard(),
    prefix: '42["ward:board",',
  },
  heatmap: {
    title: '30 x 10 heat map',
    path: () => '/heatmap',
    ready: async (page, server) => {
      await page.waitForFunction(() => document.querySelectorAll('tr.heatmap-row').length === 30);
      await server.waitForHeatmapScreen();
    },
    next: (server, earlier) => server.nextHeatmap(earlier),
    current: (server) => server.currentHeatmap(),
    prefix: '42["heatmap",',
  },
};

/** Used JS heap after a full collection, and the DOM node and listener counts Chromium reports. */
export async function memorySample(cdp) {
  // Twice: the first pass can leave garbage that only becomes collectable after finalisers ran.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    heapUsed: heap.usedSize,
    nodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    documents: metric('Documents'),
  };
}

/**
 * Opens one view at 1920x1080 and pushes `total` updates one at a time, each only after the last is
 * on screen. Updates `timedFrom`..`timedFrom + timed - 1` (1-based) are timed; memory is sampled after
 * each update number in `memoryAt`. Returns the samples, memory, console errors and the page (left
 * open when `keepOpen`, for a caller that wants to look at the screen afterwards).
 */
export async function runView(
  browser,
  server,
  viewName,
  { total, timedFrom, timed, memoryAt = [], keepOpen = false, onProgress } = {},
) {
  const view = VIEWS[viewName];
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.addInitScript(pageHook);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.url + view.path(server));
  await view.ready(page, server);

  const samples = [];
  const memory = [];
  let missingArrivals = 0;
  /** Sends one update (or an earlier screen's content again) and resolves once it is on screen. */
  const show = async (earlier) => {
    const update = view.next(server, earlier);
    // Content the screen already shows would change nothing in the DOM, so nothing could be waited for.
    if (earlier !== undefined && (await page.evaluate((expect) => window.__renderBench.shows(expect), update.expect)))
      return null;
    await page.evaluate(
      ([prefix, version, expect]) => window.__renderBench.arm(prefix, version, expect, 10_000),
      [view.prefix, update.version, update.expect],
    );
    update.emit();
    return page.evaluate(() => window.__renderBench.done);
  };
  // What the screen showed at the first memory sample: later samples are taken with that content on
  // screen again, so a difference is growth, not a board that happens to show more flags or patients.
  let reference;
  try {
    for (let n = 1; n <= total; n++) {
      const r = await show();
      if (n >= timedFrom && n < timedFrom + timed) {
        if (r.arrival === null) missingArrivals += 1;
        else
          samples.push({
            paint: r.painted - r.arrival,
            commit: r.commit - r.arrival,
            frameWork: r.painted - r.frame,
            bytes: r.bytes,
          });
      }
      if (memoryAt.includes(n)) {
        if (reference === undefined) reference = view.current(server);
        else await show(reference);
        memory.push({ after: n, ...(await memorySample(cdp)) });
      }
      onProgress?.(n);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
    if (!keepOpen) await context.close();
  }
  return {
    view: viewName,
    title: view.title,
    samples,
    memory,
    missingArrivals,
    consoleErrors,
    page: keepOpen ? page : null,
    context,
  };
}

// ---------------------------------------------------------------------------------------------
// What is on screen, for the test's "shows the last update" check
// ---------------------------------------------------------------------------------------------

/** Every bed's label and NEWS2 score as the screen shows them, in screen order. */
export function boardOnScreen(page) {
  return page.locator('article.bed').evaluateAll((cards) =>
    cards.map((card) => ({
      label: card.getAttribute('aria-label'),
      news2: card.querySelector('.news2__score')?.textContent ?? null,
    })),
  );
}

/** The same, from the board that was sent. */
export function boardExpected(board) {
  return board.beds.map((bed) => ({
    label: bed.label,
    news2: bed.patient?.news2 == null ? null : String(bed.patient.news2.score),
  }));
}

/** Every heat-map row's ward id, occupancy and composite as the screen shows them, in screen order. */
export function heatmapOnScreen(page) {
  return page.locator('tr.heatmap-row').evaluateAll((rows) =>
    rows.map((row) => ({
      wardId: row.getAttribute('data-ward-id'),
      occupancy: row.querySelector(':scope > td:first-of-type .heatmap-cell__value')?.textContent ?? null,
      composite: row.querySelector(':scope > td[data-testid="composite"] .heatmap-cell__value')?.textContent ?? null,
    })),
  );
}

/** The same from the heat map that was sent: mental-health table first, then acute, server order within each. */
export function heatmapExpected(heatmap) {
  const rows = [
    ...heatmap.wards.filter((w) => w.profile === 'mental-health'),
    ...heatmap.wards.filter((w) => w.profile === 'acute'),
  ];
  return rows.map((row) => {
    const [occupancy, composite] = rowExpectation(row);
    return { wardId: row.wardId, occupancy: occupancy.text, composite: composite.text };
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `key`: 'paint' (arrival to end of frame), 'commit' (arrival to DOM updated) or 'frameWork' (rAF to end of frame: style, layout, paint). */
export function summarise(samples, key = 'paint') {
  const values = samples.map((s) => s[key]);
  return { n: values.length, median: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

/** Flat: used heap grew by less than 2 MB or less than 10 %; DOM nodes and listeners by at most 1 %. */
export const MEMORY_RULE = 'heap growth < 2 MB or < 10 %, DOM nodes and JS listeners growth <= 1 %';

export function memoryVerdict(first, last) {
  const heapGrowth = last.heapUsed - first.heapUsed;
  const heapFlat = heapGrowth < 2 * 1024 * 1024 || heapGrowth / first.heapUsed < 0.1;
  const nodesFlat = last.nodes <= first.nodes * 1.01;
  const listenersFlat = last.listeners <= first.listeners * 1.01;
  return { heapGrowth, heapFlat, nodesFlat, listenersFlat, flat: heapFlat && nodesFlat && listenersFlat };
}
