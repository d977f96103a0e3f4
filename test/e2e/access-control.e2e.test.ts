/**
 * SEC-2, SEC-4: every REST route and every socket event of a running server, called by everyone who
 * could call it: nobody (401), the wrong role (403), the right role for another ward or site (403),
 * and the right role in scope (the data). People sign in through the embedded OpenID provider, the
 * screen is enrolled by pairing code, the token is the demo's. The table must name every route the
 * server maps (read from its own start-up log) and every event in the shared contract, so a route or
 * event added without a policy and a row here fails this test.
 */
import {
  CLIENT_EVENT_NAMES,
  type Board,
  type DigestLedgerResponse,
  type Lead,
  type WardSummary,
} from '@wardflow/shared';
import { connect, type WardSocket } from '../support/socket.js';
import {
  ANONYMOUS,
  DEMO_USERS,
  enrolScreen,
  signInAs,
  tokenPrincipal,
  type Principal,
  type PrincipalName,
} from '../support/principals.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

type Expect = Partial<Record<PrincipalName, number | number[]>>;

interface RouteCase {
  /** As Nest maps it: "GET /api/wards/:wardId/board". */
  route: string;
  /** The concrete request. */
  path: () => string;
  body?: () => unknown;
  /** Expected status per principal; principals not named get `others`. */
  expect: Expect;
  others: number;
  /** Left out for principals it would disturb (signing out a session the table still uses). */
  only?: PrincipalName[];
}

