/**
 * The wall card states a huddle reads, in Chromium at 1920x1080 on the built client: the first 24
 * beds of the render bench's ward (test/bench/render-harness.mjs), with particular beds set to each state. Each
 * state must be said in words on its card, nothing may be cut off, and the page must fit the screen
 * without scrolling. The screenshot (test/artifacts/card-states.png) is for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  addCalendarDays,
  computeCensus,
  londonDate,
  type BedOnBoard,
  type Board,
  type PatientOnBoard,
} from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, launchBrowser, startRenderServer, type RenderServer } from '../bench/render-harness.mjs';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
const HOUR = 3_600_000;

/** The states under test, by bed number on the bench ward, and the words each card must show. */
function withStates(board: Board): Board {
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();
  // The bench's patient in bed n, less the items the bench piles on (overdue assessments, delays), so
  // each card shows the state under test with what a typical patient has beside it.
  const patientOf = (n: number): PatientOnBoard => {
    const bed = board.beds[n - 1] as BedOnBoard;
    if (bed.patient === null) throw new Error(`Bed ${n} of the bench ward has no patient`);
    return {
      ...bed.patient,
      assessments: [],
      delays: [],
      carePlanReview: null,
      dataErrors: [],
      awol: null,
      glucose: null,
      fallsRisk: null,
      expectedDischargeDate: null,
    };
  };
  // A section 3 ending `hoursLeft` from now, warned of 7 days before and urgent on the last day.
  const section3 = (hoursLeft: number): NonNullable<PatientOnBoard['mentalHealthAct']> => ({
    code: '03',
    label: 'Formally detained under Mental Health Act Section 3',
    since: ago(100 * 24),
    expiresAt: ago(-hoursLeft),
    expiryWarnFrom: ago(-hoursLeft + 7 * 24),
    expiryUrgentFrom: ago(-hoursLeft + 24),
    lapsed: false,
    rights: { lastGivenAt: ago(99 * 24), dueAt: ago(-20 * 24) },
    leave: null,
    consentToTreatmentDueAt: null,
    hearing: null,
  });
  // A NEWS2 taken `hoursAgo`, due `dueInHours` ago (negative: in the future).
  const news2 = (score: number, hoursAgo: number, dueHoursAgo: number): PatientOnBoard['news2'] => ({
    score,
    band: score >= 5 ? 'medium' : 'low',
    source: 'reported',
    anySingleParameterScored3: false,
    observedAt: ago(hoursAgo),
    dueAt: ago(dueHoursAgo),
  });
  const today = londonDate(now);
  const edits = new Map<number, (bed: BedOnBoard) => BedOnBoard>([
    [8, (bed) => ({ ...bed, status: 'isolated', patient: null })],
    [16, (bed) => ({ ...bed, status: 'contaminated', patient: null })],
    // Held for a patient on the way from ED in half an hour (the PAS marks it reserved).
    [
      14,
      (bed) => ({
        ...bed,
        status: 'reserved',
        patient: null,
        heldFor: { kind: 'admission', from: 'ED', expectedAt: ago(-0.5) },
      }),
    ],
    [
      24,
      (bed) => ({
        ...bed,
        status: 'unknown',
        unreadableStatus: 'https://pas.example.nhs.uk/bed-state|AVL',
        patient: null,
      }),
    ],
    [
      2,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(2),
          infection: {
            isolation: { kind: 'contact', since: ago(20) },
            alerts: [{ id: 'c-difficile', label: 'C. diff', since: ago(20) }],
          },
        },
      }),
    ],
    [
      5,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(5),
          infection: { isolation: null, alerts: [{ id: 'mrsa', label: 'MRSA', since: null }] },
        },
      }),
    ],
    [6, (bed) => ({ ...bed, area: 'Bay B', areaSex: 'male', sexMismatch: true, patient: patientOf(6) })],
    [20, (bed) => ({ ...bed, patient: { ...patientOf(20), mentalHealthAct: section3(5 * 24) } })],
    [
      21,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(21),
          onLeave: true,
          mentalHealthAct: {
            ...section3(60 * 24),
            leave: {
              authorised: true,
              authorisedUntil: null,
              onLeave: true,
              onLeaveSince: ago(5),
              expectedBackAt: ago(1),
            },
          },
        },
      }),
    ],
    [
      22,
      (bed) => ({
        ...bed,
        patient: { ...patientOf(22), mentalHealthAct: { ...section3(-48), lapsed: true, rights: null } },
      }),
    ],
    [
      12,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(12),
          mentalHealthAct: {
            ...section3(60 * 24),
            rights: { lastGivenAt: null, dueAt: ago(3) },
            hearing: { kind: 'tribunal', at: ago(-72) },
          },
        },
      }),
    ],
    [7, (bed) => ({ ...bed, area: 'Bay B', areaSex: 'male' })],
    // Observation plans: a refused set an hour ago (next due in 3 h), and observations stopped.
    [
      10,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(10),
          news2: news2(2, 5, -3),
          observations: {
            basis: 'national',
            everyMinutes: 240,
            dueAt: ago(-3),
            plan: null,
            notDone: { at: ago(1), reason: 'refused', note: null },
          },
        },
      }),
    ],
    [
      11,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(11),
          news2: news2(6, 20, -19),
          observations: {
            basis: 'stopped',
            everyMinutes: null,
            dueAt: null,
            plan: {
              source: 'service-request',
              recordedAt: ago(18),
              everyMinutes: null,
              stopped: true,
              reason: 'End of life care',
            },
            notDone: null,
          },
        },
      }),
    ],
    [
      9,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(9),
          expectedDischargeDate: addCalendarDays(today, -3),
          discharge: {
            status: 'ready',
            readyDate: addCalendarDays(today, -2),
            reviewedAt: ago(1),
            pathway: 1,
            delayReasons: [{ reason: 'care-package', text: 'Awaiting package of care' }],
          },
        },
      }),
    ],
    [
      17,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(17),
          discharge: { status: 'ready', readyDate: today, reviewedAt: ago(1), pathway: 0, delayReasons: [] },
        },
      }),
    ],
    // VTE: the 14 hours passed with no assessment; assessed but prophylaxis missing; due in 3 hours.
    [
      4,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(4),
          vte: { assessment: { dueAt: ago(2), doneAt: null, state: 'due' }, outcome: null, prophylaxis: null },
        },
      }),
    ],
    [
      23,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(23),
          vte: {
            assessment: { dueAt: ago(10), doneAt: ago(20), state: 'done' },
            outcome: 'indicated',
            prophylaxis: null,
          },
        },
      }),
    ],
    [
      18,
      (bed) => ({
        ...bed,
        patient: {
          ...patientOf(18),
          vte: { assessment: { dueAt: ago(-3), doneAt: null, state: 'due' }, outcome: null, prophylaxis: null },
        },
      }),
    ],
  ]);
  // A 24-bed ward, the simulator's typical size (the bench's 40 beds with every flag is the render bench's worst case).
  const beds = board.beds.slice(0, 24).map((bed, i) => edits.get(i + 1)?.(bed) ?? bed);
  // Bed states counted as the server counts them; the movements stay the bench's.
  const counted = computeCensus(beds, { admissions: [], discharges: [] }, Date.now());
  // Four expected: two named on the header, the others counted; one late, one needing a side room.
  const arrival = (from: string | null, hoursAhead: number, extra: Partial<Board['expected'][number]> = {}) => ({
    kind: 'admission' as const,
    from,
    expectedAt: ago(-hoursAhead),
    late: false,
    bedLabel: null,
    needsSideRoom: false,
    ...extra,
  });
  return {
    ...board,
    beds,
    expected: [
      arrival(null, -2, { late: true }),
      arrival('ED', 0.5, { bedLabel: 'Bed 14' }),
      arrival('Ward 3A', 2, { kind: 'transfer', needsSideRoom: true }),
      arrival('GP referral', 5),
    ],
    census:
      board.census === null
        ? null
        : {
            ...counted,
            admittedToday: board.census.admittedToday,
            dischargedToday: board.census.dischargedToday,
          },
  };
}

