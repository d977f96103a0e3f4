/**
 * The weekly digest against the real server process and its simulated demo trust (no SMTP, so the
 * emails go to the outbox): the demo leads cover every ward, this week's email renders in Chromium at
 * 800 px (saved as test/artifacts/digest-email.png for people to look at), "send now" twice gives one
 * email per lead, and the /digests pages show the ledger and the preview to the demo inpatient lead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DigestLedgerResponse, DigestPreview, Heatmap, Lead } from '@wardflow/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser, signInInBrowser, watchCsp } from '../support/browser.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { everyWardScored } from '../support/eventually.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

describe('weekly digest in the demo trust and Chromium', () => {
  let server: WardflowProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await launchBrowser();
    // The digest reads scores: wait until every ward has been scored once.
    await everyWardScored(server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const get = <T>(path: string): Promise<T> => server.json<T>(path);

  it('should give the demo trust leads covering every ward, on its example domain', async () => {
    const [leads, heatmap] = await Promise.all([get<Lead[]>('/api/leads'), get<Heatmap>('/api/heatmap')]);
    expect(leads.length).toBeGreaterThanOrEqual(3);
    expect(new Set(leads.flatMap((l) => l.wardIds))).toEqual(new Set(heatmap.wards.map((w) => w.wardId)));
    for (const lead of leads) expect(lead.email).toMatch(/@demo-trust\.example$/);
  });

  it("should render this week's email at 800 px wide with every ward's measures and bands, and save a screenshot", async () => {
    const leads = await get<Lead[]>('/api/leads');
    const lead = leads.find((l) => l.id.startsWith('matron-'))!;
    const preview = await get<DigestPreview>(`/api/digests/preview?lead=${lead.id}&format=json`);
    const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(preview.html, { waitUntil: 'load' });
    const heatmap = await get<Heatmap>('/api/heatmap');
    for (const wardId of lead.wardIds) {
      const ward = heatmap.wards.find((w) => w.wardId === wardId)!;
      expect(await page.getByRole('heading', { name: new RegExp(ward.name) }).count()).toBe(1);
    }
    const bandWords = await page.locator('td span').allInnerTexts();
    expect(bandWords.filter((w) => /^(RED|AMBER|OK|no data|not current)$/.test(w)).length).toBeGreaterThanOrEqual(
      lead.wardIds.length * 10,
    );
    // Every chart drew (data: URIs in the preview) and nothing was fetched from anywhere.
    const images = await page.locator('img').evaluateAll((imgs) =>
      imgs.map((i) => ({
        ok: (i as HTMLImageElement).naturalWidth > 0,
        src: (i as HTMLImageElement).src.slice(0, 22),
      })),
    );
    expect(images).toEqual(lead.wardIds.map(() => ({ ok: true, src: 'data:image/png;base64,' })));
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    const path = join(ARTIFACTS, 'digest-email.png');
    await page.screenshot({ path, fullPage: true });
    console.log(`Digest email screenshot (800 px, full page): ${path}`);
    await page.close();
  });

  it('should send one email per lead to the outbox however often "send now" is pressed', async () => {
    const leads = await get<Lead[]>('/api/leads');
    for (let i = 0; i < 2; i++) {
      const response = await server.api('/api/digests/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(202);
    }
    let ledger = await get<DigestLedgerResponse>('/api/digests');
    for (
      let i = 0;
      i < 120 && !(ledger.entries.length === leads.length && ledger.entries.every((e) => e.state === 'sent'));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 500));
      ledger = await get<DigestLedgerResponse>('/api/digests');
    }
    expect(ledger.transport).toBe('outbox');
    expect(ledger.entries.map((e) => [e.leadId, e.week, e.state, e.attempts]).sort()).toEqual(
      leads.map((l) => [l.id, ledger.week, 'sent', 1]).sort(),
    );
    expect(ledger.outbox).toHaveLength(leads.length);
    expect((await server.api('/api/digests/preview?lead=..%2Fetc')).status).toBe(400);
    expect((await server.api('/api/digests/preview?lead=nobody')).status).toBe(404);
    // Releasing can cause a second email: not without a credential.
    const release = await fetch(`${server.url}/api/digests/release`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leadId: leads[0]!.id, week: ledger.week }),
    });
    expect(release.status).toBe(401);
    const html = await server.api(`/api/digests/preview?lead=${leads[0]!.id}`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('should show the leads and the ledger on /digests and the email on the preview page', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const csp = watchCsp(page);
    await signInInBrowser(page, server, 'lead');
    await page.getByRole('link', { name: 'Weekly digest' }).click();
    await page.getByRole('heading', { name: 'Weekly digest' }).waitFor();
    const leadsTable = page.getByRole('table', { name: 'Inpatient leads' });
    await leadsTable.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table[aria-label="Inpatient leads"] tbody tr td:last-child')].every(
        (td) => td.textContent === 'Sent',
      ),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'digests.png') });
    await leadsTable.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Digest preview' }).waitFor();
    expect(await page.getByTestId('preview-as-of').innerText()).toMatch(/\d{2}:\d{2} (GMT|BST)$/);
    const frame = page.frameLocator('iframe.digests-frame');
    await frame.getByText('Ward safety digest').first().waitFor();
    expect(errors).toEqual([]);
    expect(csp).toEqual([]);
    await page.close();
  });
});
