/**
 * Every view through axe-core in Chromium, against the real server and simulator, each opened by
 * the demo user whose role it is for (and the pairing screen by nobody): no serious or critical
 * accessibility violations (WCAG 2 A and AA rules), where a person sits at the screen with a keyboard
 * or a screen reader, and on the wall screens too (contrast matters at 3 m); and no Content Security
 * Policy violation on any of them (SEC-8). Screenshots of the huddle view, patient detail, the
 * pairing screen and the admin pages are saved at 1920x1080 for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Board, SessionResponse, WardSummary } from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInInBrowser, watchCsp } from '../support/browser.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

type Viewer = 'nobody' | 'nurse' | 'bedmanager' | 'lead' | 'admin' | 'safety';

describe('accessibility of every view in Chromium (axe-core)', () => {
  let server: WardflowProcess;
  let browser: Browser;
  const pages = new Map<Viewer, Page>();
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  /** Each page's CSP watcher, emptied into `cspViolations` after every view. */
  const watchers: Array<() => void> = [];
  /** A ward on the demo bed manager's site, and the demo nurse's ward with an occupied bed. */
  let managerWard: WardSummary;
  let nurseWard = '';
  let bedId = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await launchBrowser();
    for (const viewer of ['nobody', 'nurse', 'bedmanager', 'lead', 'admin', 'safety'] as const) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      // axe-core goes in as an init script: the page's own CSP (rightly) refuses injected inline scripts.
      await context.addInitScript({ path: AXE_SOURCE });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Content Security Policy/.test(message.text()))
          consoleErrors.push(`${viewer}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`${viewer}: ${error.message}`));
      const csp = watchCsp(page);
      pages.set(viewer, page);
      watchers.push(() => cspViolations.push(...csp.splice(0)));
      if (viewer !== 'nobody') await signInInBrowser(page, server, viewer);
    }
    const grantsOf = async (viewer: Viewer) => {
      const session = (await pages
        .get(viewer)
        ?.evaluate(() => fetch('/api/session').then((r) => r.json()))) as SessionResponse;
      return session.signedIn ? session.identity.grants : [];
    };
    const site = ((await grantsOf('bedmanager'))[0]?.sites as string[])[0];
    nurseWard = ((await grantsOf('nurse'))[0]?.wards as string[])[0] ?? '';
    // Every ward polled once, so each view shows real content rather than a waiting screen.
    for (let i = 0; i < 120; i++) {
      const wards = await server.json<WardSummary[]>('/api/wards');
      const board = await server.json<Board>(`/api/wards/${nurseWard}/board`);
      bedId = board.beds.find((b) => b.patient !== null)?.id ?? '';
      if (wards.length > 0 && wards.every((w) => w.asOf !== null) && bedId !== '') {
        managerWard = wards.find((w) => w.siteId === site) as WardSummary;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function seriousViolations(page: Page): Promise<string[]> {
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} at ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join('; ')}`,
      );
  }

  // Every row has all five cells: jest passes a `done` callback in place of a missing last one.
  const views: Array<[string, Viewer, () => string, string, string | null]> = [
    ['ward list', 'bedmanager', () => '/', '.ward-list', null],
    ['ward wall display', 'bedmanager', () => `/wards/${managerWard.id}/display`, 'article.bed', null],
    ['huddle view', 'bedmanager', () => `/wards/${managerWard.id}/huddle`, '.huddle-section', 'huddle.png'],
    [
      'patient detail',
      'nurse',
      () => `/wards/${nurseWard}/beds/${bedId}`,
      'svg.recharts-surface',
      'patient-detail.png',
    ],
    [
      'pairing screen of an unenrolled wall screen',
      'nobody',
      () => `/wards/${nurseWard}/display`,
      '[data-testid="pairing-code"]',
      'pairing.png',
    ],
    ['signed-out page', 'nobody', () => '/signed-out?reason=no-role', 'h1', null],
    ['safety heat map', 'lead', () => '/heatmap', '.heatmap-cell', null],
    ['digests', 'lead', () => '/digests', 'table', null],
    ['sites', 'bedmanager', () => '/sites', 'table', null],
    ['site wards and flow', 'bedmanager', () => `/sites/${managerWard.siteId}`, 'table', null],
    ['beds behind a number', 'bedmanager', () => `/sites/${managerWard.siteId}/beds`, 'table', null],
    ['admin index', 'admin', () => '/admin', 'main a[href="/admin/devices"]', null],
    ['wall screens', 'admin', () => '/admin/devices', 'form', 'admin-devices.png'],
    ['API tokens', 'admin', () => '/admin/tokens', 'form', 'admin-tokens.png'],
    ['sessions', 'admin', () => '/admin/sessions', 'table', null],
    ['configuration', 'admin', () => '/admin/config', 'main h1', null],
    ['audit log', 'safety', () => '/admin/audit', 'table', 'admin-audit.png'],
  ];

  it.each(views)(
    'should have no serious or critical violations, and no CSP violation, on the %s',
    async (_name, viewer, path, ready, screenshot) => {
      const page = pages.get(viewer) as Page;
      await page.goto(`${server.url}${path()}`);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      if (screenshot !== null) await page.screenshot({ path: join(ARTIFACTS, screenshot) });
      expect(await seriousViolations(page)).toEqual([]);
      for (const flush of watchers) flush();
      expect(cspViolations).toEqual([]);
    },
  );

  it('should move through the drill-down by keyboard alone', async () => {
    const page = pages.get('bedmanager') as Page;
    await page.goto(`${server.url}/sites`);
    await page.locator('table').first().waitFor();
    // Tab lands on real links in reading order (past the session bar and the escalations' buttons); Enter follows one.
    let focused = '';
    for (let i = 0; i < 200 && !focused.startsWith('/sites/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href') ?? '',
      );
    }
    expect(focused).toMatch(/^\/sites\//);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${focused}`);
    expect(consoleErrors).toEqual([]);
  });
});