describe('access control: every route and event, by role and scope', () => {
  let server: WardflowProcess;
  const who = new Map<PrincipalName, Principal>();
  let nurseWard = '';
  let site = '';
  let otherWard = '';
  let otherSite = '';
  let bedId = '';
  let leadId = '';
  let week = '';
  const sockets: WardSocket[] = [];

  beforeAll(async () => {
    server = await startWardflowProcess(baseEnv());
    for (const user of DEMO_USERS) who.set(user, await signInAs(server, user));
    who.set('token', tokenPrincipal(server));
    who.set('anonymous', ANONYMOUS);
    nurseWard = (who.get('nurse')?.grants[0]?.wards as string[])[0] ?? '';
    site = (who.get('bedmanager')?.grants[0]?.sites as string[])[0] ?? '';
    const wards = await server.json<WardSummary[]>('/api/wards');
    const elsewhere = wards.find((w) => w.siteId !== site) as WardSummary;
    otherWard = elsewhere.id;
    otherSite = elsewhere.siteId;
    expect(wards.find((w) => w.id === nurseWard)?.siteId).toBe(site);
    who.set('device', await enrolScreen(server, nurseWard));
    for (let i = 0; i < 120 && bedId === ''; i++) {
      const board = await server.json<Board>(`/api/wards/${nurseWard}/board`);
      bedId = board.beds.find((b) => b.patient !== null)?.id ?? '';
      if (bedId === '') await new Promise((r) => setTimeout(r, 500));
    }
    leadId = (await server.json<Lead[]>('/api/leads'))[0]?.id ?? '';
    week = (await server.json<DigestLedgerResponse>('/api/digests')).week;
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  const everyoneSignedIn = (status: number): Expect => ({
    nurse: status,
    bedmanager: status,
    lead: status,
    admin: status,
    safety: status,
    token: status,
    device: status,
  });

  const routes: RouteCase[] = [
    {
      route: 'GET /api/health',
      path: () => '/api/health',
      expect: { anonymous: 200, ...everyoneSignedIn(200) },
      others: 200,
    },
    {
      route: 'GET /api/session',
      path: () => '/api/session',
      expect: { anonymous: 200, ...everyoneSignedIn(200) },
      others: 200,
    },
    {
      route: 'DELETE /api/session',
      path: () => '/api/session',
      expect: { anonymous: 200, token: 200 },
      others: 200,
      only: ['anonymous', 'token'],
    },
    { route: 'GET /auth/login', path: () => '/auth/login', expect: {}, others: 303 },
    { route: 'GET /auth/callback', path: () => '/auth/callback?code=x&state=y', expect: {}, others: 303 },
    {
      route: 'GET /api/ready',
      path: () => '/api/ready',
      expect: { anonymous: 401, admin: [200, 503], token: [200, 503] },
      others: 403,
    },
    {
      route: 'GET /metrics',
      path: () => '/metrics',
      expect: { anonymous: 401, admin: 200, token: 200 },
      others: 403,
    },
    { route: 'GET /api/wards', path: () => '/api/wards', expect: { anonymous: 401 }, others: 200 },
    {
      route: 'GET /api/wards/:wardId/board',
      path: () => `/api/wards/${nurseWard}/board`,
      expect: { anonymous: 401, nurse: 200, bedmanager: 200, token: 200, device: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/board',
      path: () => `/api/wards/${otherWard}/board`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/board',
      path: () => `/api/wards/${'w'.repeat(200)}/board`,
      expect: { anonymous: 401 },
      others: 400,
    },
    {
      route: 'GET /api/wards/:wardId/huddle/actions',
      path: () => `/api/wards/${nurseWard}/huddle/actions`,
      expect: { anonymous: 401, nurse: 200, bedmanager: 200, token: 200, device: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/huddle/actions',
      path: () => `/api/wards/${otherWard}/huddle/actions`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/outcomes',
      path: () => `/api/wards/${nurseWard}/outcomes`,
      expect: { anonymous: 401, nurse: 200, bedmanager: 200, token: 200, device: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/outcomes',
      path: () => `/api/wards/${otherWard}/outcomes`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      // Recording is for ward staff of the ward, signed in: never a screen or a token. The body is
      // incomplete, so the nurse's call is refused at validation and nothing is recorded.
      route: 'POST /api/wards/:wardId/huddle/actions',
      path: () => `/api/wards/${nurseWard}/huddle/actions`,
      body: () => ({ text: 'x' }),
      expect: { anonymous: 401, nurse: 400 },
      others: 403,
    },
    {
      route: 'POST /api/wards/:wardId/huddle/actions',
      path: () => `/api/wards/${otherWard}/huddle/actions`,
      body: () => ({ text: 'x' }),
      expect: { anonymous: 401 },
      others: 403,
    },
    {
      route: 'POST /api/wards/:wardId/huddle/actions/:id/close',
      path: () => `/api/wards/${nurseWard}/huddle/actions/999999/close`,
      body: () => ({ status: 'done' }),
      expect: { anonymous: 401, nurse: 404 },
      others: 403,
    },
    {
      route: 'POST /api/polls',
      path: () => '/api/polls',
      body: () => ({ wardId: nurseWard }),
      expect: { anonymous: 401, bedmanager: 202, token: 202 },
      others: 403,
    },
    {
      route: 'POST /api/polls',
      path: () => '/api/polls',
      body: () => ({ wardId: otherWard }),
      expect: { anonymous: 401, token: 202 },
      others: 403,
    },
    {
      route: 'GET /api/heatmap',
      path: () => '/api/heatmap',
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/history',
      path: () => `/api/wards/${nurseWard}/history`,
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/sites',
      path: () => '/api/sites',
      expect: { anonymous: 401, bedmanager: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/sites/:siteId/beds',
      path: () => `/api/sites/${site}/beds`,
      expect: { anonymous: 401, bedmanager: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/sites/:siteId/beds',
      path: () => `/api/sites/${otherSite}/beds`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/sites/:siteId/flow',
      path: () => `/api/sites/${site}/flow`,
      expect: { anonymous: 401, bedmanager: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/sites/:siteId/flow',
      path: () => `/api/sites/${otherSite}/flow`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/escalations',
      path: () => '/api/escalations',
      expect: { anonymous: 401, nurse: 200, bedmanager: 200, token: 200, device: 200 },
      others: 403,
    },
    {
      route: 'GET /api/escalations',
      path: () => `/api/escalations?wardId=${otherWard}`,
      expect: { anonymous: 401, token: 200 },
      others: 403,
    },
    {
      route: 'POST /api/escalations/:id/acknowledge',
      path: () => '/api/escalations/999999/acknowledge',
      expect: { anonymous: 401, bedmanager: 404, token: 404 },
      others: 403,
    },
    {
      route: 'GET /api/leads',
      path: () => '/api/leads',
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/digests',
      path: () => '/api/digests',
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/digests/preview',
      path: () => `/api/digests/preview?lead=${leadId}`,
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'POST /api/digests/run',
      path: () => '/api/digests/run',
      body: () => ({}),
      expect: { anonymous: 401, lead: 202, token: 202 },
      others: 403,
    },
    {
      route: 'POST /api/digests/release',
      path: () => '/api/digests/release',
      body: () => ({ leadId, week }),
      expect: { anonymous: 401, lead: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/devices',
      path: () => '/api/devices',
      expect: { anonymous: 401, nurse: 200, admin: 200 },
      others: 403,
    },
    {
      route: 'POST /api/devices',
      path: () => '/api/devices',
      body: () => ({ code: 'AAA-AAA', name: 'Screen', wardId: nurseWard }),
      expect: { anonymous: 401, nurse: 404, admin: 404 },
      others: 403,
    },
    {
      route: 'POST /api/devices',
      path: () => '/api/devices',
      body: () => ({ code: 'AAA-AAA', name: 'Screen', wardId: otherWard }),
      expect: { anonymous: 401, admin: 404 },
      others: 403,
    },
    {
      route: 'POST /api/devices',
      path: () => '/api/devices',
      body: () => ({ code: 'AAA-AAA', name: 'Lobby', siteId: site }),
      expect: { anonymous: 401, admin: 404 },
      others: 403,
    },
    {
      route: 'DELETE /api/devices/:deviceId',
      path: () => '/api/devices/no-such-screen',
      expect: { anonymous: 401, nurse: 404, admin: 404 },
      others: 403,
    },
    {
      route: 'POST /api/devices/pairings',
      path: () => '/api/devices/pairings',
      body: () => ({}),
      expect: {},
      others: 201,
      only: ['anonymous'],
    },
    {
      route: 'GET /api/devices/pairings/current',
      path: () => '/api/devices/pairings/current',
      expect: {},
      others: 200,
    },
    { route: 'GET /api/tokens', path: () => '/api/tokens', expect: { anonymous: 401, admin: 200 }, others: 403 },
    {
      route: 'POST /api/tokens',
      path: () => '/api/tokens',
      body: () => ({ name: 'BI export', roles: ['inpatient-lead'], wards: '*', expiresInDays: 30 }),
      expect: { anonymous: 401, admin: 201 },
      others: 403,
    },
    {
      route: 'DELETE /api/tokens/:tokenId',
      path: () => '/api/tokens/no-such-token',
      expect: { anonymous: 401, admin: 404 },
      others: 403,
    },
    { route: 'GET /api/sessions', path: () => '/api/sessions', expect: { anonymous: 401, admin: 200 }, others: 403 },
    {
      route: 'DELETE /api/sessions/:sessionId',
      path: () => '/api/sessions/no-such-session',
      expect: { anonymous: 401, admin: 404 },
      others: 403,
    },
    {
      route: 'GET /api/audit',
      path: () => '/api/audit',
      expect: { anonymous: 401, admin: 200, safety: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/audit/verify',
      path: () => '/api/audit/verify',
      expect: { anonymous: 401, admin: 200, safety: 200, token: 200 },
      others: 403,
    },
    // A JSON body is not a history file (415): what matters here is who gets that far.
    {
      route: 'POST /api/history/import',
      path: () => '/api/history/import?dryRun=true',
      body: () => ({}),
      expect: { anonymous: 401, admin: 415, token: 415 },
      others: 403,
    },
    {
      route: 'GET /api/history/backfill',
      path: () => '/api/history/backfill',
      expect: { anonymous: 401, admin: 200, token: 200 },
      others: 403,
    },
    // Zero days is refused (400) after the guard, so no run starts whoever gets that far.
    {
      route: 'POST /api/history/backfill',
      path: () => '/api/history/backfill',
      body: () => ({ days: 0 }),
      expect: { anonymous: 401, admin: 400, token: 400 },
      others: 403,
    },
    // Likewise a JSON body is not a CSV export (415), so nothing is stored whoever gets that far.
    {
      route: 'POST /api/feeds/roster',
      path: () => '/api/feeds/roster?dryRun=true',
      body: () => ({}),
      expect: { anonymous: 401, admin: 415, token: 415 },
      others: 403,
    },
    {
      route: 'POST /api/feeds/incidents',
      path: () => '/api/feeds/incidents?dryRun=true',
      body: () => ({}),
      expect: { anonymous: 401, admin: 415, token: 415 },
      others: 403,
    },
    {
      route: 'GET /api/admin/config',
      path: () => '/api/admin/config',
      expect: { anonymous: 401, admin: 200, token: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/beds/:bedId/patient',
      path: () => `/api/wards/${nurseWard}/beds/${bedId}/patient`,
      expect: { anonymous: 401, nurse: 200 },
      others: 403,
    },
    {
      route: 'GET /api/wards/:wardId/beds/:bedId/patient',
      path: () => `/api/wards/${otherWard}/beds/${bedId}/patient`,
      expect: { anonymous: 401 },
      others: 403,
    },
  ];

  it('should name every route the server maps', () => {
    const mapped = [...server.output().matchAll(/Mapped \{([^,]+), (\w+)\} route/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(mapped.length).toBeGreaterThan(30);
    const covered = new Set(routes.map((r) => r.route));
    expect(mapped.filter((r) => !covered.has(r))).toEqual([]);
  });

  it.each(routes.map((r, i) => [`${r.route} (${i})`, r] as const))('%s', async (_name, route) => {
    const principals = route.only ?? (['anonymous', ...DEMO_USERS, 'token', 'device'] as PrincipalName[]);
    const results: Record<string, number> = {};
    const wanted: Record<string, number | number[]> = {};
    for (const name of principals) {
      const principal = who.get(name) as Principal;
      const body = route.body?.();
      const [method] = route.route.split(' ');
      const response = await fetch(`${server.url}${route.path()}`, {
        method,
        redirect: 'manual',
        headers: {
          ...principal.headers,
          ...(method !== 'GET' && principal.headers.origin === undefined && principal.name === 'anonymous'
            ? { origin: server.url }
            : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      await response.arrayBuffer();
      const expected = route.expect[name] ?? route.others;
      results[name] =
        Array.isArray(expected) && expected.includes(response.status) ? (expected[0] as number) : response.status;
      wanted[name] = Array.isArray(expected) ? (expected[0] as number) : expected;
    }
    expect(results).toEqual(wanted);
  });

  it('should give each caller only their own wards in the ward list', async () => {
    const list = async (name: PrincipalName) =>
      (
        (await (await fetch(`${server.url}/api/wards`, { headers: who.get(name)?.headers })).json()) as WardSummary[]
      ).map((w) => w.id);
    expect(await list('nurse')).toEqual([nurseWard]);
    expect(await list('device')).toEqual([nurseWard]);
    const all = (await server.json<WardSummary[]>('/api/wards')).map((w) => w.id);
    expect(new Set(await list('bedmanager'))).toEqual(
      new Set((await server.json<WardSummary[]>('/api/wards')).filter((w) => w.siteId === site).map((w) => w.id)),
    );
    expect((await list('lead')).sort()).toEqual([...all].sort());
  });

  const socketCases: Array<{
    event: (typeof CLIENT_EVENT_NAMES)[number];
    request: () => Record<string, unknown>;
    allowed: PrincipalName[];
  }> = [
    {
      event: 'ward:subscribe',
      request: () => ({ wardId: nurseWard }),
      allowed: ['nurse', 'bedmanager', 'token', 'device'],
    },
    { event: 'ward:subscribe', request: () => ({ wardId: otherWard }), allowed: ['token'] },
    { event: 'ward:subscribe', request: () => ({ wardId: 'x'.repeat(300) }), allowed: [] },
    { event: 'heatmap:subscribe', request: () => ({}), allowed: ['lead', 'token'] },
    { event: 'escalations:subscribe', request: () => ({}), allowed: ['nurse', 'bedmanager', 'token', 'device'] },
    { event: 'escalations:subscribe', request: () => ({ wardId: otherWard }), allowed: ['token'] },
    {
      event: 'ward:unsubscribe',
      request: () => ({ wardId: nurseWard }),
      allowed: ['nurse', 'bedmanager', 'token', 'device'],
    },
  ];

  it('should name every event a client may send', () => {
    expect(new Set(socketCases.map((c) => c.event))).toEqual(new Set(CLIENT_EVENT_NAMES));
  });

  it('should refuse a socket with no credential, and any socket from a foreign page whatever its credential', async () => {
    await expect(connect(server.url, {})).rejects.toMatchObject({
      message: 'unauthorised',
      data: { reason: 'no-credential' },
    });
    await expect(connect(server.url, { origin: server.url })).rejects.toMatchObject({ message: 'unauthorised' });
    for (const name of ['nurse', 'device'] as const) {
      await expect(
        connect(server.url, { ...who.get(name)?.socket, origin: 'https://attacker.example' }),
      ).rejects.toThrow();
    }
    await expect(connect(server.url, { token: server.token, origin: 'https://attacker.example' })).rejects.toThrow();
    await expect(connect(server.url, { token: 'not-a-token-of-this-trust-at-all-0123456789' })).rejects.toMatchObject({
      message: 'unauthorised',
    });
  });

  it.each(socketCases.map((c, i) => [`${c.event} ${i}`, c] as const))('socket %s', async (_name, c) => {
    const results: Record<string, boolean> = {};
    const wanted: Record<string, boolean> = {};
    for (const name of [...DEMO_USERS, 'token', 'device'] as const) {
      const socket = await connect(server.url, who.get(name)?.socket ?? {});
      sockets.push(socket);
      if (c.event === 'ward:unsubscribe') {
        // No acknowledgement: a refused unsubscribe changes nothing; the socket stays usable.
        socket.emit('ward:unsubscribe', c.request() as { wardId: string });
        results[name] = socket.connected;
        wanted[name] = true;
        continue;
      }
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck(c.event as 'heatmap:subscribe', c.request() as Record<string, never>)) as {
        data?: unknown;
        error?: string;
      };
      results[name] = ack.data !== undefined;
      wanted[name] = c.allowed.includes(name);
    }
    expect(results).toEqual(wanted);
  });
});
