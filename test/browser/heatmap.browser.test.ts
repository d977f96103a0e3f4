/**
 * The safety heat map in a real browser (Debian's Chromium through playwright-core) against the real
 * server and simulator: every ward the API reports is on screen with its ten measures, a ward's history
 * chart opens from its name, and 1920x1080 screenshots are saved for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Heatmap } from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInInBrowser, watchCsp } from '../support/browser.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { everyWardScored } from '../support/eventually.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

describe('safety heat map in Chromium', () => {
  let server: WardflowProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let csp: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    csp = watchCsp(page);
    // The demo inpatient lead covers the whole trust.
    await signInInBrowser(page, server, 'lead', '/heatmap');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The heat map once every ward's first live poll has been scored. */
  const scoredHeatmap = (): Promise<Heatmap> => everyWardScored(server);

  it('should show every ward with its ten measures and composite, and open a ward history chart', async () => {
    const heatmap = await scoredHeatmap();

    await page.goto(`${server.url}/heatmap`);
    await page.getByRole('heading', { name: 'Safety heat map' }).waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('tr.heatmap-row td[data-testid="composite"]').length === n,
      heatmap.wards.length,
    );

    for (const ward of heatmap.wards) {
      const row = page.locator(`tr[data-ward-id="${ward.wardId}"]`);
      expect(await row.getByRole('button', { name: ward.name, exact: true }).count()).toBe(1);
      expect(await row.locator('td.heatmap-cell:not(.heatmap-composite)').count()).toBe(10);
    }
    expect(await page.getByTestId('heatmap-as-of').innerText()).toMatch(/data as of \d{2}:\d{2} (GMT|BST)/);
    expect(await page.getByTestId('heatmap-connection').innerText()).toMatch(/Live/);
    await page.screenshot({ path: join(ARTIFACTS, 'heatmap.png') });

    const first = heatmap.wards[0]!;
    await page
      .locator(`tr[data-ward-id="${first.wardId}"]`)
      .getByRole('button', { name: first.name, exact: true })
      .click();
    const panel = page.locator('section.heatmap-history');
    await panel.locator('svg path.recharts-line-curve').waitFor();
    expect(await panel.locator('figcaption').innerText()).toMatch(/last 7 days/);
    // An inpatient lead's role has no ward boards, so the panel offers none.
    expect(await panel.getByRole('link', { name: 'Open ward board' }).count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'heatmap-history.png') });

    expect(consoleErrors).toEqual([]);
    expect(csp).toEqual([]);
  });
});