const EXPECTED: ReadonlyArray<[string, RegExp]> = [
  ['Bed 8', /^Bed 8Isolated$/],
  ['Bed 16', /^Bed 16Contaminated$/],
  ['Bed 24', /^Bed 24Status unknownCheck the bed state in the PAS$/],
  ['Bed 2', /Isolate: contact.*C\. diff/],
  ['Bed 5', /MRSA/],
  ['Bed 6, Bay B', /Bay B · Male.*Mixed-sex: bay is male/],
  ['Bed 7, Bay B', /Bay B · Male/],
  ['Bed 20', /MHA S3 ends in 5 days/],
  // Due back an hour ago: the time, or the day when that was before midnight (London).
  ['Bed 21', /s17 LATEdue back (\d\d:\d\d (GMT|BST)|\d{1,2} [A-Z][a-z]{2})/],
  ['Bed 22', /MHA S3 LAPSED/],
  ['Bed 12', /s132 rights not given.*Tribunal in 3 days/],
  // An hour ago and 3 h ahead: a weekday is added when either falls on another London day.
  ['Bed 10', /Refused ([A-Z][a-z]{2} )?\d\d:\d\d, due (tomorrow )?\d\d:\d\d/],
  ['Bed 11', /Obs stopped: End of life care/],
  // Ready two London days ago, still here: the day, the count, the pathway and what holds them.
  ['Bed 9', /Ready since [A-Z][a-z]{2} \(2 days\) · P1 · care package/],
  ['Bed 17', /Ready today · P0/],
  // Stored as due at the poll; the 14 hours have passed since.
  ['Bed 4', /VTE assessment overdue/],
  ['Bed 23', /VTE: no prophylaxis/],
  ['Bed 18', /VTE due (tomorrow )?\d\d:\d\d/],
  ['Bed 14', /^Bed 14ReservedHeld from ED (tomorrow )?\d\d:\d\d$/],
];

