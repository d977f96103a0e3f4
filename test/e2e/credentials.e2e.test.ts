/**
 * Credentials end to end on a running server (SEC-2, SEC-3, SEC-5, SEC-6, SEC-8):
 * - sign-out and an admin's revoke end REST and socket access at once (the socket is told why);
 * - a wall screen enrolled by pairing code gets its ward's feed and nothing else, and when removed is
 *   disconnected within 5 s, told "device-revoked", and refused from then on;
 * - an API token works on REST and on the socket handshake, and stops at once when revoked;
 * - every audited action writes exactly one row, and the chain verifies;
 * - the sign-in back-off lets the right password in once it has passed;
 * - headers, the Origin allow-list and the absence of source maps, as a browser would meet them.
 */
import type {
  AccessEndedReason,
  AuditEntry,
  AuditPage,
  AuditVerification,
  Board,
  DevicesResponse,
  SessionView,
  TokenCreated,
  WardSummary,
} from '@wardflow/shared';
import { connect, subscribe, type WardSocket } from '../support/socket.js';
import { enrolScreen, signInAs, type Principal } from '../support/principals.js';
import { openLoginForm, submitLoginForm } from '../support/sign-in.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

describe('credentials: sessions, screens, tokens, audit and hardening', () => {
  let server: WardflowProcess;
  let admin: Principal;
  let safety: Principal;
  let wardId = '';
  const sockets: WardSocket[] = [];

  beforeAll(async () => {
    server = await startWardflowProcess(baseEnv());
    admin = await signInAs(server, 'admin');
    safety = await signInAs(server, 'safety');
    wardId = (((await signInAs(server, 'nurse')).grants[0]?.wards as string[]) ?? [])[0] ?? '';
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  const get = (principal: Principal, path: string) => fetch(`${server.url}${path}`, { headers: principal.headers });
  const send = (principal: Principal, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...principal.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ended = (socket: WardSocket) =>
    new Promise<{ reason: AccessEndedReason; disconnectedAfterMs: number }>((resolve) => {
      const started = Date.now();
      let reason: AccessEndedReason | null = null;
      socket.once('access:ended', (payload) => (reason = payload.reason));
      socket.once('disconnect', () =>
        resolve({ reason: reason ?? ('none' as AccessEndedReason), disconnectedAfterMs: Date.now() - started }),
      );
    });
  const auditRows = async (action: string): Promise<AuditEntry[]> =>
    ((await (await get(safety, `/api/audit?action=${action}&limit=500`)).json()) as AuditPage).entries;

  it('should end REST and socket access at once when a person signs out', async () => {
    const nurse = await signInAs(server, 'nurse');
    const socket = await connect(server.url, nurse.socket);
    sockets.push(socket);
    expect('data' in (await subscribe(socket, wardId))).toBe(true);
    const closing = ended(socket);
    const before = (await auditRows('auth.sign-out')).length;
    expect((await send(nurse, 'DELETE', '/api/session')).status).toBe(200);
    expect(await closing).toMatchObject({ reason: 'signed-out' });
    expect((await closing).disconnectedAfterMs).toBeLessThan(2_000);
    const after = await get(nurse, `/api/wards/${wardId}/board`);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ reason: 'signed-out' });
    await expect(connect(server.url, nurse.socket)).rejects.toMatchObject({
      message: 'unauthorised',
      data: { reason: 'signed-out' },
    });
    expect((await auditRows('auth.sign-out')).length).toBe(before + 1);
  });

  it('should end a session at once when an admin revokes it, and audit the revoke once', async () => {
    const manager = await signInAs(server, 'bedmanager');
    const socket = await connect(server.url, manager.socket);
    sockets.push(socket);
    const sessions = (await (await get(admin, '/api/sessions')).json()) as SessionView[];
    const target = sessions.find((s) => s.userName === 'Demo bed manager' && !s.current) as SessionView;
    expect(target).toBeDefined();
    expect(sessions.find((s) => s.current)?.userName).toBe('Demo admin');
    const closing = ended(socket);
    expect(await (await send(admin, 'DELETE', `/api/sessions/${target.id}`)).json()).toEqual({ revoked: true });
    expect((await closing).reason).toBe('session-revoked');
    expect((await get(manager, '/api/sites')).status).toBe(401);
    expect(await (await send(admin, 'DELETE', `/api/sessions/${target.id}`)).json()).toEqual({ revoked: false });
    const revokes = (await auditRows('session.revoke')).filter((e) => e.detail.sessionId === target.id);
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ actorName: 'Demo admin', role: 'admin', outcome: 'success' });
  });

  it('should give an enrolled screen its own ward only, and disconnect it within 5 s of removal', async () => {
    const before = (await auditRows('device.enrol')).length;
    const screen = await enrolScreen(server, wardId, 'Ash Ward station');
    expect((await auditRows('device.enrol')).length).toBe(before + 1);
    const board = (await (await get(screen, `/api/wards/${wardId}/board`)).json()) as Board;
    expect(board.ward.id).toBe(wardId);
    const other = (await server.json<WardSummary[]>('/api/wards')).find((w) => w.id !== wardId) as WardSummary;
    expect((await get(screen, `/api/wards/${other.id}/board`)).status).toBe(403);
    expect((await get(screen, `/api/wards/${wardId}/beds/x/patient`)).status).toBe(403);
    const socket = await connect(server.url, screen.socket);
    sockets.push(socket);
    expect('data' in (await subscribe(socket, wardId))).toBe(true);
    expect(await subscribe(socket, other.id)).toEqual({ error: 'Your role does not cover this ward or site.' });

    const listed = (await (await get(admin, '/api/devices')).json()) as DevicesResponse;
    expect(listed.devices.find((d) => d.id === screen.device.id)).toMatchObject({
      name: 'Ash Ward station',
      binding: { kind: 'ward', wardId },
      revokedAt: null,
    });
    const closing = ended(socket);
    const removedAt = Date.now();
    expect(await (await send(admin, 'DELETE', `/api/devices/${screen.device.id}`)).json()).toEqual({ revoked: true });
    const result = await closing;
    expect(result.reason).toBe('device-revoked');
    expect(Date.now() - removedAt).toBeLessThan(5_000);
    const refused = await get(screen, `/api/wards/${wardId}/board`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ reason: 'device-revoked', message: 'This screen has been removed.' });
    await expect(connect(server.url, screen.socket)).rejects.toMatchObject({ data: { reason: 'device-revoked' } });
    expect((await auditRows('device.revoke')).filter((e) => e.detail.deviceId === screen.device.id)).toHaveLength(1);
  });

  it('should accept a token on REST and on the socket, report its identity, and stop it at once when revoked', async () => {
    const created = (await (
      await send(admin, 'POST', '/api/tokens', {
        name: 'Ward BI feed',
        roles: ['ward-staff'],
        wards: [wardId],
        expiresInDays: 7,
      })
    ).json()) as TokenCreated;
    expect(created.secret).toMatch(/^wft_/);
    expect(created.token).toMatchObject({
      name: 'Ward BI feed',
      roles: ['ward-staff'],
      wards: [wardId],
      prefix: created.secret.slice(0, 10),
    });
    const listed = await (await get(admin, '/api/tokens')).text();
    expect(listed).not.toContain(created.secret);
    const bearer = { authorization: `Bearer ${created.secret}` };
    const session = await (await fetch(`${server.url}/api/session`, { headers: bearer })).json();
    expect(session).toMatchObject({
      signedIn: true,
      identity: { kind: 'token', id: created.token.id, name: 'Ward BI feed' },
    });
    expect((await fetch(`${server.url}/api/wards/${wardId}/board`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${server.url}/api/heatmap`, { headers: bearer })).status).toBe(403);
    const viaAuth = await connect(server.url, { token: created.secret });
    const viaHeader = await connect(server.url, { authorization: `Bearer ${created.secret}` });
    sockets.push(viaAuth, viaHeader);
    expect('data' in (await subscribe(viaAuth, wardId))).toBe(true);
    const closing = [ended(viaAuth), ended(viaHeader)];
    expect(await (await send(admin, 'DELETE', `/api/tokens/${created.token.id}`)).json()).toEqual({ revoked: true });
    expect((await Promise.all(closing)).map((c) => c.reason)).toEqual(['token-revoked', 'token-revoked']);
    expect(await (await fetch(`${server.url}/api/wards/${wardId}/board`, { headers: bearer })).json()).toMatchObject({
      reason: 'token-revoked',
    });
    expect((await auditRows('token.create')).filter((e) => e.detail.tokenId === created.token.id)).toHaveLength(1);
    expect((await auditRows('token.revoke')).filter((e) => e.detail.tokenId === created.token.id)).toHaveLength(1);
  });

  it('should audit each patient detail view once, with the patient, and refusals as denied', async () => {
    const nurse = await signInAs(server, 'nurse');
    let bedId = '';
    for (let i = 0; i < 60 && bedId === ''; i++) {
      bedId = (await server.json<Board>(`/api/wards/${wardId}/board`)).beds.find((b) => b.patient !== null)?.id ?? '';
      if (bedId === '') await new Promise((r) => setTimeout(r, 500));
    }
    const before = await auditRows('patient.view');
    const detail = await get(nurse, `/api/wards/${wardId}/beds/${bedId}/patient`);
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as { patient: { fhirId: string; nhsNumber: string | null } };
    expect(body.patient.nhsNumber).toMatch(/^\d{10}$/);
    expect((await get(admin, `/api/wards/${wardId}/beds/${bedId}/patient`)).status).toBe(403);
    const after = await auditRows('patient.view');
    const added = after.filter((e) => !before.some((b) => b.seq === e.seq));
    expect(added.map((e) => [e.outcome, e.actorName, e.role, e.wardId, e.patientId])).toEqual([
      ['denied', 'Demo admin', 'admin', wardId, null],
      ['success', 'Demo ward nurse', 'ward-staff', wardId, body.patient.fhirId],
    ]);
    const verification = (await (await get(safety, '/api/audit/verify')).json()) as AuditVerification;
    expect(verification).toMatchObject({ ok: true });
    expect(verification.rowsChecked).toBeGreaterThan(5);
    const csv = await get(safety, `/api/audit?format=csv&action=patient.view`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe(
      'seq,at,actor_kind,actor_id,actor_name,role,action,outcome,ward_id,patient_id,detail,address,hash',
    );
  });

  it('should write one audit row for each sign-in, failed sign-in, poll request and digest run', async () => {
    const counts = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        await Promise.all(
          ['auth.sign-in', 'auth.sign-in-failed', 'poll.request', 'digest.run'].map(
            async (a) => [a, (await auditRows(a)).length] as const,
          ),
        ),
      );
    const before = await counts();
    const lead = await signInAs(server, 'lead');
    const failed = await fetch(`${server.url}/auth/callback?code=stolen&state=guessed`, { redirect: 'manual' });
    expect(failed.headers.get('location')).toBe('/signed-out?reason=expired');
    const manager = await signInAs(server, 'bedmanager');
    expect((await send(manager, 'POST', '/api/polls', { wardId })).status).toBe(202);
    expect((await send(lead, 'POST', '/api/digests/run', {})).status).toBe(202);
    expect(await counts()).toEqual({
      'auth.sign-in': (before['auth.sign-in'] ?? 0) + 2,
      'auth.sign-in-failed': (before['auth.sign-in-failed'] ?? 0) + 1,
      'poll.request': (before['poll.request'] ?? 0) + 1,
      'digest.run': (before['digest.run'] ?? 0) + 1,
    });
    const [poll] = await auditRows('poll.request');
    expect(poll).toMatchObject({
      actorName: 'Demo bed manager',
      role: 'bed-manager',
      wardId,
      outcome: 'success',
      address: expect.stringMatching(/127\.0\.0\.1/),
    });
  });

  it('should back off after wrong passwords, longer each time, then let the right one in', async () => {
    // Five wrong passwords are free; after that each one doubles the wait (1 s, 2 s, 4 s ... at most 5 min).
    const waits: number[] = [];
    for (let attempt = 0; attempt < 20 && (waits.at(-1) ?? 0) < 4; attempt++) {
      const answer = await submitLoginForm(server.url, await openLoginForm(server.url), 'lead', 'wrong password');
      if (answer.formStatus === 429) {
        const wait = Number(/wait (\d+) s/.exec(answer.formBody)?.[1]);
        waits.push(wait);
        await new Promise((r) => setTimeout(r, wait * 1_000 + 100));
      } else {
        expect(answer.formStatus).toBe(401);
      }
    }
    expect(waits).toEqual([1, 2, 4]);
    await submitLoginForm(server.url, await openLoginForm(server.url), 'lead', 'wrong password');
    // The right password while backing off is refused too (or guessing would be free), and says how long.
    const refused = await submitLoginForm(server.url, await openLoginForm(server.url), 'lead', server.password);
    expect(refused.formStatus).toBe(429);
    const wait = Number(/Too many wrong passwords: wait (\d+) s/.exec(refused.formBody)?.[1]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(8);
    await new Promise((r) => setTimeout(r, wait * 1_000 + 200));
    const accepted = await submitLoginForm(server.url, await openLoginForm(server.url), 'lead', server.password);
    expect(accepted.cookie).toMatch(/wardflow_session=/);
  }, 120_000);

  it('should send strict security headers, never cache the API, serve no source maps, and refuse foreign pages', async () => {
    const page = await fetch(`${server.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.headers.get('strict-transport-security')).toBeNull();
    const api = await server.api('/api/wards');
    expect(api.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    for (const script of html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)) {
      const asset = await fetch(`${server.url}${script[1]}`);
      expect((await asset.text()).includes('sourceMappingURL')).toBe(false);
      expect((await fetch(`${server.url}${script[1]}.map`)).status).toBe(404);
    }
    // A foreign page, with a session cookie or a token, with JSON or a form: refused before anything runs.
    const nurse = await signInAs(server, 'nurse');
    const foreign = { origin: 'https://attacker.example' };
    expect(
      (
        await fetch(`${server.url}/api/polls`, {
          method: 'POST',
          headers: { ...nurse.headers, ...foreign, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${server.url}/api/digests/run`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.token}`, ...foreign, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${server.url}/api/session`, {
          method: 'DELETE',
          headers: { cookie: nurse.headers.cookie ?? '', 'sec-fetch-site': 'cross-site' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie: nurse.headers.cookie ?? '' } }))
        .status,
    ).toBe(403);
    expect((await get(nurse, `/api/wards/${wardId}/board`)).status).toBe(200);
    // Nor may another site's link open anything under /api, a GET included (it would audit a view under the nurse's name).
    expect(
      (
        await fetch(`${server.url}/api/wards/${wardId}/board`, {
          headers: { cookie: nurse.headers.cookie ?? '', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
        })
      ).status,
    ).toBe(403);
    // A form-encoded body is not read at all: the route sees no lead and week, and says what it expected.
    const form = await fetch(`${server.url}/api/digests/release`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'leadId=matron-1&week=2026-11-30',
    });
    expect(form.status).toBe(400);
    // And an API token never manages credentials, whatever roles it holds.
    expect((await server.api('/api/tokens')).status).toBe(403);
  });
});
