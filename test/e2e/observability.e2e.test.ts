/**
 * What a trust's IT team watches: JSON log lines with request ids and no patient data, and Prometheus
 * metrics at GET /metrics for a caller with an API token (issue 14, item 4).
 */
import type { Board, PatientDetail, TokenCreated, WardSummary } from '@wardflow/shared';
import { eventually } from '../support/eventually.js';
import { adminOf, signInAs, type Principal } from '../support/principals.js';
import { connect, type WardSocket } from '../support/socket.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';

interface LogLine {
  level: string;
  time: string;
  msg: string;
  requestId?: string;
  req?: { id: string; method: string };
  route?: string;
  clientRequestId?: string;
  res?: { statusCode: number };
  [key: string]: unknown;
}

/** One sample of a metric in Prometheus text: its value, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

/** The process's JSON log lines (the start banner and the demo's sign-in help are plain text for people). */
function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('observability', () => {
  let server: WardflowProcess;
  let nurse: Principal;
  let wardId = '';
  let bedId = '';

  beforeAll(async () => {
    server = await startWardflowProcess(baseEnv());
    nurse = await signInAs(server, 'nurse');
    wardId = (nurse.grants[0]?.wards as string[])[0] ?? '';
    for (let i = 0; i < 120 && bedId === ''; i++) {
      const board = await server.json<Board>(`/api/wards/${wardId}/board`);
      bedId = board.beds.find((b) => b.patient !== null)?.id ?? '';
      if (bedId === '') await new Promise((r) => setTimeout(r, 500));
    }
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('should write every log line as JSON with a level, a time and a message', () => {
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const json = logLines(server.output());
    expect(json.length).toBeGreaterThan(20);
    for (const line of json) {
      expect(typeof line.level).toBe('string');
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(typeof line.msg).toBe('string');
    }
    // Besides the JSON lines, only the start banner and the demo's sign-in help (for the person who
    // started it), and the embedded OpenID provider library's warnings (demo only).
    const text = lines.filter((line) => !line.startsWith('{'));
    for (const line of text)
      expect(line).toMatch(
        /^(Wardflow is running|DEMO sign-in|  Sign in at|    [a-z]+ +Demo |oidc-provider WARNING: )/,
      );
  });

  it("should log each request once under an id of its own, sent back, with the caller's X-Request-Id beside it", async () => {
    const given = `huddle-check-${Date.now()}`;
    const response = await fetch(`${server.url}/api/wards/${wardId}/beds/${bedId}/patient`, {
      headers: { ...nurse.headers, 'x-request-id': given },
    });
    expect(response.status).toBe(200);
    const ours = response.headers.get('x-request-id') ?? '';
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    const anonymous = await fetch(`${server.url}/api/wards/${wardId}/board`);
    expect(anonymous.status).toBe(401);
    const generated = anonymous.headers.get('x-request-id') ?? '';
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    // A caller's id that could forge log content is not logged at all.
    const forged = await fetch(`${server.url}/api/wards`, { headers: { 'x-request-id': 'x"} {"level":"fatal"' } });
    const forgedId = forged.headers.get('x-request-id') ?? '';
    expect(forgedId).toMatch(/^[0-9a-f-]{36}$/);

    await new Promise((r) => setTimeout(r, 300));
    const lines = logLines(server.output());
    const detail = lines.filter((l) => l.requestId === ours);
    expect(detail).toHaveLength(1);
    expect(detail[0]?.req).toEqual({ id: ours, method: 'GET' });
    // The caller's id beside ours, never instead of it.
    expect(detail[0]?.clientRequestId).toBe(given);
    expect(lines.filter((l) => l.requestId === given)).toEqual([]);
    expect(detail[0]?.route).toBe('/api/wards/:wardId/beds/:bedId/patient');
    expect(detail[0]?.res).toEqual({ statusCode: 200 });
    expect(lines.find((l) => l.requestId === forgedId)?.clientRequestId).toBeUndefined();
    // A path no route matches is not written as typed.
    const typed = await fetch(`${server.url}/api/patients/9434765919/NHS`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const typedId = typed.headers.get('x-request-id') ?? '';
    await new Promise((r) => setTimeout(r, 300));
    const unmatched = logLines(server.output()).find((l) => l.requestId === typedId);
    expect(unmatched?.route).toBe('(no route)');
    expect(JSON.stringify(unmatched)).not.toContain('9434765919');
    const refused = lines.filter((l) => l.requestId === generated);
    expect(refused.map((l) => [l.level, l.route, l.res?.statusCode])).toEqual([
      ['warn', '/api/wards/:wardId/board', 401],
    ]);
  });

  it('should never log a patient identifier, name or date of birth, nor a credential', async () => {
    // Every patient of the simulated trust, from its FHIR server, after views of patient detail.
    const seen: PatientDetail[] = [];
    const wards = await server.json<WardSummary[]>('/api/wards');
    for (const ward of wards.filter((w) => w.id === wardId)) {
      const board = await server.json<Board>(`/api/wards/${ward.id}/board`);
      for (const bed of board.beds.filter((b) => b.patient !== null).slice(0, 5)) {
        const response = await fetch(`${server.url}/api/wards/${ward.id}/beds/${bed.id}/patient`, {
          headers: nurse.headers,
        });
        expect(response.status).toBe(200);
        seen.push((await response.json()) as PatientDetail);
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    const bundle = (await (await fetch(`${server.fhirBaseUrl}/Patient?_count=1000`)).json()) as {
      entry?: Array<{
        resource: {
          id: string;
          birthDate?: string;
          name?: Array<{ family?: string; given?: string[] }>;
          identifier?: Array<{ value?: string }>;
        };
      }>;
    };
    const patients = (bundle.entry ?? []).map((e) => e.resource);
    expect(patients.length).toBeGreaterThan(50);
    const forbidden = new Set<string>();
    for (const patient of patients) {
      for (const identifier of patient.identifier ?? []) if (identifier.value) forbidden.add(identifier.value);
      if (patient.birthDate) forbidden.add(patient.birthDate);
      for (const name of patient.name ?? []) {
        if (name.family && name.given?.[0]) forbidden.add(`${name.given[0]} ${name.family}`);
        if (name.family && name.family.length >= 6) forbidden.add(name.family);
      }
      forbidden.add(`Patient/${patient.id}`);
    }
    for (const detail of seen) {
      for (const value of [detail.patient.name, detail.patient.nhsNumber, detail.patient.birthDate])
        if (value) forbidden.add(value);
    }
    forbidden.add(server.token);
    forbidden.add(server.password);
    await new Promise((r) => setTimeout(r, 300));
    const logs = logLines(server.output())
      .map((line) => JSON.stringify(line))
      .join('\n');
    const leaked = [...forbidden].filter((value) => logs.includes(value));
    expect(leaked).toEqual([]);
    // Sessions travel in cookies: no cookie value reaches the log either.
    const cookieValue = nurse.headers.cookie?.split(';')[0]?.split('=')[1] ?? '';
    expect(cookieValue.length).toBeGreaterThan(10);
    expect(logs.includes(cookieValue)).toBe(false);
  });

  describe('GET /metrics', () => {
    const sockets: WardSocket[] = [];
    afterAll(() => sockets.forEach((s) => s.disconnect()));

    it('should refuse anyone without service.status, and a foreign page', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: nurse.headers })).status).toBe(403);
      const foreign = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${server.token}`, 'sec-fetch-site': 'cross-site' },
      });
      expect(foreign.status).toBe(403);
    });

    it('should let a token with only the monitoring role read metrics and readiness, and nothing else', async () => {
      const admin = await adminOf(server);
      const created = await fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Prometheus', roles: ['monitoring'], expiresInDays: 90 }),
      });
      expect(created.status).toBe(201);
      const { secret } = (await created.json()) as TokenCreated;
      const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secret}` } });
      expect((await get('/metrics')).status).toBe(200);
      expect((await get('/api/ready')).status).toBe(200);
      for (const refused of [
        '/api/wards/' + wardId + '/board',
        '/api/audit',
        '/api/tokens',
        '/api/heatmap',
        '/api/admin/config',
      ])
        expect([refused, (await get(refused)).status]).toEqual([refused, 403]);
    });

    it('should serve the polls, FHIR requests, queues, sockets, board ages and digest emails', async () => {
      sockets.push(await connect(server.url, { token: server.token }));
      sockets.push(await connect(server.url, nurse.socket));
      const run = await server.api('/api/digests/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(run.status).toBe(202);
      const text = await eventually(
        async () => {
          const response = await server.api('/metrics');
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
          return response.text();
        },
        (body) => (sample(body, 'wardflow_digest_runs_total', { result: 'complete' }) ?? 0) >= 1,
        'a complete digest run counted',
      );
      const wards = await server.json<WardSummary[]>('/api/wards');
      for (const ward of wards) {
        // Every ward polled at least once, its board young and current.
        expect(
          sample(text, 'wardflow_poll_duration_seconds_count', { ward: ward.id, outcome: 'new-version' }),
        ).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'wardflow_board_age_seconds', { ward: ward.id })).toBeLessThan(600);
        expect(sample(text, 'wardflow_board_stale', { ward: ward.id })).toBe(0);
      }
      expect(sample(text, 'wardflow_fhir_requests_total', { status: '200' })).toBeGreaterThan(wards.length);
      expect(sample(text, 'wardflow_queue_jobs', { queue: 'ward-poll', state: 'failed' })).toBe(0);
      expect(sample(text, 'wardflow_queue_jobs', { queue: 'weekly-digest', state: 'active' })).toBe(0);
      expect(sample(text, 'wardflow_socket_connections', { kind: 'token' })).toBe(1);
      expect(sample(text, 'wardflow_socket_connections', { kind: 'user' })).toBe(1);
      expect(sample(text, 'wardflow_digest_emails_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'wardflow_digest_emails_total', { outcome: 'failed' })).toBe(0);
      expect(sample(text, 'wardflow_process_resident_memory_bytes')).toBeGreaterThan(0);
      // Logged once, like every request (outside the /api prefix the logging middleware runs twice).
      const scrape = await server.api('/metrics');
      const scrapeId = scrape.headers.get('x-request-id') ?? '';
      await new Promise((r) => setTimeout(r, 300));
      expect(logLines(server.output()).filter((l) => l.requestId === scrapeId)).toHaveLength(1);
      // Labels name wards, queues and outcomes only.
      const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1] ?? '');
      const allowed = new Set([...wards.map((w) => w.id)]);
      const unexpected = labelValues.filter((v) => !allowed.has(v) && !/^[a-z0-9_.+-]*$/i.test(v));
      expect(unexpected).toEqual([]);
    });
  });

  describe('the job queues view (bull-board)', () => {
    it('should show the queues to a signed-in admin only, read only, under a policy that calls nobody outside', async () => {
      const admin = await adminOf(server);
      const page = await fetch(`${server.url}/api/admin/queues/`, { headers: admin.headers });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toMatch(/https?:/);
      const queues = await fetch(`${server.url}/api/admin/queues/api/queues?activeQueue=ward-poll&status=completed`, {
        headers: admin.headers,
      });
      expect(queues.status).toBe(200);
      const { queues: list } = (await queues.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
      expect(list.map((q) => q.name).sort()).toEqual(
        ['feed-scan', 'history-backfill', 'history-maintenance', 'ward-poll', 'ward-score', 'weekly-digest'].sort(),
      );
      expect(list.every((q) => q.readOnlyMode)).toBe(true);
      // Nothing can be retried, cleaned or emptied from here, even by an admin.
      const retry = await fetch(`${server.url}/api/admin/queues/api/queues/ward-poll/retry/failed`, {
        method: 'PUT',
        headers: admin.headers,
      });
      expect(retry.status).toBe(405);
      expect((await fetch(`${server.url}/api/admin/queues/api/redis/stats`, { headers: admin.headers })).status).toBe(
        404,
      );
      // Without the trailing slash the page's relative links would break: it redirects.
      const bare = await fetch(`${server.url}/api/admin/queues`, { headers: admin.headers, redirect: 'manual' });
      expect([bare.status, bare.headers.get('location')]).toEqual([302, '/api/admin/queues/']);

      expect((await fetch(`${server.url}/api/admin/queues/`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/admin/queues/`, { headers: nurse.headers })).status).toBe(403);
      // People only: an API token, even one holding every role, is refused.
      expect((await server.api('/api/admin/queues/api/queues')).status).toBe(403);
    });
  });
});
