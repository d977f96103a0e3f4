// The cost of access control (issue: security and governance), measured in one run on one server.
// Starts the compiled server in this process on the demo trust (the FHIR simulator, PGlite, Redis),
// waits for the first polls, then times GET of one ward's board:
//   - without auth: the same BoardService answer on a route added for this bench only, outside /api,
//     which no credential middleware or guard sees (same JSON, same process, same data);
//   - with an API token (Authorization: Bearer), and with a signed-in person's session cookie:
//     credential lookup in the database, the guard's scope check, and the ward lookup;
// and the sign-in round trip: /auth/login -> the provider's form -> password -> callback -> session,
// over real HTTP, with the ratios between them. Requests are sequential (one at a time), after warm-up.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSimulator } from '@wardflow/fhir-simulator';
import { startWardflow } from '../../server/dist/bootstrap.js';
import { loadConfig } from '../../server/dist/config/app-config.js';
import { BoardService } from '../../server/dist/wards/board.service.js';

const N = Number(process.env.BENCH_REQUESTS ?? 400);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 20);

const dataDir = mkdtempSync(join(tmpdir(), 'wardflow-auth-bench-'));
const token = `bench-${randomBytes(24).toString('base64url')}`;
const password = `pw-${randomBytes(9).toString('base64url')}`;
const simulator = await startSimulator({ seed: 1 });
const config = loadConfig(
  {
    WARDFLOW_DEMO: 'true',
    FHIR_BASE_URL: simulator.baseUrl,
    PORT: '0',
    WARDFLOW_DATA_DIR: dataDir,
    WARDFLOW_QUEUE_PREFIX: `wf-bench-${randomBytes(4).toString('hex')}`,
    DEMO_API_TOKEN: token,
    DEMO_PASSWORD: password,
    REDIS_URL: process.env.REDIS_URL,
  },
  { clientDistDir: null },
);
const running = await startWardflow(config, { logger: false });
const base = running.url;
const boards = running.app.get(BoardService);
running.app
  .getHttpAdapter()
  .get('/bench-unguarded/board/:wardId', async (req, res) => res.json(await boards.getBoard(req.params.wardId)));

try {
  const wards = await (await fetch(`${base}/api/wards`, { headers: { authorization: `Bearer ${token}` } })).json();
  const wardId = wards[0].id;
  for (let i = 0; i < 120; i++) {
    const board = await boards.getBoard(wardId);
    if (board?.asOf !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const cookie = await signIn('nurse');

  const variants = {
    'without auth': () => fetch(`${base}/bench-unguarded/board/${wardId}`),
    'API token': () => fetch(`${base}/api/wards/${wardId}/board`, { headers: { authorization: `Bearer ${token}` } }),
    'session cookie': () => fetch(`${base}/api/wards/${wardId}/board`, { headers: { cookie } }),
  };
  const results = {};
  for (const [name, call] of Object.entries(variants)) {
    for (let i = 0; i < 50; i++) await (await call()).arrayBuffer();
  }
  // Interleaved rounds, so drift (GC, the polls running in the background) falls on every variant alike.
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let i = 0; i < N; i++) {
    for (const [name, call] of Object.entries(variants)) {
      const started = performance.now();
      const response = await call();
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
      samples[name].push(performance.now() - started);
    }
  }
  for (const [name, list] of Object.entries(samples))
    results[name] = { p50: percentile(list, 0.5), p95: percentile(list, 0.95) };

  const signInTimes = [];
  for (let i = 0; i < SIGN_INS; i++) {
    const started = performance.now();
    await signIn(['nurse', 'bedmanager', 'lead', 'admin', 'safety'][i % 5]);
    signInTimes.push(performance.now() - started);
  }

  const bare = results['without auth'].p50;
  process.stdout.write(
    `\nAccess control cost: GET /api/wards/:id/board, ${N} requests per variant, interleaved, sequential\n`,
  );
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `  ${name.padEnd(15)} p50 ${r.p50.toFixed(2)} ms   p95 ${r.p95.toFixed(2)} ms   p50 ratio to without auth ${(r.p50 / bare).toFixed(2)}\n`,
    );
  }
  process.stdout.write(
    `  guard + credential lookup adds ${(results['session cookie'].p50 - bare).toFixed(2)} ms (session) and ${(results['API token'].p50 - bare).toFixed(2)} ms (token) at p50\n`,
  );
  process.stdout.write(
    `Sign-in round trip (login -> provider form -> password -> callback -> session), ${SIGN_INS} sign-ins: p50 ${percentile(signInTimes, 0.5).toFixed(0)} ms, p95 ${percentile(signInTimes, 0.95).toFixed(0)} ms; p50 ratio to one board request ${(percentile(signInTimes, 0.5) / results['session cookie'].p50).toFixed(0)}\n\n`,
  );
} finally {
  await running.close();
  await simulator.close();
  rmSync(dataDir, { recursive: true, force: true });
}

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The real flow over HTTP, cookies by hand: Wardflow -> provider -> form -> provider -> Wardflow. */
async function signIn(username) {
  const jar = new Map();
  const store = (url, response) => {
    const origin = new URL(url).origin;
    const cookies = jar.get(origin) ?? new Map();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '') cookies.delete(pair.slice(0, eq));
      else cookies.set(pair.slice(0, eq), value);
    }
    jar.set(origin, cookies);
  };
  const header = (url) => [...(jar.get(new URL(url).origin) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
  const follow = async (url, init = {}) => {
    let current = url;
    let request = init;
    for (let hop = 0; hop < 15; hop++) {
      const response = await fetch(current, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers ?? {}), cookie: header(current) },
      });
      store(current, response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { url: current, response };
      current = new URL(location, current).href;
      request = {};
    }
    throw new Error('too many redirects');
  };
  const form = await follow(`${base}/auth/login?returnTo=/`);
  const html = await form.response.text();
  const action = new URL(/action="([^"]+)"/.exec(html)[1], form.url).href;
  await follow(action, {
    method: 'POST',
    headers: { origin: new URL(action).origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const cookie = header(base);
  if (!cookie.includes('wardflow_session=')) throw new Error(`sign-in as ${username} failed`);
  return cookie;
}
