/**
 * Chromium for the browser tests (Debian's, through playwright-core), and the two ways a browser gets
 * in: a person signing in through the identity provider's form, and a wall screen enrolled by its
 * pairing code. Every page also records Content-Security-Policy violations (Chromium reports them on
 * the console), so a test can say none happened.
 */
import type { DeviceView } from '@wardflow/shared';
import { chromium, type Browser, type Page } from 'playwright-core';
import { adminOf } from './principals.js';
import type { WardflowProcess } from './wardflow-process.js';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Console messages in which Chromium reports a Content-Security-Policy violation, collected from now on. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Signs in through the real flow in this page: Wardflow -> provider's form -> back to `returnTo`. */
export async function signInInBrowser(
  page: Page,
  server: WardflowProcess,
  username: string,
  returnTo = '/',
): Promise<void> {
  await page.goto(`${server.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(server.url) && !url.pathname.startsWith('/auth/'));
}

/**
 * Opens the ward's display as an unenrolled screen, reads the pairing code it shows, approves it as
 * the demo admin (as in /admin/devices, by the code read off the screen), and waits for the board to
 * replace the code.
 */
export async function enrolInBrowser(
  page: Page,
  server: WardflowProcess,
  wardId: string,
  name = 'Wall screen',
): Promise<DeviceView> {
  await page.goto(`${server.url}/wards/${encodeURIComponent(wardId)}/display`);
  const codeElement = page.getByTestId('pairing-code');
  await codeElement.waitFor();
  const code = (await codeElement.innerText()).trim();
  const admin = await adminOf(server);
  const approved = await fetch(`${server.url}/api/devices`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code, name, wardId }),
  });
  if (approved.status !== 201)
    throw new Error(`Approving ${code} answered ${approved.status}: ${await approved.text()}`);
  await page.locator('article.bed').first().waitFor({ timeout: 30_000 });
  return (await approved.json()) as DeviceView;
}
