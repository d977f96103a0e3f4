/**
 * The wall display in a real browser (Debian's Chromium through playwright-core) against the real
 * server and simulator, as an enrolled wall screen (pairing code approved): the beds the API reports
 * are on screen, the "data as of" line is there, a 1920x1080 screenshot is saved for people to look
 * at, and a dead server is announced on screen and the screen comes back by itself. The huddle view is
 * opened by the demo bed manager.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTCOME_CHARTS, runChartWords, type Board, type WardOutcomes, type WardSummary } from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { enrolInBrowser, launchBrowser, signInInBrowser, watchCsp } from '../support/browser.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { eventually } from '../support/eventually.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

describe('ward wall display in Chromium', () => {
  let server: WardflowProcess;
  const env = baseEnv();
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let csp: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(env);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    csp = watchCsp(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  function firstPolledBoard(wardId: string): Promise<Board> {
    return eventually(
      () => server.json<Board>(`/api/wards/${wardId}/board`),
      (board) => board.asOf !== null,
      `Ward ${wardId}'s first poll`,
      { tries: 60 },
    );
  }

  it('should enrol a wall screen by its pairing code and show every bed of its ward and the data time', async () => {
    const wards = await server.json<WardSummary[]>('/api/wards');
    const ward = wards.find((w) => w.profile === 'acute') ?? (wards[0] as WardSummary);
    const board = await firstPolledBoard(ward.id);

    await page.goto(`${server.url}/wards/${ward.id}/display`);
    const code = page.getByTestId('pairing-code');
    await code.waitFor();
    // An unenrolled screen shows the code and nothing of the ward.
    expect(await page.locator('article.bed').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(
      board.beds.find((b) => b.patient !== null)?.patient?.initials ?? '§',
    );
    await enrolInBrowser(page, server, ward.id, `${ward.name} station`);
    await page.waitForFunction((n) => document.querySelectorAll('article.bed').length === n, board.beds.length);
    const labels = await page.locator('article.bed').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels).toEqual(board.beds.map((b) => b.label));

    const asOf = await page.getByTestId('as-of').innerText();
    expect(asOf).toMatch(/Data as of \d{2}:\d{2} (GMT|BST)/);

    await page.screenshot({ path: join(ARTIFACTS, 'ward-display.png') });
    expect(consoleErrors).toEqual([]);
    expect(csp).toEqual([]);
  });

  it('should keep the data time whole on screen for the ward with the longest name (CS-1)', async () => {
    const wards = await server.json<WardSummary[]>('/api/wards');
    const longest = wards.reduce((a, b) => (b.name.length > a.name.length ? b : a));
    await firstPolledBoard(longest.id);
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await enrolInBrowser(screen, server, longest.id);
    const box = await screen.getByTestId('as-of').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1920);
    expect(box!.y + box!.height).toBeLessThanOrEqual(1080);
    await screen.close();
  });

  it('should say the connection is lost when the server goes away, and bring the board back by itself when it returns', async () => {
    const port = new URL(server.url).port;
    const stoppedAt = Date.now();
    await server.stop({ keepData: true });
    // CS-3: within 75 s whatever the cause; a closed socket is noticed at once.
    await page.locator('.connection-lost').waitFor({ timeout: 75_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(75_000);
    expect(await page.locator('.connection-lost').innerText()).toMatch(/connection lost/i);
    await page.screenshot({ path: join(ARTIFACTS, 'ward-display-connection-lost.png') });

    // The same server comes back on the same address and data: the screen reconnects and resyncs unattended.
    server = await startWardflowProcess({ ...env, PORT: port });
    await page.locator('.connection-lost').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('article.bed').first().waitFor();
    expect(await page.getByTestId('as-of').innerText()).toMatch(/Data as of \d{2}:\d{2} (GMT|BST)/);
    // Refused connections while the server was down are the outage itself, logged by the browser; nothing else may be.
    expect(consoleErrors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    consoleErrors.length = 0;
  });

  it('should show the huddle view of a ward to the bed manager of its site, with its check-ins', async () => {
    const manager = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signInInBrowser(manager, server, 'bedmanager');
    const wards = (await manager.evaluate(() => fetch('/api/wards').then((r) => r.json()))) as WardSummary[];
    const ward = wards[0] as WardSummary;
    await manager.goto(`${server.url}/wards/${ward.id}/huddle`);
    await manager.locator('.huddle-section').first().waitFor();
    const titles = await manager.locator('.huddle-section__title').allInnerTexts();
    expect(titles).toHaveLength(4);
    expect(titles.join(' ')).toMatch(/Safety risks.*Care reviews|Care reviews.*Safety risks/s);
    expect(consoleErrors).toEqual([]);
    await manager.close();
  });

  it('should let a signed-in nurse record a huddle action at a London time, and the ward’s open huddle screen show it within seconds with nothing to press', async () => {
    const nurse = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    nurse.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await signInInBrowser(nurse, server, 'nurse');
    const session = (await nurse.evaluate(() => fetch('/api/session').then((r) => r.json()))) as {
      identity: { grants: Array<{ wards: string[] }> };
    };
    const wardId = session.identity.grants[0]?.wards[0] as string;
    const board = await firstPolledBoard(wardId);
    const bed = board.beds.find((b) => b.patient !== null);
    // The ward's huddle screen (enrolled, no person signed in) is already showing when the nurse records.
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await enrolInBrowser(screen, server, wardId, 'Huddle screen');
    await screen.goto(`${server.url}/wards/${wardId}/huddle`);
    await screen.getByRole('heading', { name: /^Actions/ }).waitFor();
    await nurse.goto(`${server.url}/wards/${wardId}/huddle`);
    await nurse.getByRole('button', { name: 'Record an action' }).click();
    const form = nurse.getByRole('form', { name: 'Record an action' });
    await form.getByLabel('For', { exact: true }).selectOption(bed?.patient?.encounterId as string);
    await form.getByLabel('What (no names or NHS numbers)', { exact: true }).fill('Chase TTO with pharmacy');
    await form.getByLabel('Who', { exact: true }).fill('Charge nurse');
    await form.getByLabel('Due', { exact: true }).selectOption('tomorrow');
    await form.getByLabel('at', { exact: true }).fill('09:30');
    await form.getByRole('button', { name: 'Record' }).click();
    const list = nurse.getByTestId('huddle-actions');
    await list.getByText('Chase TTO with pharmacy').waitFor();
    expect((await list.innerText()).replace(/\s+/g, ' ')).toMatch(
      new RegExp(`${bed?.label} Chase TTO with pharmacy Charge nurse due tomorrow 09:30`),
    );
    // Stored as 09:30 London time tomorrow, whatever the browser's own zone.
    const stored = (await nurse.evaluate(
      (id) => fetch(`/api/wards/${id}/huddle/actions`).then((r) => r.json()),
      wardId,
    )) as Array<{ dueAt: string; createdBy: string }>;
    expect(stored[0]?.createdBy).toBe('Demo ward nurse');
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(
        new Date(stored[0]?.dueAt ?? ''),
      ),
    ).toBe('09:30');

    // The screen shows it within seconds, told over its socket (its timed reload is a minute away).
    await screen.getByTestId('huddle-actions').getByText('Chase TTO with pharmacy').waitFor({ timeout: 15_000 });
    expect(await screen.getByRole('button', { name: 'Record an action' }).count()).toBe(0);
    expect(await screen.getByRole('button', { name: /^Done/ }).count()).toBe(0);
    await nurse.screenshot({ path: join(ARTIFACTS, 'huddle-actions.png') });
    expect(consoleErrors).toEqual([]);
    await nurse.close();
    await screen.close();
  });

  it('should show the ward’s outcome run charts at the huddle as the server counts them, in words, nothing cut off', async () => {
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const wards = await server.json<WardSummary[]>('/api/wards');
    const ward = wards.find((w) => w.profile === 'acute') ?? (wards[0] as WardSummary);
    await firstPolledBoard(ward.id);
    // The worker scores each snapshot and stores its outcome days: wait for the first.
    const outcomes = await eventually(
      () => server.json<WardOutcomes>(`/api/wards/${ward.id}/outcomes`),
      (o) => o.readAt !== null,
      `Ward ${ward.id}'s first outcome days`,
      { tries: 60 },
    );
    await enrolInBrowser(screen, server, ward.id, 'Huddle outcomes screen');
    await screen.goto(`${server.url}/wards/${ward.id}/huddle`);
    const panel = screen.getByRole('region', { name: /^Outcomes by week/ });
    await panel.getByRole('figure', { name: 'Falls' }).waitFor();
    for (const meta of OUTCOME_CHARTS) {
      const tile = panel.getByRole('figure', { name: meta.title });
      const text = (await tile.innerText()).replace(/\s+/g, ' ');
      const words = runChartWords(outcomes.charts[meta.id], meta);
      if (outcomes.charts[meta.id].points.every((p) => p.value === null))
        expect(text).toContain('Not recorded on this ward');
      else if (words.thisWeek !== null) expect(text).toContain(words.thisWeek);
    }
    // Each tile's words and chart sit inside the screen, none cut off inside its tile.
    const clipped = await panel
      .locator('.outcome-tile span')
      .evaluateAll((spans) =>
        spans
          .filter((s) => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().bottom > window.innerHeight)
          .map((s) => s.textContent),
      );
    expect(clipped).toEqual([]);
    expect(await panel.locator('.outcome-tile__chart svg').count()).toBeGreaterThan(0);
    await screen.screenshot({ path: join(ARTIFACTS, 'huddle-outcomes.png') });
    expect(consoleErrors).toEqual([]);
    await screen.close();
  });
});