describe('wall card states in Chromium', () => {
  let server: RenderServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startRenderServer({ editBoard: withStates });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/wards/${server.wardId}/display`);
    await page.locator('article.bed').nth(23).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(EXPECTED)('should say the state of %s in words on its card, cut off nowhere', async (name, words) => {
    const card = page.getByRole('article', { name, exact: true });
    const text = (await card.evaluate((el) => el.textContent ?? '')).trim();
    expect(text).toMatch(words);
    expect(await card.evaluate((el) => el.classList.contains('bed--clipped'))).toBe(false);
    // Nothing runs past the card's right edge either, where the "more" marker would not show it.
    expect(
      await card.evaluate((el) => {
        const edge = el.getBoundingClientRect().right;
        return [...el.querySelectorAll('*')].filter((c) => c.getBoundingClientRect().right > edge + 1).length;
      }),
    ).toBe(0);
  });

  it('should mark the cards whose Mental Health Act deadline has come as urgent, and the warning ones not', async () => {
    const alertOf = (name: string) => page.getByRole('article', { name, exact: true }).getAttribute('data-alert');
    expect(await alertOf('Bed 21')).toBe('urgent');
    expect(await alertOf('Bed 22')).toBe('urgent');
    expect(await alertOf('Bed 20')).not.toBe('urgent');
    // A refused set before its next due time, and stopped observations: never OVERDUE.
    for (const name of ['Bed 10', 'Bed 11']) {
      const text = await page.getByRole('article', { name, exact: true }).evaluate((el) => el.textContent ?? '');
      expect(text).not.toMatch(/OVERDUE/);
    }
  });

  it('should never call an empty bed of unknown, isolated or contaminated status free', async () => {
    for (const name of ['Bed 8', 'Bed 16', 'Bed 24']) {
      const text = await page.getByRole('article', { name, exact: true }).innerText();
      expect(text).not.toMatch(/free/i);
    }
  });

  it('should count isolated, contaminated and unknown beds in the header, and fit the screen without scrolling', async () => {
    const census = (await page.getByRole('region', { name: 'Ward census' }).innerText()).replace(/\s+/g, ' ');
    expect(census).toMatch(/Isolated 1/);
    expect(census).toMatch(/Contaminated 1/);
    expect(census).toMatch(/Status unknown 1/);
    // Who is coming, under the census: where from and when, a held bed, a side room, late in words.
    const expected = await page.getByTestId('expected').innerText();
    expect(expected).toMatch(
      /^4 expected: admission ([A-Z][a-z]{2} )?\d\d:\d\d, late · from ED (tomorrow )?\d\d:\d\d \(Bed 14\) \+2 more$/,
    );
    expect(await page.getByTestId('expected').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const overflow = await page.evaluate(() => ({
      vertical: document.documentElement.scrollHeight - window.innerHeight,
      horizontal: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow.vertical).toBeLessThanOrEqual(0);
    expect(overflow.horizontal).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'card-states.png') });
    expect(errors).toEqual([]);
  });
});
