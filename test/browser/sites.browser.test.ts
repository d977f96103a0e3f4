/**
 * The bed manager's drill-down in a real browser (Debian's Chromium through playwright-core) against
 * the real server and simulator: from /sites through a site to a number, and from the number to a
 * bed row that opens the ward's board, with no console errors, as the demo bed manager (one site).
 * 1920x1080 screenshots are saved for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionResponse, SitesResponse } from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInInBrowser, watchCsp } from '../support/browser.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { eventually } from '../support/eventually.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

describe('manager drill-down in Chromium', () => {
  let server: WardflowProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let csp: string[] = [];
  /** The demo bed manager's site. */
  let mySite = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    csp = watchCsp(page);
    await signInInBrowser(page, server, 'bedmanager');
    const session = (await page.evaluate(() => fetch('/api/session').then((r) => r.json()))) as SessionResponse;
    mySite = session.signedIn ? ((session.identity.grants[0]?.sites as string[])[0] ?? '') : '';
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The sites once every ward's first poll is stored. */
  function polledSites(): Promise<SitesResponse> {
    return eventually(
      async () => {
        const all = await server.json<SitesResponse>('/api/sites');
        return { ...all, sites: all.sites.filter((s) => s.siteId === mySite) };
      },
      (sites) => sites.sites.length > 0 && sites.sites.every((s) => s.wardsWithoutData === 0),
      "Every ward of the manager's site polled",
    );
  }

  it('should go from the sites to a site, from a number to its beds, and from a bed to its ward board', async () => {
    const sites = await polledSites();
    const site = sites.sites.find((s) => s.totals.occupied > 0) ?? sites.sites[0];
    if (site === undefined) throw new Error('no site');

    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Bed management by site' }).click();
    await page.getByRole('heading', { name: 'Bed management', level: 1 }).waitFor();
    expect(await page.getByTestId('sites-as-of').innerText()).toMatch(/^Data as of \d{2}:\d{2} (GMT|BST)$/);
    for (const s of sites.sites) {
      const table = page.getByRole('table', { name: `${s.siteName} wards` });
      expect(await table.locator('tbody tr').count()).toBe(s.wards.length);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'sites.png') });

    // A site: its wards and its flow charts.
    await page.getByRole('link', { name: site.siteName, exact: true }).click();
    await page.getByRole('heading', { name: site.siteName, level: 1 }).waitFor();
    await page.getByTestId('flow-los-summary').waitFor();
    expect(await page.locator('.sites-chart svg.recharts-surface').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('flow-los-summary').innerText()).toMatch(/inpatients now/);
    await page.screenshot({ path: join(ARTIFACTS, 'site-flow.png'), fullPage: true });

    // A number: the site's occupied beds, as many rows as the number says.
    const total = page.getByRole('row', { name: new RegExp(`${site.siteName} total`) });
    await total.getByRole('link', { name: `${site.siteName} total: ${site.totals.occupied} occupied` }).click();
    await page.getByRole('heading', { name: `Occupied: ${site.siteName}`, level: 1 }).waitFor();
    const rows = page.locator('table.sites-beds tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(site.totals.occupied);
    expect(await page.getByTestId('sites-as-of').innerText()).toMatch(/^Data as of \d{2}:\d{2} (GMT|BST)$/);
    // Initials only: nothing that looks like an NHS number or a full name.
    const text = await page.locator('table.sites-beds').innerText();
    expect(text).not.toMatch(/\b\d{3} ?\d{3} ?\d{4}\b/);
    await page.screenshot({ path: join(ARTIFACTS, 'site-beds.png') });

    // A bed row: its ward's wall board.
    const bed = rows.first().getByRole('link', { name: /open the ward board/ });
    const href = await bed.getAttribute('href');
    expect(href).toMatch(/^\/wards\/[^/]+\/display$/);
    await bed.click();
    await page.waitForURL(`**${href ?? ''}`);

    expect(consoleErrors).toEqual([]);
    expect(csp).toEqual([]);
  });
});
