/**
 * Escalation end to end on the demo trust, with a WARDS_CONFIG written here that lowers the occupancy
 * rule to "above 1%", so wards cross it deterministically on their first poll: the built server
 * polls, scores (BullMQ), evaluates the rules, and a socket.io-client in the escalations room receives
 * the `escalation` event; the demo bed manager signs in through the embedded OpenID provider,
 * acknowledges it, and the acknowledgement is pushed to the escalations room and to the ward's room
 * alike. Then Chromium signs in on /sites, acknowledges from the list, and saves a 1920x1080
 * screenshot (test/artifacts/escalations.png).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EscalationUpdate, EscalationView } from '@wardflow/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser, signInInBrowser } from '../support/browser.js';
import { signInAs, type Principal } from '../support/principals.js';
import { connect, subscribe, type WardSocket } from '../support/socket.js';
import { baseEnv, REPO_ROOT, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');

function nextEscalation(
  socket: WardSocket,
  predicate: (u: EscalationUpdate) => boolean,
  timeoutMs = 60_000,
): Promise<EscalationUpdate> {
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

  let bedManager: Principal;
  /** The demo bed manager's site: escalations there are theirs to acknowledge. */
  let site = '';

  beforeAll(async () => {
    const wardsConfig = join(dir, 'wards.json');
    writeFileSync(
      wardsConfig,
      JSON.stringify({ escalation: { rules: [{ id: 'occupancy-high', threshold: 1, label: 'Occupancy above 1%' }] } }),
    );
    // No history: this test joins the escalations room while the wards' first polls run.
    server = await startWardflowProcess(
      baseEnv({ WARDS_CONFIG: wardsConfig, SESSION_SECRET: 'e2e-session-secret-of-at-least-32-characters' }),
      { history: false },
    );
    // Into the escalations room straight away: the wards' first polls are running as it joins.
    manager = await connect(server.url, { token: server.token });
    sockets.push(manager);
    manager.on('escalation', (u) => {
      if (u.change === 'raised') raised.push(u);
    });
    const ack = await manager.timeout(10_000).emitWithAck('escalations:subscribe', {});
    if (!('data' in ack)) throw new Error(`escalations:subscribe failed: ${ack.error}`);
    initial = ack.data;
    bedManager = await signInAs(server, 'bedmanager');
    site = (bedManager.grants[0]?.sites as string[])[0] ?? '';
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const acknowledge = (id: number, headers: Record<string, string>) =>
    fetch(`${server.url}/api/escalations/${id}/acknowledge`, { method: 'POST', headers });

  it('should push an escalation event to the manager screens when a ward crosses the threshold, once per crossing', async () => {
    const update = await nextEscalation(
      manager,
      (u) => u.change === 'raised' && u.escalation.rule === 'occupancy-high',
    );
    expect(update.escalation).toMatchObject({ ruleLabel: 'Occupancy above 1%', kind: 'occupancy', subject: '' });
    expect(update.escalation.detail).toMatch(/^Occupancy \d+% \(\d+ of \d+ open beds; above 1%\)$/);
    expect(update.escalation.acknowledgedBy).toBeUndefined();
    expect(Date.parse(update.escalation.raisedAt)).toBeGreaterThan(0);

    // A second poll of that ward keeps the one escalation: no second row, no second event.
    const wardId = update.escalation.wardId;
    const before = raised.filter(
      (u) => u.escalation.wardId === wardId && u.escalation.rule === 'occupancy-high',
    ).length;
    await server.api(`/api/polls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ wardId }),
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const open = await server.json<EscalationView[]>(
      `/api/escalations?state=open&wardId=${encodeURIComponent(wardId)}`,
    );
    expect(open.filter((e) => e.rule === 'occupancy-high')).toHaveLength(1);
    expect(raised.filter((u) => u.escalation.wardId === wardId && u.escalation.rule === 'occupancy-high').length).toBe(
      before,
    );
    expect(before).toBe(1);
    expect(initial.every((e) => e.id !== update.escalation.id)).toBe(true);
  });

  it("should refuse acknowledgement unsigned, by ward staff and from a foreign page, and push the bed manager's acknowledgement to the escalations and ward rooms", async () => {
    const open = await server.json<EscalationView[]>(`/api/escalations?state=open`);
    const target = open.find(
      (e) => e.rule === 'occupancy-high' && e.acknowledgedBy === undefined && e.siteId === site,
    ) as EscalationView;
    expect(target).toBeDefined();
    expect((await acknowledge(target.id, { origin: server.url })).status).toBe(401);
    const nurse = await signInAs(server, 'nurse');
    expect((await acknowledge(target.id, nurse.headers)).status).toBe(403);
    expect((await acknowledge(target.id, { ...bedManager.headers, origin: 'https://attacker.example' })).status).toBe(
      403,
    );

    const wallScreen = await connect(server.url, { token: server.token });
    sockets.push(wallScreen);
    const board = await subscribe(wallScreen, target.wardId);
    expect('data' in board).toBe(true);
    const toManagers = nextEscalation(
      manager,
      (u) => u.change === 'acknowledged' && u.escalation.id === target.id,
      15_000,
    );
    const toWard = nextEscalation(
      wallScreen,
      (u) => u.change === 'acknowledged' && u.escalation.id === target.id,
      15_000,
    );
    const ack = await acknowledge(target.id, bedManager.headers);
    expect(ack.status).toBe(200);
    for (const update of await Promise.all([toManagers, toWard])) {
      expect(update.escalation).toMatchObject({ id: target.id, acknowledgedBy: 'Demo bed manager' });
      expect(update.escalation.resolvedAt).toBeUndefined();
    }
    const after = await server.json<EscalationView[]>(`/api/escalations?state=open`);
    expect(after.find((e) => e.id === target.id)?.acknowledgedBy).toBe('Demo bed manager');
  });

  it('should show the escalations live on /sites, sign in and acknowledge in Chromium (screenshot)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signInInBrowser(page, server, 'bedmanager', '/sites');
      const table = page.getByRole('table', { name: 'Open escalations' });
      await table.waitFor();
      const buttons = page.getByRole('button', { name: /^Acknowledge / });
      await buttons.first().waitFor();
      const before = await buttons.count();
      expect(before).toBeGreaterThan(0);
      await buttons.first().click();
      await page.waitForFunction((n) => document.querySelectorAll('.esc-ack-button').length === n - 1, before);
      expect(await table.getByText('Demo bed manager').count()).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(ARTIFACTS, 'escalations.png') });

      // The ward's wall screen names its open escalations in its header.
      const open = await server.json<EscalationView[]>(`/api/escalations?state=open`);
      const ward = open.find((e) => e.siteId === site)?.wardId ?? '';
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
