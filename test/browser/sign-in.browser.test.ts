/**
 * Sign-in, sign-out and wall screens in Chromium against the real server (SEC-1, SEC-2, SEC-3):
 * - a signed-out person on a page is offered sign-in, goes through the embedded OpenID provider's
 *   form, comes back to the same page signed in (the session cookie out of the page's reach), and
 *   signing out ends it on the server;
 * - a wall screen shows a pairing code and nothing else, shows its board once the code is approved,
 *   never receives an NHS number, name or birth date over its socket, and when removed says so within
 *   5 s instead of a stale board, also after a reload.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionResponse, WardSummary } from '@wardflow/shared';
import type { Browser, Page } from 'playwright-core';
import { enrolInBrowser, launchBrowser, watchCsp } from '../support/browser.js';
import { adminOf } from '../support/principals.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

interface FhirBundle {
  entry?: Array<{ resource: Record<string, unknown> & { resourceType: string } }>;
}

describe('sign-in and wall screens in Chromium', () => {
  let server: WardflowProcess;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startWardflowProcess(baseEnv());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<{ page: Page; csp: string[] }> {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return { page, csp: watchCsp(page) };
  }

  const sessionIn = (page: Page) =>
    page.evaluate(() => fetch('/api/session').then((r) => r.json())) as Promise<SessionResponse>;

  it('should send a signed-out person through the identity provider and back to the page, then sign out on the server', async () => {
    const { page, csp } = await newPage();
    await page.goto(`${server.url}/sites`);
    await page.getByText('Sign in to see this').first().waitFor();
    await page
      .getByRole('link', { name: /^Sign in/ })
      .first()
      .click();
    // The provider's own page, on its own origin.
    await page.locator('input[name="username"]').waitFor();
    expect(new URL(page.url()).origin).not.toBe(server.url);
    await page.locator('input[name="username"]').fill('bedmanager');
    await page.locator('input[name="password"]').fill(server.password);
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in.png') });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/sites`);
    await page.getByRole('heading', { name: 'Bed management', level: 1 }).waitFor();
    await page.getByText('Demo bed manager').first().waitFor();
    expect(await sessionIn(page)).toMatchObject({
      signedIn: true,
      identity: { kind: 'user', name: 'Demo bed manager' },
    });
    // HttpOnly: the page's scripts cannot read the session cookie.
    expect(await page.evaluate(() => document.cookie)).not.toContain('wardflow_session');
    const cookie = (await page.context().cookies(server.url)).find((c) => c.name === 'wardflow_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByText(/signed out/i)
      .first()
      .waitFor();
    expect(await sessionIn(page)).toMatchObject({ signedIn: false });
    // The old cookie, replayed, is refused: the session ended on the server, not just in this browser.
    const replay = await fetch(`${server.url}/api/sites`, {
      headers: { cookie: `wardflow_session=${cookie?.value ?? ''}` },
    });
    expect(replay.status).toBe(401);
    expect(csp).toEqual([]);
  });

  it('should enrol a wall screen, keep identifiers off its socket, and say it was removed within 5 s, also after a reload', async () => {
    const wards = await server.json<WardSummary[]>('/api/wards');
    const ward = wards[1] as WardSummary;
    const { page, csp } = await newPage();
    // Everything the screen's sockets received, over WebSocket frames and over long-polling responses alike.
    const frames: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) =>
        frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')),
      ),
    );
    page.on('response', (response) => {
      if (response.url().includes('/socket.io/'))
        void response.text().then(
          (text) => frames.push(text),
          () => undefined,
        );
    });
    const device = await enrolInBrowser(page, server, ward.id, 'Corridor screen');
    expect(await sessionIn(page)).toMatchObject({
      signedIn: true,
      identity: { kind: 'device', id: device.id, device: { kind: 'ward', wardId: ward.id } },
    });
    await page.waitForFunction(() => document.querySelectorAll('article.bed').length > 0);

    // SEC-1: every frame the screen received, against the ward's patients as FHIR knows them.
    const bundle = (await (
      await fetch(
        `${server.fhirBaseUrl}/Encounter?location=Location/${ward.id}&status=in-progress,onleave&_include=Encounter:subject&_count=100`,
      )
    ).json()) as FhirBundle;
    const patients = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThan(0);
    const received = frames.join('\n');
    expect(received).toContain(`"version":`);
    for (const patient of patients) {
      for (const id of ((patient.identifier as Array<{ value: string }> | undefined) ?? []).map((i) => i.value))
        expect(received).not.toContain(id);
      for (const name of (patient.name as Array<{ family?: string; given?: string[] }> | undefined) ?? []) {
        expect(received).not.toContain([...(name.given ?? []), name.family].filter(Boolean).join(' '));
        if (name.family !== undefined && name.family.length > 3) expect(received).not.toContain(`"${name.family}"`);
      }
      if (typeof patient.birthDate === 'string') expect(received).not.toContain(patient.birthDate);
    }

    const removedAt = Date.now();
    const admin = await adminOf(server);
    const revoke = await fetch(`${server.url}/api/devices/${device.id}`, { method: 'DELETE', headers: admin.headers });
    expect(revoke.status).toBe(200);
    await page.getByText('This screen has been removed').waitFor({ timeout: 5_000 });
    expect(Date.now() - removedAt).toBeLessThan(5_000);
    expect(await page.locator('article.bed').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-removed.png') });
    await page.reload();
    await page.getByText('This screen has been removed').waitFor();
    expect(await page.locator('article.bed').count()).toBe(0);
    expect(csp).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
