/**
 * Escalation end to end on the demo trust, with a WARDS_CONFIG written here that lowers the occupancy
 * rule to "above 1%", so wards cross it deterministically on their first poll: the built server
 * polls, scores (BullMQ), evaluates the rules, and a socket.io-client in the escalations room receives
 * the `escalation` event; a user signs in over HTTP (scrypt hash from the server's own hash-password
 * helper), acknowledges it, and the acknowledgement is pushed to the escalations room and to the
 * ward's room alike. Then Chromium signs in on /sites, acknowledges from the list, and saves a
 * 1920x1080 screenshot (test/artifacts/escalations.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EscalationUpdate, EscalationView, SessionResponse } from '@wardflow/shared';
import { chromium, type Browser } from 'playwright-core';
import { connect, subscribe, type WardSocket } from '../support/socket.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const PASSWORD = 'escalation e2e password';
const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

function nextEscalation(socket: WardSocket, predicate: (u: EscalationUpdate) => boolean, timeoutMs = 60_000): Promise<EscalationUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('escalation', listener);
      reject(new Error('No matching escalation event in time'));
    }, timeoutMs);
    const listener = (update: EscalationUpdate) => {
      if (!predicate(update)) return;
      clearTimeout(timer);
      socket.off('escalation', listener);
      resolve(update);
    };
    socket.on('escalation', listener);
  });
}

describe('escalation: threshold crossed -> socket event -> acknowledged by a signed-in user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-escalation-'));
  let server: WardflowProcess;
  const sockets: WardSocket[] = [];
  let manager: WardSocket;
  const raised: EscalationUpdate[] = [];
  let initial: EscalationView[] = [];

  beforeAll(async () => {
    const passwordHash = execFileSync(process.execPath, [join(REPO_ROOT, 'server/dist/auth/hash-password.cli.js')], { input: `${PASSWORD}\n` }).toString().trim();
    const wardsConfig = join(dir, 'wards.json');
    writeFileSync(
      wardsConfig,
      JSON.stringify({
        escalation: { rules: [{ id: 'occupancy-high', threshold: 1, label: 'Occupancy above 1%' }] },
        users: [{ username: 'amy', name: 'Amy Okafor', role: 'manager', passwordHash }],
      }),
    );
    server = await startWardflowProcess(baseEnv({ WARDS_CONFIG: wardsConfig, SESSION_SECRET: 'e2e-session-secret-of-at-least-32-characters' }));
    // Into the escalations room straight away: the wards' first polls are running as it joins.
    manager = await connect(server.url);
    sockets.push(manager);
    manager.on('escalation', (u) => {
      if (u.change === 'raised') raised.push(u);
    });
    const ack = await manager.timeout(10_000).emitWithAck('escalations:subscribe', {});
    if (!('data' in ack)) throw new Error(`escalations:subscribe failed: ${ack.error}`);
    initial = ack.data;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (password: string) =>
    fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amy', password }) });

  it('should push an escalation event to the manager screens when a ward crosses the threshold, once per crossing', async () => {
    const update = await nextEscalation(manager, (u) => u.change === 'raised' && u.escalation.rule === 'occupancy-high');
    expect(update.escalation).toMatchObject({ ruleLabel: 'Occupancy above 1%', kind: 'occupancy', subject: '' });
    expect(update.escalation.detail).toMatch(/^Occupancy \d+% \(\d+ of \d+ open beds; above 1%\)$/);
    expect(update.escalation.acknowledgedBy).toBeUndefined();
    expect(Date.parse(update.escalation.raisedAt)).toBeGreaterThan(0);

    // A second poll of that ward keeps the one escalation: no second row, no second event.
    const wardId = update.escalation.wardId;
    const before = raised.filter((u) => u.escalation.wardId === wardId && u.escalation.rule === 'occupancy-high').length;
    await fetch(`${server.url}/api/polls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wardId }) });
    await new Promise((r) => setTimeout(r, 3_000));
    const open = (await (await fetch(`${server.url}/api/escalations?state=open&wardId=${encodeURIComponent(wardId)}`)).json()) as EscalationView[];
    expect(open.filter((e) => e.rule === 'occupancy-high')).toHaveLength(1);
    expect(raised.filter((u) => u.escalation.wardId === wardId && u.escalation.rule === 'occupancy-high').length).toBe(before);
    expect(before).toBe(1);
    expect(initial.every((e) => e.id !== update.escalation.id)).toBe(true);
  });

  it('should refuse acknowledgement unsigned and with a wrong password, and push the acknowledgement by a signed-in user to the escalations and ward rooms', async () => {
    const open = (await (await fetch(`${server.url}/api/escalations?state=open`)).json()) as EscalationView[];
    const target = open.find((e) => e.rule === 'occupancy-high' && e.acknowledgedBy === undefined) as EscalationView;
    expect(target).toBeDefined();
    expect((await fetch(`${server.url}/api/escalations/${target.id}/acknowledge`, { method: 'POST' })).status).toBe(401);
    expect((await signIn('not the password')).status).toBe(401);

    const response = await signIn(PASSWORD);
    expect(response.status).toBe(200);
    expect((await response.json()) as SessionResponse).toEqual({ signedIn: true, username: 'amy', name: 'Amy Okafor', role: 'manager' });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const wallScreen = await connect(server.url);
    sockets.push(wallScreen);
    const board = await subscribe(wallScreen, target.wardId);
    expect('data' in board).toBe(true);
    const toManagers = nextEscalation(manager, (u) => u.change === 'acknowledged' && u.escalation.id === target.id, 15_000);
    const toWard = nextEscalation(wallScreen, (u) => u.change === 'acknowledged' && u.escalation.id === target.id, 15_000);
    const ack = await fetch(`${server.url}/api/escalations/${target.id}/acknowledge`, { method: 'POST', headers: { cookie } });
    expect(ack.status).toBe(200);
    for (const update of await Promise.all([toManagers, toWard])) {
      expect(update.escalation).toMatchObject({ id: target.id, acknowledgedBy: 'amy' });
      expect(update.escalation.resolvedAt).toBeUndefined();
    }
    const after = (await (await fetch(`${server.url}/api/escalations?state=open`)).json()) as EscalationView[];
    expect(after.find((e) => e.id === target.id)?.acknowledgedBy).toBe('amy');
  });

  it('should show the escalations live on /sites, sign in and acknowledge in Chromium (screenshot)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/sites`);
      const table = page.getByRole('table', { name: 'Open escalations' });
      await table.waitFor();
      await page.getByRole('form', { name: 'Sign in to acknowledge' }).waitFor();
      await page.getByLabel('Username').fill('amy');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      const buttons = page.getByRole('button', { name: /^Acknowledge / });
      const before = await buttons.count();
      expect(before).toBeGreaterThan(0);
      await buttons.first().click();
      await page.waitForFunction((n) => document.querySelectorAll('.esc-ack-button').length === n - 1, before);
      expect(await table.getByText('amy').count()).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(ARTIFACTS, 'escalations.png') });

      // The ward's wall screen names its open escalations in its header.
      const open = (await (await fetch(`${server.url}/api/escalations?state=open`)).json()) as EscalationView[];
      const ward = open[0]?.wardId ?? '';
      await page.goto(`${server.url}/wards/${encodeURIComponent(ward)}`);
      const line = page.getByTestId('ward-escalations');
      await line.waitFor();
      expect(await line.innerText()).toMatch(/\d+ escalations?/);
      await page.screenshot({ path: join(ARTIFACTS, 'ward-display-escalations.png') });
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
