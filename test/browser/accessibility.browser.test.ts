/**
 * Every view through axe-core in Chromium, against the real server and simulator: no serious or
 * critical accessibility violations (WCAG 2 A and AA rules), where a person sits at the screen with
 * a keyboard or a screen reader, and on the wall screens too (contrast matters at 3 m). The huddle
 * view's 1920x1080 screenshot is saved here for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WardSummary } from '@wardflow/shared';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe('accessibility of every view in Chromium (axe-core)', () => {
  let server: WardflowProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let acute: WardSummary;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // Every ward polled once, so each view shows real content rather than a waiting screen.
    for (let i = 0; i < 120; i++) {
      const wards = (await (await fetch(`${server.url}/api/wards`)).json()) as WardSummary[];
      if (wards.length > 0 && wards.every((w) => w.asOf !== null)) {
        acute = wards.find((w) => w.profile === 'acute') as WardSummary;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function seriousViolations(): Promise<string[]> {
    await page.addScriptTag({ path: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  }

  const views: Array<[string, () => string, string]> = [
    ['ward list', () => '/', '.ward-list'],
    ['ward wall display', () => `/wards/${acute.id}/display`, 'article.bed'],
    ['huddle view', () => `/wards/${acute.id}/huddle`, '.huddle-section'],
    ['safety heat map', () => '/heatmap', '.heatmap-cell'],
    ['sites', () => '/sites', 'table'],
    ['site wards and flow', () => `/sites/${acute.siteId}`, 'table'],
    ['beds behind a number', () => `/sites/${acute.siteId}/beds`, 'table'],
  ];

  it.each(views)('should have no serious or critical violations on the %s', async (name, path, ready) => {
    await page.goto(`${server.url}${path()}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    if (name === 'huddle view') await page.screenshot({ path: join(ARTIFACTS, 'huddle.png') });
    expect(await seriousViolations()).toEqual([]);
  });

  it('should move through the heat map and the drill-down by keyboard alone', async () => {
    await page.goto(`${server.url}/sites`);
    await page.locator('table').first().waitFor();
    // Tab lands on real links in reading order; Enter follows one.
    let focused = '';
    for (let i = 0; i < 15 && !focused.startsWith('/sites/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href') ?? '');
    }
    expect(focused).toMatch(/^\/sites\//);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${focused}`);
    expect(consoleErrors).toEqual([]);
  });
});
